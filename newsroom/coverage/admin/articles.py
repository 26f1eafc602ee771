"""Stories in admin: the editorial workflow, citation review and corrections."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from newsroom.coverage.admin import editing, review
from newsroom.coverage.admin.background import announce, queue_for_each
from newsroom.coverage.admin.checks import checks_report
from newsroom.coverage.admin.citations import lost_passage
from newsroom.coverage.admin.quality import quality_report
from newsroom.coverage.admin.uploads import PastedOrUploaded, render_import_form
from newsroom.coverage.admin.workflow import PublishableForm, WorkflowAdmin, publication_fieldset
from newsroom.coverage.background.queueing import queue_job
from newsroom.coverage.importers.errors import DocumentError, MissingSource
from newsroom.coverage.models import (
    Article,
    Citation,
    Correction,
    JobKind,
    PublicationStatus,
    Source,
)
from newsroom.coverage.quality import check_article
from newsroom.coverage.services import add_correction, rename, story_import
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.checks import OVERRIDE_FIELDS, check_evidence
from newsroom.coverage.services.editing import AUTOSAVED
from newsroom.coverage.services.editing import drop as drop_autosave
from newsroom.coverage.services.publishing import (
    may_set_citation_status,
    set_citation_status,
)


class ArticleForm(PublishableForm):
    checks_override = forms.CharField(
        label="Reason to publish over the checks",
        required=False,
        widget=forms.Textarea({"rows": 3, "cols": 60}),
        help_text="Only when you publish (or schedule) a story that fails its checks above: "
        "say why readers should have it now. It is kept in the story’s history and shown "
        "on its review screen.",
    )

    restored = {}  # an autosave put back in the form as it opens (admin/editing.py)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.restored and not self.is_bound:
            self.initial.update(self.restored)

    class Meta:
        model = Article
        # What an editor writes (what an open form autosaves), then the decisions.
        fields = [*AUTOSAVED, "status", "publish_at", "withdrawal_reason"]


class CitationInlineForm(forms.ModelForm):
    user = None

    class Meta:
        model = Citation
        fields = ["quote", "segment", "relation", "status"]
        # A line as wide as the admin's text fields pushed the table off a 1280 px screen.
        widgets = {"quote": forms.Textarea({"rows": 4, "cols": 24})}

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
    fields = ["quote", "segment", "passage", "relation", "status", "explanation"]
    readonly_fields = ["passage", "explanation"]
    autocomplete_fields = ["segment"]
    ordering = ["status", "-score"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("transcript", "segment__transcript", "segment__speaker")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.user = request.user
        return formset

    @admin.display(description="Passage")
    def passage(self, citation):
        segment = citation.segment
        if segment is None:
            return lost_passage(citation)
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
        if citation.score is None:
            return citation.note
        return f"Score {citation.score:.2f}. {citation.note}".strip()


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin):
    form = ArticleForm
    actions = [*WorkflowAdmin.actions, "recheck_quotations"]
    list_display = ["headline", "status", "published_at", "publish_at", "source"]
    list_select_related = ["source"]
    list_filter = ["status", "source"]
    search_fields = ["headline", "slug", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source", "other_sources", "people", "events", "places"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = [
        "data_quality",
        "publication_checks",
        "published_at",
        "last_published_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "data_quality"]}),
        (
            "Sources",
            {
                "fields": [
                    "source",
                    "other_sources",
                    "source_url",
                    "byline",
                    "dateline",
                    ("source_date", "source_date_approximate"),
                ]
            },
        ),
        ("About", {"fields": ["people", "events", "places"]}),
        publication_fieldset(
            "publication_checks", "checks_override", "last_published_at", "updated_at"
        ),
    ]
    inlines = [CitationInline, CorrectionInline]
    change_form_template = "admin/coverage/article/change_form.html"
    change_list_template = "admin/coverage/article/change_list.html"
    # The admin home's and the navigation's "Add" (admin_site.py): from pasted text.
    add_url_name = "admin:coverage_article_import"

    @admin.display(description="Data-quality warnings")
    def data_quality(self, article):
        return quality_report(check_article(article)) if article.pk else "—"

    @admin.display(description="Checks before publishing")
    def publication_checks(self, article):
        return checks_report(article) if article.pk else "—"

    def save_related(self, request, form, formsets, change):
        """Save the inlines, then check the story as saved if this save publishes it."""
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not getattr(article, "evidence_due", False):
            return
        note = check_evidence(
            article=article,
            user=request.user,
            override=form.cleaned_data.get("checks_override", ""),
        )
        if note:
            article.save(update_fields=OVERRIDE_FIELDS)
            verb = (
                "Published" if article.status == PublicationStatus.PUBLISHED else "To be published"
            )
            log(request.user, article, f"{verb} {note}")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.restored = editing.restored(request, obj)
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None and self.has_change_permission(request, article):
            restoring = bool(editing.restored(request, article))
            extra_context = {
                **(extra_context or {}),
                **editing.context(request, article, restoring=restoring),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def after_save(self, request, obj, loaded):
        if loaded.get("slug"):
            rename(article=obj, old_slug=loaded["slug"])
        drop_autosave(article=obj, user=request.user)

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

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="coverage_article_import"),
            path(
                "<int:object_id>/editing/",
                view(self.editing_view),
                name="coverage_article_editing",
            ),
            path(
                "<int:object_id>/editing/discard/",
                view(self.discard_view),
                name="coverage_article_discard",
            ),
            path(
                "<int:object_id>/review/",
                view(self.review_view),
                name="coverage_article_review",
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

    def editing_view(self, request, object_id):
        return editing.report_view(self, request, object_id)

    def discard_view(self, request, object_id):
        return editing.discard_view(self, request, object_id)

    def review_view(self, request, object_id):
        return review.review_view(self, request, object_id)

    def workflow_action(self, request, article, action: str):
        if action != "suggest":
            return super().workflow_action(request, article, action)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied("You may not suggest citations for this story.")
        announce(self, request, queue_job(JobKind.SUGGEST, user=request.user, article=article))
        return redirect("admin:coverage_article_review", article.pk)

    @admin.action(description="Re-check the quotations of the selected stories")
    def recheck_quotations(self, request, queryset):
        queue_for_each(self, request, queryset, JobKind.RECHECK_STORY, "article")

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
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                article = result.object
                log(request.user, article, "Imported from text", flag=admin.models.ADDITION)
                self.message_user(request, f"Story “{article.headline}” created as a draft.")
                return redirect("admin:coverage_article_change", article.pk)
        plain = reverse("admin:coverage_article_add")
        return render_import_form(self, request, form, "New story from text", field_by_field=plain)


class StoryImportForm(PastedOrUploaded):
    required_css_class = "required"
    field_order = ["headline", "source", "text", "file"]
    headline = forms.CharField(
        max_length=300,
        required=False,
        help_text="Default: the text's first line when it reads as a headline (it is then "
        "left out of the text), else its first sentence.",
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        help_text="For a story without a “[Source: …]” line at the end.",
    )
