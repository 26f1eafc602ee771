"""Transcripts in admin: the transcript, its paragraphs edited a page at a time, imports.

A transcript runs to a thousand paragraphs and more, so its change form holds no
paragraph: they are edited on their own list, filtered by transcript, a hundred to a
page, with safe renumbering and an action that sets the speaker of whole turns.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.forms.models import BaseModelFormSet
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from newsroom.coverage.admin.background import queue_for_each
from newsroom.coverage.admin.quality import quality_report
from newsroom.coverage.admin.transcript_revisions import render_preview, revisions_view
from newsroom.coverage.admin.uploads import (
    PastedOrUploaded,
    render_import_form,
)
from newsroom.coverage.admin.workflow import PublishableForm, WorkflowAdmin, publication_fieldset
from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import MAX_DOCUMENT_BYTES
from newsroom.coverage.models import (
    Event,
    JobKind,
    Person,
    Segment,
    SegmentKind,
    Source,
    Transcript,
)
from newsroom.coverage.quality import check_transcript
from newsroom.coverage.services import transcript_import
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.transcript_versions import (
    OUT_OF_THE_WAY,
    after_paragraph_edits,
    before_paragraph_edits,
    describe,
)
from newsroom.coverage.services.transcripts import set_turn_speaker


class SegmentPageFormSet(BaseModelFormSet):
    """Refuse positions that two paragraphs would share, on this page or another."""

    def clean(self):
        # Before super().clean(): its generic uniqueness error would hide this clearer one.
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or "position" not in data:
                continue
            key = (form.instance.transcript_id, data["position"])
            if key in seen:
                raise ValidationError(f"Two paragraphs cannot share position {key[1]}.")
            seen[key] = form
        on_other_pages = Segment.objects.filter(
            transcript_id__in={t for t, _ in seen}, position__in={p for _, p in seen}
        ).exclude(pk__in=[form.instance.pk for form in self.forms])
        for segment in on_other_pages:
            if (segment.transcript_id, segment.position) in seen:
                raise ValidationError(
                    f"Position {segment.position} is held by a paragraph on another page; "
                    "move that one first."
                )
        super().clean()


class SegmentRowForm(forms.ModelForm):
    class Meta:
        model = Segment
        fields = ["position", "kind", "speaker_label", "text"]
        widgets = {
            "position": forms.NumberInput({"style": "width: 5em"}),
            "speaker_label": forms.TextInput({"size": 12}),
            "text": forms.Textarea({"rows": 4, "cols": 50}),
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == SegmentKind.NARRATION:
            self.instance.speaker = None  # narration has no speaker
        return data


class TurnSpeakerForm(ActionForm):
    speaker = forms.ModelChoiceField(
        Person.objects.all(),
        required=False,
        widget=AutocompleteSelect(Segment._meta.get_field("speaker"), admin.site),
        help_text="For “Set the speaker of the selected paragraphs’ turns”.",
    )


class TranscriptForm(PublishableForm):
    class Meta:
        model = Transcript
        fields = [
            "title",
            "slug",
            "event",
            "source",
            "source_url",
            "date",
            "dateline",
            "place",
            "summary",
            "status",
            "publish_at",
            "withdrawal_reason",
        ]


@admin.register(Transcript)
class TranscriptAdmin(WorkflowAdmin):
    form = TranscriptForm
    actions = [*WorkflowAdmin.actions, "recheck_citing_quotations"]
    list_display = ["title", "date", "status", "source", "event"]
    list_select_related = ["source", "event"]
    list_filter = ["status", "source"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["event", "source", "place"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["paragraphs", "data_quality", "published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "paragraphs", "data_quality"]}),
        ("Record of", {"fields": ["event", "date", "dateline", "place"]}),
        ("Source", {"fields": ["source", "source_url"]}),
        publication_fieldset(),
    ]
    change_form_template = "admin/coverage/transcript/change_form.html"
    change_list_template = "admin/coverage/transcript/change_list.html"

    @admin.action(description="Re-check the quotations of the stories citing the selected")
    def recheck_citing_quotations(self, request, queryset):
        queue_for_each(self, request, queryset, JobKind.RECHECK_TRANSCRIPT, "transcript")

    @admin.display(description="Paragraphs")
    def paragraphs(self, transcript):
        if not transcript.pk:
            return "Import a transcript, or save this one and add its paragraphs."
        count = transcript.segments.count()
        url = reverse("admin:coverage_segment_changelist")
        return format_html(
            '<a href="{}?transcript__id__exact={}">Edit the {} paragraphs</a>, a hundred to a page',
            url,
            transcript.pk,
            count,
        )

    @admin.display(description="Data-quality warnings")
    def data_quality(self, transcript):
        return quality_report(check_transcript(transcript)) if transcript.pk else "—"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="coverage_transcript_import"),
            path(
                "<int:object_id>/revisions/",
                view(lambda request, object_id: revisions_view(self, request, object_id)),
                name="coverage_transcript_revisions",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Import a transcript from pasted text or a file; on an error nothing is written."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TranscriptImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                text = form.document_text()
                arguments = {
                    "text": text,
                    "source": data["source"],
                    "event": data["event"],
                    "title": data["title"] or None,
                    "date": data["date"],
                    "place": data["place"] or None,
                    "replace": data["replace"],
                    "user": request.user,
                }
                if data["replace"] and not data["confirmed"]:
                    # The editor sees what the new text would do before it is written.
                    trial = transcript_import(**arguments, dry_run=True)
                    if trial.plan is not None and trial.plan.changed:
                        confirm = TranscriptImportForm(
                            initial={**data, "document": text, "file": None, "text": ""}
                        )
                        return render_preview(self, request, confirm, trial.plan)
                result = transcript_import(**arguments)
            except DocumentError as error:
                form.add_error(error.field if error.field in form.fields else "file", str(error))
            else:
                transcript, counts = result.object, result.counts
                verb = "Imported" if result.created else "Updated"
                name = "a confirmed text" if data["document"] else form.document_name()
                log(request.user, transcript, f"{verb} from {name}")
                if result.plan is not None and result.plan.changed:
                    for line in describe(result.plan):
                        self.message_user(request, line, messages.INFO)
                self.message_user(
                    request,
                    f"{verb} “{transcript.title}”: {counts['segments']} paragraphs, "
                    f"{counts['turns']} speaker turns, {counts['speakers']} speakers"
                    + (
                        f"; new people: {', '.join(result.new_people)}" if result.new_people else ""
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:coverage_transcript_change", transcript.pk)
        return render_import_form(self, request, form, "Import a transcript")


class TranscriptImportForm(PastedOrUploaded):
    required_css_class = "required"
    field_order = ["text", "file"]
    help_texts = {
        "text": "An English Kremlin transcript: paste the text copied from its page…",
        "file": "…or choose it as a file: the text (UTF-8), or the page saved from the "
        "browser (.html).",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, words in self.help_texts.items():
            self.fields[name].help_text = words

    # The text of a file already read, carried by the preview an editor confirms.
    document = forms.CharField(
        required=False, strip=False, widget=forms.HiddenInput, max_length=MAX_DOCUMENT_BYTES
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    source = forms.ModelChoiceField(Source.objects.all())
    event = forms.ModelChoiceField(Event.objects.all(), required=False)
    title = forms.CharField(max_length=300, required=False, help_text="If the file has none.")
    date = forms.DateField(
        required=False,
        help_text="YYYY-MM-DD, if the file has no dateline.",
        widget=AdminDateWidget,
    )
    place = forms.CharField(max_length=200, required=False)
    replace = forms.BooleanField(
        required=False,
        label="Replace the stored text",
        help_text=(
            "When a transcript with this title and date is already stored with a different "
            "text. Without it, the import says what would change and changes nothing."
        ),
    )

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value and not dt.date(1900, 1, 1) <= value <= dt.date(2100, 1, 1):
            raise ValidationError("Give a date between 1900 and 2100.")
        return value


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    # The text first, so it shows beside the admin's navigation at 1280 px.
    list_display = ["paragraph", "text", "speaker", "speaker_label", "kind", "position"]
    list_display_links = ["paragraph"]
    # The speaker is set for whole turns by the action, or on a paragraph's own page: an
    # autocomplete per row would cost a query per row.
    list_editable = ["position", "kind", "speaker_label", "text"]
    list_select_related = ["transcript", "speaker"]
    list_per_page = 100  # about 600 fields a save, far below DATA_UPLOAD_MAX_NUMBER_FIELDS
    show_full_result_count = False
    search_fields = ["text", "speaker_label", "speaker__name", "transcript__title"]
    autocomplete_fields = ["transcript", "speaker"]
    ordering = ["transcript", "position"]
    action_form = TurnSpeakerForm
    actions = ["set_speaker_of_turns"]

    @admin.display(description="paragraph", ordering="position")
    def paragraph(self, segment):
        return f"¶{segment.position}"

    def changelist_view(self, request, extra_context=None):
        wanted = request.GET.get("transcript__id__exact", "")
        transcript = Transcript.objects.filter(pk=wanted).first() if wanted.isdigit() else None
        if transcript is not None:
            extra_context = {**(extra_context or {}), "title": f"Paragraphs of “{transcript}”"}
        return super().changelist_view(request, extra_context)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=SegmentRowForm, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=SegmentPageFormSet, **kwargs)

    def save_model(self, request, obj, form, change):
        # Paragraphs edited one by one are versions of the text too; the citations on
        # changed words go back to review.
        before_paragraph_edits(obj.transcript)
        self._save_paragraph(request, obj, form, change)
        after_paragraph_edits(obj.transcript, user=request.user, comment="Edited in admin")

    def delete_model(self, request, obj):
        before_paragraph_edits(obj.transcript)
        super().delete_model(request, obj)
        after_paragraph_edits(obj.transcript, user=request.user, comment="Deleted in admin")

    def delete_queryset(self, request, queryset):
        transcripts = list(Transcript.objects.filter(segments__in=queryset).distinct())
        for transcript in transcripts:
            before_paragraph_edits(transcript)
        super().delete_queryset(request, queryset)
        for transcript in transcripts:
            after_paragraph_edits(transcript, user=request.user, comment="Deleted in admin")

    def _save_paragraph(self, request, obj, form, change):
        if change and "position" in form.changed_data:
            # A renumbering moves paragraphs in turn: the one holding this position (whose
            # own new position is on the same page, as the formset checked) steps aside.
            Segment.objects.filter(transcript_id=obj.transcript_id, position=obj.position).exclude(
                pk=obj.pk
            ).update(position=F("position") + OUT_OF_THE_WAY)
        super().save_model(request, obj, form, change)

    @admin.action(description="Set the speaker of the selected paragraphs’ turns")
    def set_speaker_of_turns(self, request, queryset):
        try:
            speaker = TurnSpeakerForm().fields["speaker"].clean(request.POST.get("speaker"))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        changed = set_turn_speaker(segments=queryset, speaker=speaker, user=request.user)
        who = speaker.name if speaker else "no one"
        self.message_user(request, f"{changed} paragraphs now spoken by {who}.", messages.SUCCESS)
