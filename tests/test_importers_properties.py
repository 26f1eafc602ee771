"""Property: any text either imports what it says or raises the importer's own error,
writing nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.speakers import UNNAMED
from newsroom.coverage.importers.stories import parse_story
from newsroom.coverage.models import (
    Article,
    Person,
    PublicationStatus,
    Role,
    Segment,
    SegmentKind,
    Source,
    Transcript,
)
from newsroom.coverage.models.fields import plain_text
from newsroom.coverage.services import story_import, transcript_import
from newsroom.coverage.text import normalise_whitespace, split_paragraphs

pytestmark = pytest.mark.django_db

FRAGMENTS = [
    "Meeting with newly elected regional heads",
    "September 28, 2023, The Kremlin, Moscow",
    "28 September 2023",
    "President of Russia Vladimir Putin: Colleagues, good afternoon.",
    "Vladimir Putin:",
    "Vladimir Putin: Yes, please, Mr Pushilin.",
    "Head of the Donetsk People’s Republic Denis Pushilin: May I?",
    "Question: What next?",
    "A.G. Dyumin: Thank you.",
    "So, importantly: I give you my word.",
    "(The President then heard the report.)",
    "* * *",
    "Taking part in the meeting were ministers.",
    "Official website of the President of Russia",
    "Документ /",
    "[Source: Kremlin Telegram channel]",
    "In همراه with the plan",
    "",
    "\u00a0",
    ":",
    "Mr President:",
    "September 28, 2023, " + "Moscow " * 100,
    "A title " * 60,
    "[Source: " + "Agency " * 60 + "]",
]
documents = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60)), max_size=12).flatmap(
        lambda parts: st.sampled_from(["\n", "\n\n", "\r\n", " "]).map(lambda sep: sep.join(parts))
    ),
)
MODELS = [Article, Person, Role, Segment, Source, Transcript]
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def counts():
    return [model.objects.count() for model in MODELS]


def imports_or_refuses_cleanly(run, check_stored):
    """Run an import: either `check_stored` holds for what it wrote, or nothing is written."""
    with transaction.atomic():
        source = Source.objects.create(name="Test source", slug="test-source")
        before = counts()
        try:
            result = run(source)
        except DocumentError as error:
            assert str(error)
            assert counts() == before
        else:
            check_stored(result)
        transaction.set_rollback(True)


def is_clean_excerpt(stored: str, document: str) -> bool:
    """Tell whether `stored` is non-empty, white space normalised, and words of `document`."""
    return bool(stored) and stored == normalise_whitespace(stored) and stored in document


def transcript_stored_as_parsed(text, title):
    document = normalise_whitespace(text)

    def check(result):
        transcript = Transcript.objects.get(pk=result.object.pk)
        given = normalise_whitespace(title or "")
        assert transcript.title == given if given else is_clean_excerpt(transcript.title, document)
        segments = list(transcript.segments.order_by("position"))
        assert [s.position for s in segments] == list(range(1, len(segments) + 1))
        assert len(segments) == result.counts["segments"] >= 1
        for segment in segments:
            assert is_clean_excerpt(segment.text, document), segment.text
            if segment.kind == SegmentKind.NARRATION:
                assert segment.speaker is None and not segment.speaker_label
            elif segment.speaker_label:
                # A word for an unnamed speaker ("Question:") names nobody.
                unnamed = segment.speaker_label.rstrip(":").strip().lower() in UNNAMED
                assert (segment.speaker is None) == unnamed, segment.speaker_label
                assert segment.speaker_label.rstrip(":").strip() in document

    return check


def story_stored_as_parsed(text, headline):
    document = normalise_whitespace(text)

    def check(result):
        article = Article.objects.get(pk=result.object.pk)
        assert article.status == PublicationStatus.DRAFT
        paragraphs = split_paragraphs(article.body)
        assert len(paragraphs) == result.counts["paragraphs"] >= 1
        for paragraph in paragraphs:
            assert is_clean_excerpt(paragraph, document), paragraph
        # A headline is one line: a pasted line break in it is stored as a space.
        given = plain_text((headline or "").strip(), one_line=True)
        if given:
            assert article.headline == given
        elif parse_story(text).headline:  # a first line that reads as one
            assert is_clean_excerpt(article.headline, document)
            assert len(paragraphs) == len(parse_story(text).paragraphs)
        else:  # the first words of the story, marked when cut short
            assert is_clean_excerpt(article.headline.removesuffix("…"), paragraphs[0])

    return check


@PROPERTY
@given(text=documents, title=st.one_of(st.none(), st.text(max_size=20), st.just("T" * 400)))
def test_transcript_importer_imports_or_raises_its_own_error(text, title):
    imports_or_refuses_cleanly(
        lambda source: transcript_import(text=text, source=source, title=title),
        transcript_stored_as_parsed(text, title),
    )


@PROPERTY
@given(text=documents, headline=st.one_of(st.none(), st.text(max_size=40), st.just("H" * 400)))
def test_story_importer_imports_or_raises_its_own_error(text, headline):
    imports_or_refuses_cleanly(
        lambda source: story_import(text=text, source=source, headline=headline),
        story_stored_as_parsed(text, headline),
    )
