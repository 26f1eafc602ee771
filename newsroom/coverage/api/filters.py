"""Explicit FilterSets: every filter names its field and lookup, and shows in the schema."""

import datetime as dt

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    Citation,
    CitationRelation,
    CitationStatus,
    Event,
    EventKind,
    EventStatus,
    JobKind,
    JobState,
    Person,
    Place,
    PublicationStatus,
    Segment,
    SegmentKind,
    Source,
    Transcript,
)


class UTCDateTimeField(IsoDateTimeField):
    """An RFC 3339 date-time (any offset it allows, up to ±23:59), normalised to UTC."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError("This date-time is out of range.") from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class StrictFilterSet(filters.FilterSet):
    """Refuse an empty value for a filter that is not free text (a date, a choice).

    django-filter reads `?published_before=` as no filter at all; the schema says the
    value is a date-time, so a client that sent an empty one made a mistake to hear of.
    """

    def is_valid(self):
        valid = super().is_valid()
        for name, declared in self.filters.items():
            given = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if "" in given and not isinstance(declared, filters.CharFilter):
                if name not in self.form.errors:
                    self.form.add_error(name, "Give a value, or leave this filter out.")
                valid = False
        return valid


class ArticleFilter(StrictFilterSet):
    source = filters.CharFilter(field_name="source__slug", help_text="Source slug.")
    person = filters.CharFilter(field_name="people__slug", help_text="Slug of a person named.")
    event = filters.CharFilter(field_name="events__slug", help_text="Slug of an event covered.")
    place = filters.CharFilter(field_name="places__slug", help_text="Slug of a place named.")
    published_after = UTCDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UTCDateTimeFilter(field_name="published_at", lookup_expr="lte")
    # A strict choice: a boolean widget would silently ignore a misspelt value.
    has_citations = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_has_citations",
        help_text="true: only stories with confirmed citations; false: only those without.",
    )
    text = filters.CharFilter(method="filter_text", help_text="Words in the headline or body.")
    status = filters.ChoiceFilter(field_name="status", choices=PublicationStatus.choices)

    class Meta:
        model = Article
        fields = []

    @extend_schema_field({"type": "string", "enum": ["true", "false"]})
    def filter_has_citations(self, queryset, name, value):
        backed = Citation.objects.confirmed().values("article_id")
        return queryset.filter(pk__in=backed) if value else queryset.exclude(pk__in=backed)

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(headline__icontains=word) | Q(body__icontains=word))
        return queryset


class TranscriptFilter(StrictFilterSet):
    source = filters.CharFilter(field_name="source__slug")
    event = filters.CharFilter(field_name="event__slug")
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Transcript
        fields = []


class SegmentFilter(StrictFilterSet):
    transcript = filters.CharFilter(field_name="transcript__slug", help_text="Transcript slug.")
    speaker = filters.CharFilter(field_name="speaker__slug", help_text="Speaker's slug.")
    kind = filters.ChoiceFilter(field_name="kind", choices=SegmentKind.choices)
    text = filters.CharFilter(field_name="text", lookup_expr="icontains")

    class Meta:
        model = Segment
        fields = []


class CitationFilter(StrictFilterSet):
    article = filters.CharFilter(field_name="article__slug")
    transcript = filters.CharFilter(field_name="segment__transcript__slug")
    speaker = filters.CharFilter(field_name="segment__speaker__slug")
    relation = filters.ChoiceFilter(field_name="relation", choices=CitationRelation.choices)
    status = filters.ChoiceFilter(field_name="status", choices=CitationStatus.choices)

    class Meta:
        model = Citation
        fields = []


class PersonFilter(StrictFilterSet):
    name = filters.CharFilter(method="filter_name", help_text="Part of the name or another name.")
    place = filters.CharFilter(field_name="roles__place__slug", help_text="Place of a role.")
    role = filters.CharFilter(field_name="roles__title", lookup_expr="icontains")

    class Meta:
        model = Person
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(other_names__name__icontains=value)
        ).distinct()


class EventFilter(StrictFilterSet):
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")
    status = filters.ChoiceFilter(field_name="status", choices=EventStatus.choices)
    kind = filters.ChoiceFilter(field_name="kind", choices=EventKind.choices)
    place = filters.CharFilter(field_name="place__slug")
    participant = filters.CharFilter(field_name="participants__slug")

    class Meta:
        model = Event
        fields = []


class BackgroundJobFilter(StrictFilterSet):
    article = filters.CharFilter(field_name="article__slug", help_text="The story's slug.")
    transcript = filters.CharFilter(field_name="transcript__slug")
    kind = filters.ChoiceFilter(field_name="kind", choices=JobKind.choices)
    state = filters.ChoiceFilter(field_name="state", choices=JobState.choices)

    class Meta:
        model = BackgroundJob
        fields = []


class SourceFilter(StrictFilterSet):
    kind = filters.CharFilter(field_name="kind")

    class Meta:
        model = Source
        fields = []


class PlaceFilter(StrictFilterSet):
    kind = filters.CharFilter(field_name="kind")
    parent = filters.CharFilter(field_name="parent__slug")

    class Meta:
        model = Place
        fields = []
