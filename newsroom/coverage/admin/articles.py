"""Stories in admin: the editorial workflow, citation review and corrections."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from newsroom.coverage.admin.quality import quality_report
from newsroom.coverage.admin.uploads import read_upload, render_import_form, upload_size_validator
from newsroom.coverage.importers.errors import DocumentError, MissingSource
from newsroom.coverage.models import Article, Citation, Correction, PublicationStatus, Source
from newsroom.coverage.quality import check_article
from newsroom.coverage.services import (
    add_correction,
    publish,
    story_import,
    submit_for_review,
    suggest_citations,
    withdraw,
)
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.publishing import (
    PUBLISH,
    PUBLISHING_STATUSES,
    may_set_citation_status,
    may_set_status,
    record_slug_change,
    record_status_change,
    set_citation_status,
)

STALE = (
    "Someone else saved this story after you opened it. Your changes were not saved: "
    "copy them, reload the page to see the other changes, and apply yours again."
)


class ArticleForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "source",
            "other_sources",
            "source_url",
            "byline",
            "dateline",
            "people",
            "events",
            "places",
            "status",
            "publish_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        self.previous_status = self.instance.status if self.instance.pk else None

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if not may_set_status(self.user, previous=self.previous_status, status=status):
            self.add_error("status", "Only editors may publish, schedule or withdraw stories.")
        if status == PublicationStatus.SCHEDULED:
            when = data.get("publish_at")
            if when is None or (when <= timezone.now() and "publish_at" in self.changed_data):
                self.add_error("publish_at", "A scheduled story needs a time in the future.")
        if self.instance.pk:
            # Lock the row until this save commits: the admin wraps it in a transaction.
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            expected = data.get("expected_version")
            if current is not None and expected is not None and current != expected:
                raise ValidationError(STALE, code="stale")
        return data


class CitationInlineForm(forms.ModelForm):
    user = None

    class Meta:
        model = Citation
        fields = ["quote", "segment", "relation", "status"]

    def clean(self):
        data = super().clean()
        previous = self.instance.status if self.instance.pk else None
        if not may_set_citation_status(self.user, previous=previous, status=data.get("status")):
            self.add_error("status", "Only editors may confirm or reject citations.")
        return data


class CitationInline(admin.TabularInline):
    model = Citation
    form = CitationInlineForm
    extra = 0
    fields = ["quote", "segment", "passage", "relation", "status", "score", "explanation"]
    readonly_fields = ["passage", "score", "explanation"]
    autocomplete_fields = ["segment"]
    ordering = ["status", "-score"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("segment__transcript", "segment__speaker")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.user = request.user
        return formset

    @admin.display(description="Passage")
    def passage(self, citation):
        segment = citation.segment
        speaker = segment.speaker.name if segment.speaker else "Narration"
        return format_html(
            '<a href="{}" target="_blank">{} ¶{}</a><br><strong>{}:</strong> {}',
            segment.get_absolute_url(),
            segment.transcript.title,
            segment.position,
            speaker,
            segment.text[:300],
        )

    @admin.display(description="Why suggested")
    def explanation(self, citation):
        return citation.note


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["headline", "status", "published_at", "publish_at", "source"]
    list_select_related = ["source"]
    list_filter = ["status", "source"]
    search_fields = ["headline", "slug", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source", "other_sources", "people", "events", "places"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["data_quality", "published_at", "last_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "data_quality"]}),
        ("Sources", {"fields": ["source", "other_sources", "source_url", "byline", "dateline"]}),
        ("About", {"fields": ["people", "events", "places"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "published_at",
                    "last_published_at",
                    "updated_at",
                    "expected_version",
                ]
            },
        ),
    ]
    inlines = [CitationInline, CorrectionInline]
    actions = ["publish_selected", "withdraw_selected"]
    change_form_template = "admin/coverage/article/change_form.html"
    change_list_template = "admin/coverage/article/change_list.html"

    @admin.display(description="Data-quality warnings")
    def data_quality(self, article):
        return quality_report(check_article(article)) if article.pk else "—"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        if not request.user.has_perm(PUBLISH) and "status" in form.base_fields:
            allowed = {PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW}
            if obj is not None:
                allowed.add(obj.status)
            field = form.base_fields["status"]
            field.choices = [c for c in field.choices if c[0] in allowed]
        return form

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status in PUBLISHING_STATUSES
            and not request.user.has_perm(PUBLISH)
        ):
            return False  # reporters work on drafts; published stories are the editors'
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def save_model(self, request, obj, form, change):
        loaded = getattr(obj, "_loaded", {})
        previous_status, old_slug = loaded.get("status"), loaded.get("slug")
        was_public = obj.published_at is not None
        super().save_model(request, obj, form, change)
        if change:
            record_status_change(article=obj, user=request.user, previous=previous_status)
            if was_public:
                record_slug_change(article=obj, old_slug=old_slug)

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            corrections = formset.save(commit=False)
            for correction in formset.deleted_objects:
                correction.delete()
            for correction in corrections:
                if correction.pk is None:
                    add_correction(article=form.instance, user=request.user, text=correction.text)
                else:
                    correction.save()
            return
        changed = [
            f.instance
            for f in formset.initial_forms
            if formset.model is Citation and "status" in f.changed_data
        ]
        formset.save()
        for citation in changed:
            set_citation_status(citation=citation, user=request.user, status=citation.status)

    @admin.action(description="Publish selected stories", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            publish(article=article, user=request.user)
        self.message_user(request, f"Published {queryset.count()} stories.", messages.SUCCESS)

    @admin.action(description="Withdraw selected stories", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        for article in queryset:
            withdraw(article=article, user=request.user)
        self.message_user(request, f"Withdrew {queryset.count()} stories.", messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="coverage_article_import"),
            path(
                "<path:object_id>/workflow/<slug:action>/",
                view(self.workflow_view),
                name="coverage_article_workflow",
            ),
            *super().get_urls(),
        ]

    def construct_change_message(self, request, form, formsets, add=False):
        """Leave out what the services record themselves: one history entry per action.

        A correction added and a citation's status changed are logged by
        `add_correction` and `set_citation_status`; Django's own message for the same
        save would say them twice.
        """
        message = super().construct_change_message(request, form, formsets, add)
        kept = []
        for part in message:
            added, changed = part.get("added", {}), part.get("changed", {})
            if added.get("name") == Correction._meta.verbose_name:
                continue
            if changed.get("name") == Citation._meta.verbose_name:
                fields = [f for f in changed["fields"] if str(f).lower() != "status"]
                if not fields:
                    continue
                part = {"changed": {**changed, "fields": fields}}
            kept.append(part)
        return kept

    def log_change(self, request, obj, message):
        if message == []:
            return None  # nothing changed, or only what the services logged
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        """After a save, run the workflow button that sent the form, if one did."""
        action = request.POST.get("_workflow")
        if not action:
            return super().response_change(request, obj)
        self.run_workflow(request, obj, action)
        return redirect(reverse("admin:coverage_article_change", args=[obj.pk]))

    def workflow_view(self, request, object_id, action):
        """Run a workflow action on one story, by a POST of its own (scripts, old pages)."""
        article = get_object_or_404(Article, pk=object_id)
        if request.method == "POST":
            self.run_workflow(request, article, action)
        return redirect(reverse("admin:coverage_article_change", args=[article.pk]))

    def run_workflow(self, request, article, action: str) -> None:
        """Run a workflow action (suggest, submit, publish, withdraw) and say what it did.

        The change form's buttons send the form, so what the editor typed is saved
        first; a form that does not save runs no action.
        """
        try:
            with transaction.atomic():
                if action == "suggest":
                    if not self.has_view_or_change_permission(request, article):
                        raise PermissionDenied("You may not suggest citations for this story.")
                    result = suggest_citations(article=article)
                    log(request.user, article, f"Suggested {result.suggested} citations")
                    message = (
                        f"{result.suggested} citations suggested ({result.created} new); "
                        f"{result.kept_by_editors} already decided left as they were."
                    )
                elif action == "submit":
                    submit_for_review(article=article, user=request.user)
                    message = "Submitted for review."
                elif action == "publish":
                    publish(article=article, user=request.user)
                    message = "Published."
                elif action == "withdraw":
                    withdraw(article=article, user=request.user)
                    message = "Withdrawn."
                else:
                    raise PermissionDenied(f"Unknown action {action!r}.")
        except PermissionDenied as error:
            self.message_user(request, str(error) or "Not allowed.", messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)

    def import_view(self, request):
        """Create a draft story from pasted text or a text file."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StoryImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = story_import(
                    text=form.document_text(),
                    source=form.cleaned_data["source"],
                    headline=form.cleaned_data["headline"] or None,
                )
            except MissingSource:
                form.add_error(
                    "source",
                    "Choose the story's source here, or end the text with a “[Source: …]” line.",
                )
            except DocumentError as error:
                form.add_error(None, str(error))
            else:
                article = result.object
                log(request.user, article, "Imported from text", flag=admin.models.ADDITION)
                self.message_user(request, f"Story “{article.headline}” created as a draft.")
                return redirect("admin:coverage_article_change", article.pk)
        return render_import_form(self, request, form, "New story from text")


class StoryImportForm(forms.Form):
    headline = forms.CharField(
        max_length=300, required=False, help_text="Default: the first sentence."
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        help_text="For a story without a “[Source: …]” line at the end.",
    )
    text = forms.CharField(
        widget=forms.Textarea({"rows": 18}),
        required=False,
        help_text="Paste the story: paragraphs separated by line breaks.",
    )
    file = forms.FileField(
        required=False,
        help_text="…or upload a UTF-8 text file.",
        validators=[upload_size_validator],
    )

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise ValidationError("Paste the story's text or choose a file.")
        return data

    def document_text(self) -> str:
        upload = self.cleaned_data.get("file")
        return read_upload(upload) if upload else self.cleaned_data["text"]
