"""The database refuses data that breaks the domain's rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from newsroom.coverage.models import (
    Article,
    Citation,
    Event,
    PersonName,
    Role,
    Segment,
    SegmentKind,
    Transcript,
)
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    EventFactory,
    PersonFactory,
    SegmentFactory,
    SourceFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slugs_are_unique():
    ArticleFactory(slug="same")
    refused(lambda: ArticleFactory(slug="same"))
    TranscriptFactory(slug="same")
    refused(lambda: TranscriptFactory(slug="same"))


def test_one_segment_per_transcript_position():
    segment = SegmentFactory(position=3)
    refused(lambda: SegmentFactory(transcript=segment.transcript, position=3))
    SegmentFactory(transcript=TranscriptFactory(), position=3)  # another transcript is fine


def test_segment_position_starts_at_one():
    refused(lambda: SegmentFactory(position=0))


def test_segment_text_is_not_empty():
    refused(lambda: SegmentFactory(text=""))


def test_narration_has_no_speaker():
    refused(lambda: SegmentFactory(kind=SegmentKind.NARRATION, speaker=PersonFactory()))
    assert SegmentFactory(kind=SegmentKind.NARRATION, speaker=None).pk


@pytest.mark.parametrize(
    "create",
    [
        lambda: ArticleFactory(status="live"),
        lambda: TranscriptFactory(status="public"),
        lambda: EventFactory(status="rumoured"),
        lambda: EventFactory(kind="party"),
        lambda: EventFactory(date_precision="decade"),
        lambda: SourceFactory(kind="blog"),
        lambda: CitationFactory(relation="hunch"),
        lambda: CitationFactory(status="maybe"),
        lambda: SegmentFactory(kind="song"),
    ],
    ids=[
        "article-status",
        "transcript-status",
        "event-status",
        "event-kind",
        "event-precision",
        "source-kind",
        "citation-relation",
        "citation-status",
        "segment-kind",
    ],
)
def test_status_and_kind_values_are_checked(create):
    refused(create)


def test_citation_quote_is_not_empty():
    refused(lambda: CitationFactory(quote=""))


def test_citation_is_unique_per_article_segment_and_quote():
    citation = CitationFactory()
    refused(
        lambda: Citation.objects.create(
            article=citation.article,
            segment=citation.segment,
            quote=citation.quote,
            relation="quote",
        )
    )


def test_citation_quote_must_be_in_the_story():
    citation = CitationFactory.build(
        article=ArticleFactory(), segment=SegmentFactory(), quote="Words nobody wrote."
    )
    with pytest.raises(ValidationError, match="not in the story"):
        citation.full_clean()
    citation.quote = "Second   paragraph,\nwith a claim."  # white space differences are fine
    citation.full_clean()


def test_role_end_is_not_before_start():
    person = PersonFactory()
    refused(
        lambda: Role.objects.create(
            person=person,
            title="Governor",
            start_date=dt.date(2023, 9, 10),
            end_date=dt.date(2023, 1, 1),
        )
    )


def test_other_names_are_unique_per_person_and_not_empty():
    person = PersonFactory()
    PersonName.objects.create(person=person, name="Yevgeny")
    refused(lambda: PersonName.objects.create(person=person, name="Yevgeny"))
    refused(lambda: PersonName.objects.create(person=person, name=""))
    PersonName.objects.create(person=PersonFactory(), name="Yevgeny")


def test_natural_keys_round_trip():
    citation = CitationFactory()
    segment = citation.segment
    assert Segment.objects.get_by_natural_key(*segment.natural_key()) == segment
    assert Citation.objects.get_by_natural_key(*citation.natural_key()) == citation
    assert Article.objects.get_by_natural_key(*citation.article.natural_key()) == citation.article
    event = EventFactory()
    assert Event.objects.get_by_natural_key(*event.natural_key()) == event
    transcript = segment.transcript
    assert Transcript.objects.get_by_natural_key(transcript.slug) == transcript
