"""Transcripts in admin: segments in order, safe reordering, import from a text file."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import path

from newsroom.coverage.admin.quality import quality_report
from newsroom.coverage.admin.uploads import read_upload, render_import_form, upload_size_validator
from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.models import Event, Segment, Source, Transcript
from newsroom.coverage.quality import check_transcript
from newsroom.coverage.services import transcript_import
from newsroom.coverage.services.audit import log

OUT_OF_THE_WAY = 1_000_000  # positions are moved past this while a reorder is saved


class SegmentFormSet(BaseInlineFormSet):
    """Let editors renumber paragraphs freely: swaps never trip the unique position."""

    def clean(self):
        # Before super().clean(): its generic uniqueness error would hide this clearer one.
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            position = data.get("position")
            if position in seen:
                raise ValidationError(f"Two paragraphs cannot share position {position}.")
            seen[position] = form
        super().clean()

    def save(self, commit=True):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and ("position" in form.changed_data or self._should_delete_form(form))
        ]
        Segment.objects.filter(pk__in=moving).update(position=F("position") + OUT_OF_THE_WAY)
        return super().save(commit)


class SegmentInline(admin.TabularInline):
    model = Segment
    formset = SegmentFormSet
    extra = 0
    fields = ["position", "kind", "speaker", "speaker_label", "text"]
    autocomplete_fields = ["speaker"]
    ordering = ["position"]


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "status", "source", "event"]
    list_select_related = ["source", "event"]
    list_filter = ["status", "source"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["event", "source", "place"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["data_quality"]
    inlines = [SegmentInline]
    change_list_template = "admin/coverage/transcript/change_list.html"

    @admin.display(description="Data-quality warnings")
    def data_quality(self, transcript):
        return quality_report(check_transcript(transcript)) if transcript.pk else "—"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="coverage_transcript_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Import a transcript from an uploaded text file; on an error nothing is written."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TranscriptImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = transcript_import(
                    text=read_upload(data["file"]),
                    source=data["source"],
                    event=data["event"],
                    title=data["title"] or None,
                    date=data["date"],
                    place=data["place"] or None,
                    replace=data["replace"],
                )
            except DocumentError as error:
                form.add_error("file", str(error))
            else:
                transcript, counts = result.object, result.counts
                verb = "Imported" if result.created else "Updated"
                log(request.user, transcript, f"{verb} from {data['file'].name}")
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


class TranscriptImportForm(forms.Form):
    file = forms.FileField(
        help_text=(
            "An English Kremlin transcript: text copied from a page (UTF-8), or the page "
            "saved from the browser (.html)."
        ),
        validators=[upload_size_validator],
    )
    source = forms.ModelChoiceField(Source.objects.all())
    event = forms.ModelChoiceField(Event.objects.all(), required=False)
    title = forms.CharField(max_length=300, required=False, help_text="If the file has none.")
    date = forms.DateField(
        required=False,
        help_text="YYYY-MM-DD, if the file has no dateline.",
        widget=forms.DateInput({"type": "date"}),
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
    list_display = ["transcript", "position", "kind", "speaker", "short_text"]
    list_select_related = ["transcript", "speaker"]
    list_filter = ["kind", "transcript"]
    search_fields = ["text", "speaker_label", "speaker__name", "transcript__title"]
    autocomplete_fields = ["transcript", "speaker"]
    ordering = ["transcript", "position"]

    @admin.display(description="text")
    def short_text(self, segment):
        return segment.text[:100]
