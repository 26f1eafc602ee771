"""API viewsets. Anonymous clients see what `published()` allows; staff also drafts."""

from django.contrib.admin.models import ADDITION
from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from rest_framework import viewsets

from newsroom.coverage.api import filters, serializers
from newsroom.coverage.caching import public_page
from newsroom.coverage.models import (
    Article,
    Citation,
    CitationStatus,
    Event,
    Person,
    Place,
    Segment,
    Source,
    Transcript,
)
from newsroom.coverage.services import suggest_citations
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.publishing import record_status_change, set_citation_status


def public_citations_of_articles():
    """Confirmed citations to published transcripts, with their passages, as on the site."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.confirmed()
        .filter(segment__transcript__in=Transcript.objects.published())
        .select_related("segment__transcript", "segment__speaker")
        .order_by("segment__transcript__date", "segment__position"),
        to_attr="public_citations",
    )


def public_citations_of_segments():
    return Prefetch(
        "citations",
        queryset=Citation.objects.confirmed()
        .filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("article__headline"),
        to_attr="public_citations",
    )


@method_decorator(public_page(negotiated=True), name="dispatch")
class LoggedViewSet(viewsets.ModelViewSet):
    """Record API writes in the admin log, like admin edits; cache anonymous reads."""

    # Only real slugs and ids reach the database; anything else is a 404.
    lookup_value_regex = "[0-9]{1,18}"

    def perform_create(self, serializer):
        obj = serializer.save()
        log(self.request.user, obj, "Added through the API", flag=ADDITION)

    def perform_update(self, serializer):
        obj = serializer.save()
        log(
            self.request.user,
            obj,
            f"Changed through the API: {', '.join(serializer.validated_data)}",
        )


class ArticleViewSet(LoggedViewSet):
    """Stories, with their sources, people, events and confirmed citations."""

    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["published_at", "updated_at", "headline"]

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("source")
            .prefetch_related(
                # Only slugs are shown: building whole rows costs more than the query.
                Prefetch("other_sources", queryset=Source.objects.only("slug")),
                Prefetch("people", queryset=Person.objects.only("slug")),
                Prefetch("events", queryset=Event.objects.only("slug")),
                Prefetch("places", queryset=Place.objects.only("slug")),
                "corrections",
                public_citations_of_articles(),
            )
            .order_by("-published_at", "pk")
        )

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._maybe_suggest(serializer)

    def perform_update(self, serializer):
        previous = serializer.instance.status
        super().perform_update(serializer)
        record_status_change(article=serializer.instance, user=self.request.user, previous=previous)
        self._maybe_suggest(serializer)

    def _maybe_suggest(self, serializer):
        if self.request.data.get("suggest_citations") in (True, "true", "1", 1):
            suggest_citations(article=serializer.instance)


class TranscriptViewSet(LoggedViewSet):
    serializer_class = serializers.TranscriptSerializer
    filterset_class = filters.TranscriptFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["date", "title"]

    def get_queryset(self):
        return (
            Transcript.objects.visible_to(self.request.user)
            .select_related("event", "source", "place")
            .order_by("-date", "pk")
        )


class SegmentViewSet(LoggedViewSet):
    """Transcript paragraphs, each with the published stories that cite it."""

    serializer_class = serializers.SegmentSerializer
    filterset_class = filters.SegmentFilter
    ordering_fields = ["position", "transcript__date", "id"]

    def get_queryset(self):
        return (
            Segment.objects.filter(transcript__in=Transcript.objects.visible_to(self.request.user))
            .select_related("transcript", "speaker")
            .prefetch_related(public_citations_of_segments())
            .order_by("transcript_id", "position")
        )


class CitationViewSet(LoggedViewSet):
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilter
    ordering_fields = ["score", "id"]

    def get_queryset(self):
        citations = Citation.objects.select_related("article", "segment__transcript")
        if not self.request.user.is_staff:
            citations = citations.filter(
                status=CitationStatus.CONFIRMED,
                article__in=Article.objects.published(),
                segment__transcript__in=Transcript.objects.published(),
            )
        return citations.order_by("article_id", "segment__position", "pk")

    def perform_update(self, serializer):
        previous = serializer.instance.status
        super().perform_update(serializer)
        if serializer.instance.status != previous:
            set_citation_status(
                citation=serializer.instance,
                user=self.request.user,
                status=serializer.instance.status,
            )


class PersonViewSet(LoggedViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["sort_name", "name"]
    queryset = Person.objects.prefetch_related("other_names", "roles__place").order_by(
        "sort_name", "pk"
    )


class EventViewSet(LoggedViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["date", "title"]
    queryset = (
        Event.objects.select_related("place")
        .prefetch_related("participants")
        .order_by("-date", "pk")
    )


class SourceViewSet(LoggedViewSet):
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["name"]
    queryset = Source.objects.order_by("name", "pk")


class PlaceViewSet(LoggedViewSet):
    serializer_class = serializers.PlaceSerializer
    filterset_class = filters.PlaceFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["name"]
    queryset = (
        Place.objects.select_related("parent")
        .prefetch_related("other_names")
        .order_by("name", "pk")
    )
