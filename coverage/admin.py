"""Admin for browsing and editing everything. The editorial workflow comes later."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from coverage.models import (
    Article,
    Citation,
    Event,
    Person,
    PersonName,
    Place,
    PlaceName,
    Role,
    Segment,
    Source,
    Transcript,
)
from coverage.quality import check_article, check_transcript


def quality_report(findings) -> str:
    """Render data-quality findings for a change form, escaped."""
    if not findings:
        return "No warnings."
    items = format_html_join("", "<li>{}</li>", ((str(f),) for f in findings))
    return format_html('<ul class="quality-warnings">{}</ul>', items)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "other_names__name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceNameInline]


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 0


class RoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ["place"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_name", "slug"]
    search_fields = ["name", "sort_name", "slug", "other_names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline, RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "place", "start_date", "end_date"]
    list_select_related = ["person", "place"]
    list_filter = ["place"]
    search_fields = ["title", "organisation", "person__name"]
    autocomplete_fields = ["person", "place"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "date", "date_precision", "place", "format"]
    list_select_related = ["place"]
    list_filter = ["kind", "status", "format", "date_precision"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["place", "participants"]
    prepopulated_fields = {"slug": ["title"]}


class SegmentInline(admin.TabularInline):
    model = Segment
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

    @admin.display(description="Data-quality warnings")
    def data_quality(self, transcript):
        return quality_report(check_transcript(transcript)) if transcript.pk else "—"


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


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["quote", "segment", "relation", "status", "score"]
    autocomplete_fields = ["segment"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "published_at", "source"]
    list_select_related = ["source"]
    list_filter = ["status", "source"]
    search_fields = ["headline", "slug", "body"]
    autocomplete_fields = ["source", "other_sources", "people", "events", "places"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["data_quality"]
    inlines = [CitationInline]

    @admin.display(description="Data-quality warnings")
    def data_quality(self, article):
        return quality_report(check_article(article)) if article.pk else "—"


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["quote", "article", "segment", "relation", "status", "score"]
    list_select_related = ["article", "segment__transcript"]
    list_filter = ["status", "relation"]
    search_fields = ["quote", "article__headline", "segment__text"]
    autocomplete_fields = ["article", "segment"]
