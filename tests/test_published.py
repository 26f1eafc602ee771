"""`published()` is the one definition of public, for stories and transcripts alike."""

import datetime as dt

import pytest
from django.utils import timezone

from newsroom.coverage.models import Article, Citation, PublicationStatus, Transcript
from tests.factories import ArticleFactory, CitationFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.WITHDRAWN]


@pytest.mark.parametrize(
    ("model", "factory"), [(Article, ArticleFactory), (Transcript, TranscriptFactory)]
)
def test_published_keeps_only_published_rows(model, factory):
    public = factory(status=PublicationStatus.PUBLISHED)
    dated = factory(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now() - dt.timedelta(hours=1)
    )
    for status in NOT_PUBLIC:
        factory(status=status)
    assert set(model.objects.published()) == {public, dated}
    assert public.is_public and dated.is_public


@pytest.mark.parametrize(
    ("model", "factory"), [(Article, ArticleFactory), (Transcript, TranscriptFactory)]
)
def test_published_hides_rows_dated_in_the_future(model, factory):
    future = factory(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now() + dt.timedelta(days=1)
    )
    assert not model.objects.published().filter(pk=future.pk).exists()
    assert not future.is_public


def test_published_is_chainable_with_listing_shape():
    article = ArticleFactory()
    ArticleFactory(status=PublicationStatus.DRAFT)
    assert list(Article.objects.for_listing().published()) == [article]


def test_a_story_shows_only_citations_of_transcripts_published_reads_as_public():
    """The rule applied across a relation (a join) agrees with `published()` (a subquery)."""
    now = timezone.now()
    states = [
        {"status": PublicationStatus.PUBLISHED},
        {"status": PublicationStatus.PUBLISHED, "published_at": now - dt.timedelta(hours=1)},
        {"status": PublicationStatus.PUBLISHED, "published_at": now + dt.timedelta(hours=1)},
        *({"status": status} for status in NOT_PUBLIC),
    ]
    story = ArticleFactory()
    for state in states:
        segment = SegmentFactory(transcript=TranscriptFactory(**state))
        CitationFactory(article=story, segment=segment)
    shown = set(Citation.objects.shown_on_stories().filter(article=story))
    public = Transcript.objects.published()
    assert shown == set(Citation.objects.filter(article=story, segment__transcript__in=public))
    assert len(shown) == 2
