"""Kept fragments: a story's text and notes and a transcript's turns, rendered once per
change of what they show, fresh after any change, never shown to whom the page is not."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.coverage.models import Article, PublicationStatus, Transcript
from tests.factories import CitationFactory, PersonFactory, UserFactory
from tests.site_data import build_world, first_published
from tests.test_site_pages import PAGES, build_world_more

pytestmark = pytest.mark.django_db

# Queries of a page whose fragment is kept: whether the reader may open it, and its row.
KEPT = {
    "story": (lambda w: first_published(Article).get_absolute_url(), 1),
    "transcript": (lambda w: first_published(Transcript).get_absolute_url(), 1),
}


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("page", KEPT)
def test_a_kept_page_reads_one_row_whatever_the_data(client, page):
    make_url, kept_queries = KEPT[page]
    world = build_world(2)
    first, rendered = get(client, make_url(world))
    again, queries = get(client, make_url(world))
    assert (rendered, queries) == (PAGES[page][1], kept_queries) and again == first
    build_world_more(18)  # a change: rendered afresh, then kept
    assert get(client, make_url(world))[1] == PAGES[page][1]
    assert get(client, make_url(world))[1] == kept_queries


def test_without_a_shared_cache_every_request_renders(client, settings):
    settings.SHARED_CACHE = False
    build_world(1)
    url = first_published(Article).get_absolute_url()
    assert get(client, url)[1] == get(client, url)[1] == PAGES["story"][1]


class TestFreshAfterAChange:
    def test_cited_passage_edited(self, client):
        citation = CitationFactory(segment__text="What was said first.")
        url = citation.article.get_absolute_url()
        assert "What was said first." in get(client, url)[0]
        citation.segment.text = "What the record says now."
        citation.segment.save()
        page = get(client, url)[0]
        assert "What the record says now." in page and "said first" not in page

    def test_citation_rejected(self, client):
        citation = CitationFactory(segment__text="Backing words.")
        url = citation.article.get_absolute_url()
        assert "Backing words." in get(client, url)[0]
        citation.status = "rejected"
        citation.save()
        assert "Backing words." not in get(client, url)[0]

    def test_speaker_renamed_on_the_transcript_and_the_story(self, client):
        citation = CitationFactory(segment__speaker=PersonFactory(name="Old Name"))
        transcript_url = citation.segment.transcript.get_absolute_url()
        story_url = citation.article.get_absolute_url()
        assert "Old Name" in get(client, transcript_url)[0] + get(client, story_url)[0]
        citation.segment.speaker.name = "New Name"
        citation.segment.speaker.save()
        for url in (transcript_url, story_url):
            page = get(client, url)[0]
            assert "New Name" in page and "Old Name" not in page, url

    def test_citing_story_headline_changed_on_the_transcript(self, client):
        citation = CitationFactory(article__headline="First headline")
        url = citation.segment.transcript.get_absolute_url()
        assert "First headline" in get(client, url)[0]
        citation.article.headline = "Second headline"
        citation.article.save()
        assert "Second headline" in get(client, url)[0]

    def test_a_story_dated_in_the_future_is_shown_when_its_date_comes(self, client):
        from newsroom.coverage.background.tasks import publish_when_due

        citation = CitationFactory()
        transcript = citation.segment.transcript
        url = transcript.get_absolute_url()
        article = citation.article
        article.published_at = timezone.now() + timedelta(hours=1)
        article.save()
        assert article.headline not in get(client, url)[0]  # not yet: dated in an hour
        type(article).objects.filter(pk=article.pk).update(published_at=timezone.now())
        assert get(client, url)[1] == 1  # nothing was saved: the page is still kept
        publish_when_due.call("coverage.article", article.pk)  # its task, at its time
        assert article.headline in get(client, url)[0]


class TestNeverLeaked:
    def test_a_draft_rendered_for_staff_is_not_shown_to_readers(self, client):
        citation = CitationFactory(article__status=PublicationStatus.DRAFT)
        url = citation.article.get_absolute_url()
        client.force_login(UserFactory(is_staff=True))
        assert "Draft — not public." in get(client, url)[0]
        client.logout()
        assert client.get(url).status_code == 404

    def test_a_passage_of_a_draft_transcript_appears_only_once_published(self, client):
        citation = CitationFactory(
            segment__text="Not yet public words.", segment__transcript__status="draft"
        )
        url = citation.article.get_absolute_url()
        client.force_login(UserFactory(is_staff=True))  # staff render the same fragment
        assert "Not yet public words." not in get(client, url)[0]
        client.logout()
        assert "Not yet public words." not in get(client, url)[0]
        transcript = citation.segment.transcript
        transcript.status = PublicationStatus.PUBLISHED
        transcript.save()
        assert "Not yet public words." in get(client, url)[0]

    def test_withdrawn_story_is_gone_at_once(self, client):
        citation = CitationFactory()
        url = citation.article.get_absolute_url()
        get(client, url)
        Article.objects.filter(pk=citation.article.pk).update(status="withdrawn")  # no signal
        assert client.get(url).status_code != 200


def test_kept_copy_is_escaped_as_the_first(client):
    nasty = '<script>alert("x")</script>'
    citation = CitationFactory(
        article__headline=nasty,
        article__body=f"{nasty}\n\nSecond paragraph, with a claim.",
        segment__text=nasty,
        segment__speaker=PersonFactory(name=nasty),
    )
    for url in (
        citation.article.get_absolute_url(),
        citation.segment.transcript.get_absolute_url(),
    ):
        first, _ = get(client, url)
        kept, queries = get(client, url)
        assert queries == 1 and kept == first and "<script>alert" not in kept, url
        assert "&lt;script&gt;alert" in kept
