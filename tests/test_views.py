"""Public pages: published content only, escaped, with query counts that do not grow."""

import pytest
from django.urls import reverse

from coverage.models import PublicationStatus
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    SegmentFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db


def make_stories(count):
    for _ in range(count):
        citation = CitationFactory()
        SegmentFactory.create_batch(3, transcript=citation.segment.transcript)


@pytest.mark.parametrize("rows", [2, 20])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, rows):
    make_stories(rows)
    with django_assert_num_queries(2):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("segments", [3, 30])
def test_transcript_page_query_count_does_not_grow(client, django_assert_num_queries, segments):
    transcript = TranscriptFactory()
    SegmentFactory.create_batch(segments, transcript=transcript)
    with django_assert_num_queries(2):
        response = client.get(transcript.get_absolute_url())
    assert response.content.decode().count('class="segment ') == segments


@pytest.mark.parametrize("citations", [1, 10])
def test_story_page_query_count_does_not_grow(client, django_assert_num_queries, citations):
    article = ArticleFactory()
    for _ in range(citations):
        CitationFactory(article=article)
    with django_assert_num_queries(2):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_home_lists_published_stories_and_transcripts_only(client):
    ArticleFactory(headline="Public story")
    ArticleFactory(headline="Secret draft", status=PublicationStatus.DRAFT)
    TranscriptFactory(title="Public transcript")
    TranscriptFactory(title="Unreleased transcript", status=PublicationStatus.IN_REVIEW)
    page = client.get("/").content.decode()
    assert "Public story" in page and "Public transcript" in page
    assert "Secret draft" not in page and "Unreleased transcript" not in page


@pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
def test_unpublished_pages_are_404(client, status):
    article = ArticleFactory(status=status)
    transcript = TranscriptFactory(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(transcript.get_absolute_url()).status_code == 404


def test_story_never_shows_citations_of_an_unpublished_transcript(client):
    citation = CitationFactory(segment__text="A passage from a draft transcript.")
    citation.segment.transcript.status = PublicationStatus.DRAFT
    citation.segment.transcript.save()
    page = client.get(citation.article.get_absolute_url()).content.decode()
    assert "A passage from a draft transcript." not in page


def test_story_links_confirmed_citation_to_the_paragraph_anchor(client):
    citation = CitationFactory(segment__position=7)
    CitationFactory(
        article=citation.article, status="suggested", segment__text="Only suggested, not shown."
    )
    page = client.get(citation.article.get_absolute_url()).content.decode()
    assert f'href="{citation.segment.transcript.get_absolute_url()}#p7"' in page
    assert "Only suggested, not shown." not in page


def test_transcript_paragraphs_are_anchored(client):
    segment = SegmentFactory(position=12, speaker_label="Moscow Mayor Sergei Sobyanin")
    page = client.get(segment.transcript.get_absolute_url()).content.decode()
    assert 'id="p12"' in page
    assert "Moscow Mayor Sergei Sobyanin:" in page


def test_document_text_is_escaped(client):
    nasty = '<script>alert("x")</script>'
    article = ArticleFactory(headline=nasty, body=f"Para {nasty}.")
    segment = SegmentFactory(text=nasty, speaker_label=nasty)
    for url in ["/", article.get_absolute_url(), segment.transcript.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "<script>" not in page, url
    assert "&lt;script&gt;" in client.get(article.get_absolute_url()).content.decode()


def test_seeded_home_lists_both_stories_and_the_transcript(client, seed):
    page = client.get(reverse("home")).content.decode()
    assert "Putin to meet 26 newly elected regional heads by video link" in page
    assert "Putin heads to Khabarovsk for a session on developing Far Eastern cities" in page
    assert "Meeting with newly elected regional heads" in page
