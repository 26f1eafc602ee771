"""`published()` is the one definition of public, for stories and transcripts alike."""

import datetime as dt

import pytest
from django.utils import timezone

from newsroom.coverage.models import Article, PublicationStatus, Transcript
from tests.factories import ArticleFactory, TranscriptFactory

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
