"""The review queue: every citation, filterable, with bulk confirm and reject."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from newsroom.coverage.models import Citation, CitationStatus
from newsroom.coverage.services.publishing import (
    CONFIRM,
    may_set_citation_status,
    set_citation_status,
)


class ScoreFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score"
    RANGES = {
        "high": ("0.10 and above", 0.10, None),
        "medium": ("0.045 to 0.10", 0.045, 0.10),
        "low": ("below 0.045", None, 0.045),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _, _) in self.RANGES.items()] + [
            ("none", "no score (typed by hand)")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(score__isnull=True)
        if value not in self.RANGES:
            return queryset
        _, low, high = self.RANGES[value]
        if low is not None:
            queryset = queryset.filter(score__gte=low)
        if high is not None:
            queryset = queryset.filter(score__lt=high)
        return queryset


def lost_passage(citation):
    """Show what a citation rested on before a revision removed those words."""
    return format_html(
        "<strong>Words gone from “{}” in a revision</strong> ({}). It rested on ¶{}: {}",
        citation.transcript.title,
        citation.anchor_note,
        citation.record_position,
        citation.record_exact[:300],
    )


class CitationForm(forms.ModelForm):
    user = None

    class Meta:
        model = Citation
        fields = ["article", "quote", "segment", "relation", "status", "score", "note"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        previous = self.instance.status if self.instance.pk else None
        if not may_set_citation_status(self.user, previous=previous, status=status):
            raise forms.ValidationError("Only editors may confirm or reject citations.")
        return status


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    form = CitationForm
    list_display = ["short_quote", "article", "passage", "relation", "status", "score"]
    list_select_related = ["article", "transcript", "segment__transcript", "segment__speaker"]
    list_filter = [
        "status",
        "relation",
        ScoreFilter,
        "anchor_state",
        ("transcript", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["quote", "article__headline", "segment__text"]
    autocomplete_fields = ["article", "segment"]
    actions = ["confirm_selected", "reject_selected"]

    @admin.display(description="quote")
    def short_quote(self, citation):
        return citation.quote[:90]

    @admin.display(description="passage")
    def passage(self, citation):
        segment = citation.segment
        if segment is None:
            return lost_passage(citation)
        speaker = segment.speaker.name if segment.speaker else "narration"
        return f"{segment.transcript.title} ¶{segment.position} ({speaker})"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def has_confirm_permission(self, request):
        return request.user.has_perm(CONFIRM)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            set_citation_status(citation=obj, user=request.user, status=obj.status)

    def _decide(self, request, queryset, status):
        citations = list(queryset.select_related("article"))
        for citation in citations:
            set_citation_status(citation=citation, user=request.user, status=status)
        self.message_user(request, f"{len(citations)} citations {status}.", messages.SUCCESS)

    @admin.action(description="Confirm selected citations", permissions=["confirm"])
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, CitationStatus.CONFIRMED)

    @admin.action(description="Reject selected citations", permissions=["confirm"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, CitationStatus.REJECTED)
