"""Import a story or a transcript from its text through the API.

The admin's paste box and the commands call the same services (`story_import`,
`transcript_import`): the same parser, the same refusals (400 with the message and,
where the text shows why, its line), and with `dry_run` the same preview of what would
be stored, with nothing written.
"""

import datetime as dt

from django.contrib.admin.models import ADDITION, CHANGE
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from newsroom.coverage.api.serializers import RevisionPlanSerializer
from newsroom.coverage.importers.errors import DocumentError, MissingSource
from newsroom.coverage.importers.reading import too_large
from newsroom.coverage.models import Article, Event, Source
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.imports import ImportResult, story_import, transcript_import

OUTCOMES = [(word, word) for word in ("imported", "updated", "would import", "would update")]


class DocumentText(serializers.CharField):
    """A document's whole text, as pasted: kept as it is, at most MAX_DOCUMENT_BYTES."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if refusal := too_large(text):
            raise ValidationError(refusal)
        return text


class ImportRequest(serializers.Serializer):
    dry_run = serializers.BooleanField(
        default=False, help_text="Say what would be stored, and store nothing."
    )


class StoryImportRequest(ImportRequest):
    text = DocumentText(
        help_text="The story as copied: a headline line, a blank line, then paragraphs "
        "separated by blank lines, and optionally a last line “[Source: …]”."
    )
    source = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Source.objects.all(),
        required=False,
        allow_null=True,
        help_text="For a story without a “[Source: …]” line at the end.",
    )
    headline = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Default: the text's first line when it reads as a headline (it is then "
        "left out of the text), else its first sentence.",
    )


class TranscriptImportRequest(ImportRequest):
    text = DocumentText(
        help_text="An English Kremlin transcript as copied from its page (or its saved "
        "HTML): a title line, the dateline, then paragraphs separated by blank lines."
    )
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    event = serializers.SlugRelatedField(
        slug_field="slug", queryset=Event.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="If the text has none."
    )
    date = serializers.DateField(
        required=False, allow_null=True, help_text="If the text has no dateline."
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    replace = serializers.BooleanField(
        default=False,
        help_text="Replace the text of the transcript with this title and date when one is "
        "stored with a different text; without it, such an import is refused with what "
        "would change.",
    )

    def validate_date(self, value):
        if value and not dt.date(1900, 1, 1) <= value <= dt.date(2100, 1, 1):
            raise ValidationError("Give a date between 1900 and 2100.")
        return value


class ImportResultSerializer(serializers.Serializer):
    """What an import stored, or (a dry run) would store."""

    outcome = serializers.ChoiceField(choices=OUTCOMES)
    dry_run = serializers.BooleanField()
    slug = serializers.CharField()
    title = serializers.CharField(help_text="The story's headline or the transcript's title.")
    api_url = serializers.URLField(allow_null=True, help_text="Null for a dry run.")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Paragraphs (a story); paragraphs (`segments`), turns, speakers (a transcript).",
    )
    new_people = serializers.ListField(child=serializers.CharField())
    plan = RevisionPlanSerializer(
        allow_null=True,
        help_text="For a transcript stored before: what the new text changes, and where "
        "its citations go.",
    )


def answer(request, result: ImportResult, *, kind: str) -> Response:
    """Say what `result` stored (201 for a new object) and log it as the admin does."""
    obj = result.object
    done, would = ("imported", "would import") if result.created else ("updated", "would update")
    api_url = None
    if not result.dry_run:
        api_url = reverse(f"api:{kind}-detail", args=[obj.slug], request=request)
        action = "Imported" if result.created else "Updated"
        flag = ADDITION if result.created else CHANGE
        log(request.user, obj, f"{action} from text through the API", flag=flag)
    plan = result.plan
    data = {
        "outcome": would if result.dry_run else done,
        "dry_run": result.dry_run,
        "slug": obj.slug,
        "title": obj.headline if isinstance(obj, Article) else obj.title,
        "api_url": api_url,
        "counts": result.counts,
        "new_people": result.new_people,
        "plan": RevisionPlanSerializer(plan, applied=not result.dry_run).data if plan else None,
    }
    created = result.created and not result.dry_run
    headers = {"Location": api_url} if created else {}
    return Response(data, status=201 if created else 200, headers=headers)


def import_story(request) -> Response:
    asked = StoryImportRequest(data=request.data)
    asked.is_valid(raise_exception=True)
    data = asked.validated_data
    result = _refusing_with_400(
        story_import,
        text=data["text"],
        source=data.get("source"),
        headline=data.get("headline") or None,
        dry_run=data["dry_run"],
    )
    return answer(request, result, kind="article")


def import_transcript(request) -> Response:
    asked = TranscriptImportRequest(data=request.data)
    asked.is_valid(raise_exception=True)
    data = asked.validated_data
    result = _refusing_with_400(
        transcript_import,
        text=data["text"],
        source=data["source"],
        event=data.get("event"),
        title=data.get("title") or None,
        date=data.get("date"),
        place=data.get("place") or None,
        replace=data["replace"],
        dry_run=data["dry_run"],
        user=request.user,
    )
    return answer(request, result, kind="transcript")


def _refusing_with_400(importer, **arguments) -> ImportResult:
    try:
        return importer(**arguments)
    except MissingSource as error:
        raise ValidationError({"source": [str(error)]}) from None
    except DocumentError as error:
        field = error.field if error.field in arguments else "text"
        raise ValidationError({field: [str(error)]}) from None
