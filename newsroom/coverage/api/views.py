"""API viewsets. Anonymous clients see what `published()` allows; staff also drafts."""

import re

from django.contrib.admin.models import ADDITION
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from newsroom.coverage.api import article_list, filters, imports, ninjs, serializers
from newsroom.coverage.background.queueing import queue_job
from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    Citation,
    CitationStatus,
    Event,
    JobKind,
    Person,
    Place,
    Segment,
    Source,
    Transcript,
)
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.imports import revise_transcript
from newsroom.coverage.services.publishing import (
    StaleWrite,
    add_correction,
    lock_version,
    set_citation_status,
)
from newsroom.coverage.services.revisions import keep_version
from newsroom.coverage.services.transcript_versions import (
    after_paragraph_edits,
    before_paragraph_edits,
    current_redirects,
)
from newsroom.coverage.syndication import ninjs as syndication


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = "The object changed since the version named in If-Match."
    default_code = "precondition_failed"


class CanReviseTranscripts(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("coverage.change_transcript")


class CanFollowJobs(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("coverage.view_backgroundjob")


class CanCorrect(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("coverage.add_correction")


def version_etag(version: int) -> str:
    return f'"{version}"'


IF_MATCH = re.compile(r'\*|(W/)?"([0-9]{1,11})"')
MATCHES_NO_VERSION = -1


def version_from_etags(header: str) -> int | None:
    """Read the version an If-Match names; None for `*`, which matches any version.

    Anything else names no version of ours, so the precondition fails: 412, as
    RFC 9110 (13.1.1) has it for an entity tag that matches none.
    """
    match = IF_MATCH.fullmatch(header.strip())
    if match is None:
        return MATCHES_NO_VERSION
    return None if match.group(2) is None else int(match.group(2))


def public_citations_of_articles():
    """Confirmed citations to published transcripts, with their passages, as on the site."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.shown_on_stories()
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
        # What the editorial services log themselves (a status change) is not said twice.
        logged_elsewhere = getattr(serializer, "WORKFLOW", ())
        fields = [name for name in serializer.validated_data if name not in logged_elsewhere]
        obj = serializer.save()
        if fields:
            log(self.request.user, obj, f"Changed through the API: {', '.join(fields)}")


class VersionedViewSet(LoggedViewSet):
    """Stories and transcripts: an ETag on every answer about one, If-Match on writes.

    The ETag is the stored version. A client that sends it back in If-Match has its
    write refused with 412 when someone saved in between: the admin form's lock, over
    HTTP.
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    versioned = True  # the schema documents If-Match and 412 on its writes

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = getattr(self, "_versioned", None)
        if obj is not None and response.status_code < 300:
            response["ETag"] = version_etag(obj.version)
        return response

    def get_object(self):
        self._versioned = super().get_object()
        return self._versioned

    def perform_content_negotiation(self, request, force=False):
        # An empty `?format=` names no format: a 404 as an unknown one is, not JSON.
        if not force and request.query_params.get("format") == "":
            raise NotFound("Ask for format=json or format=ninjs, or leave format out.")
        return super().perform_content_negotiation(request, force)

    def get_renderers(self):
        # Only one item has a ninjs form; a list asked for as ninjs is a 404.
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "retrieve":
            renderers.append(ninjs.NinjsRenderer())
        return renderers

    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format == ninjs.NinjsRenderer.format:
            return ninjs.answer(self, slug=kwargs[self.lookup_field], **self.ninjs_form)
        return super().retrieve(request, *args, **kwargs)

    def perform_create(self, serializer):
        with keep_version(self.request.user, "Added through the API"):
            super().perform_create(serializer)

    def perform_update(self, serializer):
        # The precondition is checked once the request is known to be well formed (a
        # malformed one is a 400 whatever its If-Match), and under the row's lock.
        self._check_if_match(serializer.instance)
        with keep_version(self.request.user, "Changed through the API"):
            super().perform_update(serializer)

    def perform_destroy(self, instance):
        self._check_if_match(instance)
        super().perform_destroy(instance)

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def _check_if_match(self, obj):
        header = self.request.headers.get("If-Match")
        if header is None:
            return
        try:
            lock_version(obj=obj, expected=version_from_etags(header))
        except StaleWrite as stale:
            raise PreconditionFailed(str(stale)) from None


@extend_schema_view(retrieve=ninjs.documented(serializers.ArticleSerializer))
class ArticleViewSet(VersionedViewSet):
    """Stories, with their sources, people, events and confirmed citations."""

    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    ordering_fields = ["published_at", "updated_at", "headline"]
    ninjs_form = {"model": Article, "rows": syndication.stories, "build": syndication.story}

    @extend_schema(
        responses=article_list.ArticleListItemSerializer(many=True),
        parameters=[article_list.EXPAND],
        description="Stories as a list needs them: headline, dates, source, status, links and "
        "counts. Each story's own answer carries its text, people, events, places, "
        "corrections and citations; `?expand=citations` adds the citations here.",
    )
    def list(self, request, *args, **kwargs):
        expand = article_list.expansions(request)
        newest_first = Article.objects.visible_to(request.user).order_by("-published_at", "pk")
        page = self.paginate_queryset(article_list.rows(self.filter_queryset(newest_first)))
        if "citations" in expand:
            article_list.with_citations(page)
        items = article_list.ArticleListItemSerializer(
            page, many=True, context={"request": request}
        )
        return self.get_paginated_response(items.data)

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
        super().perform_update(serializer)
        self._maybe_suggest(serializer)

    @extend_schema(
        request=serializers.CorrectionSerializer,
        responses={201: serializers.CorrectionSerializer},
        summary="Add a correction to a story",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanCorrect])
    def corrections(self, request, slug=None):
        """Add a correction readers see with the story, in its feed entry and JSON-LD."""
        article = self.get_object()
        asked = serializers.CorrectionSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        asked.is_valid(raise_exception=True)
        try:
            correction = add_correction(
                article=article, user=request.user, text=asked.validated_data["text"]
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(serializers.CorrectionSerializer(correction).data, status=201)

    @extend_schema(
        request=imports.StoryImportRequest,
        responses={201: imports.ImportResultSerializer, 200: imports.ImportResultSerializer},
        summary="Import a story from its text",
        filters=False,
    )
    @action(detail=False, methods=["post"], url_path="import", filter_backends=[])
    def import_text(self, request):
        """Store a story as a draft from its text as copied (201), or update the story
        with the same address (200); `dry_run` says what would be stored. The same
        parser and refusals as the admin's “New story from text”."""
        return imports.import_story(request)

    def _maybe_suggest(self, serializer):
        if self.request.data.get("suggest_citations") in (True, "true", "1", 1):
            queue_job(JobKind.SUGGEST, user=self.request.user, article=serializer.instance)


@extend_schema_view(retrieve=ninjs.documented(serializers.TranscriptSerializer))
class TranscriptViewSet(VersionedViewSet):
    """Official verbatim transcripts: the record of an event, its source and date. Their
    paragraphs are `segments`."""

    serializer_class = serializers.TranscriptSerializer
    filterset_class = filters.TranscriptFilter
    ordering_fields = ["date", "title"]
    ninjs_form = {
        "model": Transcript,
        "rows": syndication.transcripts,
        "build": syndication.transcript,
    }

    def get_queryset(self):
        return (
            Transcript.objects.visible_to(self.request.user)
            .select_related("event", "source", "place")
            .order_by("-date", "pk")
        )

    @extend_schema(
        request=imports.TranscriptImportRequest,
        responses={201: imports.ImportResultSerializer, 200: imports.ImportResultSerializer},
        summary="Import a transcript from its text",
        filters=False,
    )
    @action(detail=False, methods=["post"], url_path="import", filter_backends=[])
    def import_text(self, request):
        """Store a transcript as a draft from its text as copied (201); the same text
        again changes nothing (200); a different text for one stored is refused with what
        would change unless `replace` says to revise it. `dry_run` says what would be
        stored. The same parser and refusals as the admin's import."""
        return imports.import_transcript(request)

    @extend_schema(
        responses=serializers.TranscriptRevisionSerializer(many=True),
        summary="The versions of a transcript's text",
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def revisions(self, request, slug=None):
        """Every version of the text, newest first: when, what changed, which paragraphs'
        old addresses lead where, and (to editors) the citations each revision moved."""
        transcript = self.get_object()
        revisions = transcript.revisions.order_by("-number")
        data = serializers.TranscriptRevisionSerializer(
            revisions, many=True, context=self.get_serializer_context()
        ).data
        return Response(data)

    @extend_schema(
        responses=serializers.ParagraphAddressSerializer,
        summary="Where a paragraph's address leads now",
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"paragraphs/(?P<anchor>p[0-9]{1,9})",
        filter_backends=[],
    )
    def paragraph(self, request, slug=None, anchor=None):
        """Answer a paragraph's address (#p46), also one from before a revision: the
        paragraph that holds its words now, and whether a revision moved it there."""
        transcript = self.get_object()
        key = int(anchor[1:])
        segment = transcript.segments.select_related("speaker").filter(key=key).first()
        moved = False
        if segment is None:
            target = current_redirects(transcript).get(str(key))
            segment = transcript.segments.select_related("speaker").filter(key=target).first()
            moved = segment is not None
        if segment is None:
            raise NotFound("This transcript has no paragraph at that address, and had none.")
        segment.transcript = transcript
        answer = {"requested": anchor, "anchor": segment.anchor, "moved": moved, "segment": segment}
        return Response(
            serializers.ParagraphAddressSerializer(
                answer, context=self.get_serializer_context()
            ).data
        )

    @extend_schema(
        request=serializers.TranscriptRevisionRequestSerializer,
        responses={200: serializers.RevisionPlanSerializer},
        summary="Replace a transcript's text with a new version",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanReviseTranscripts])
    def revise(self, request, slug=None):
        """Align a new version of the text with the stored one. Without `confirm`, say
        what it would do and change nothing; with it, replace the text: every citation
        follows its words, those whose words changed go back to review, those whose
        words are gone stay, flagged."""
        transcript = self.get_object()
        asked = serializers.TranscriptRevisionRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        confirm = asked.validated_data["confirm"]
        try:
            result = revise_transcript(
                transcript=transcript,
                text=asked.validated_data["text"],
                user=request.user,
                dry_run=not confirm,
            )
        except DocumentError as error:
            raise ValidationError({"text": [str(error)]}) from None
        return Response(serializers.RevisionPlanSerializer(result.plan, applied=confirm).data)


class SegmentViewSet(LoggedViewSet):
    """Transcript paragraphs, each with the published stories that cite it."""

    serializer_class = serializers.SegmentSerializer
    filterset_class = filters.SegmentFilter
    ordering_fields = ["position", "transcript__date", "id"]

    def perform_create(self, serializer):
        before_paragraph_edits(serializer.validated_data["transcript"])
        super().perform_create(serializer)
        after_paragraph_edits(serializer.instance.transcript, user=self.request.user)

    def perform_update(self, serializer):
        before_paragraph_edits(serializer.instance.transcript)
        super().perform_update(serializer)
        after_paragraph_edits(serializer.instance.transcript, user=self.request.user)

    def perform_destroy(self, instance):
        transcript = instance.transcript
        before_paragraph_edits(transcript)
        super().perform_destroy(instance)
        after_paragraph_edits(transcript, user=self.request.user)

    def get_queryset(self):
        return (
            Segment.objects.filter(transcript__in=Transcript.objects.visible_to(self.request.user))
            .select_related("transcript", "speaker")
            .prefetch_related(public_citations_of_segments())
            .order_by("transcript_id", "position")
        )


class CitationViewSet(LoggedViewSet):
    """Links from the words of a story to the transcript paragraph that backs them.
    Anonymous clients see confirmed citations between published stories and transcripts."""

    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilter
    ordering_fields = ["score", "id"]

    def get_queryset(self):
        citations = Citation.objects.select_related("article", "transcript", "segment")
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
    """People named in stories and speaking in transcripts, with their other names and
    roles."""

    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["sort_name", "name"]
    queryset = Person.objects.prefetch_related("other_names", "roles__place").order_by(
        "sort_name", "pk"
    )


class EventViewSet(LoggedViewSet):
    """Meetings, visits, elections and sessions that stories cover and transcripts
    record."""

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


class BackgroundJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background work for editors: suggestions, quote re-checks, the linking index.

    Queued by the admin or by `"suggest_citations": true` on a story; newest first. A
    job is `queued`, `running` (`done` of `total` steps), `done` (`result` says what it
    did) or `failed` (`error` says why). Editors and reporters only.
    """

    serializer_class = serializers.BackgroundJobSerializer
    filterset_class = filters.BackgroundJobFilter
    permission_classes = [CanFollowJobs]
    lookup_value_regex = "[0-9]{1,18}"
    ordering_fields = ["requested_at"]
    queryset = BackgroundJob.objects.select_related("article", "transcript").order_by(
        "-requested_at", "-pk"
    )


class SourceViewSet(LoggedViewSet):
    """Where stories and transcripts come from: official websites, channels, agencies."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,200}"
    ordering_fields = ["name"]
    queryset = Source.objects.order_by("name", "pk")


class PlaceViewSet(LoggedViewSet):
    """Regions, cities and venues, with the other names they go by."""

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
