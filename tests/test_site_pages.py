"""Reader pages: right content, escaped, drafts hidden, and query counts that do not grow."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.coverage.models import Article, PublicationStatus, Transcript
from newsroom.coverage.search import search
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    PersonFactory,
    SegmentFactory,
    TranscriptFactory,
    UserFactory,
)
from tests.site_data import build_world, first_published, forget_everything_kept

pytestmark = pytest.mark.django_db

# Queries each page makes, whatever the amount of data.
PAGES = {
    "home": (lambda w: "/", 3),
    "story list": (lambda w: "/stories/", 2),
    # The story; the people, places, events and other sources it names with the other
    # names of its people and places and whether it has corrections (one query); its
    # citations. A story with corrections reads them too.
    "story": (lambda w: first_published(Article).get_absolute_url(), 3),
    "transcript list": (lambda w: "/transcripts/", 2),
    # The transcript, its paragraphs, the stories citing them, the speakers, its revisions.
    "transcript": (lambda w: first_published(Transcript).get_absolute_url(), 5),
    "person list": (lambda w: "/people/", 2),
    "person": (lambda w: w["speaker"].get_absolute_url(), 7),
    "event list": (lambda w: "/events/", 2),
    "event": (lambda w: w["event"].get_absolute_url(), 4),
    "source": (lambda w: w["source"].get_absolute_url(), 4),
    "place": (lambda w: w["place"].get_absolute_url(), 6),
    # Both databases: one ranking query per kind, then one per kind reading the rows
    # shown with their highlighted snippets. PostgreSQL first sets its plans to be made
    # for the words searched (search.postgres.planned_for_their_words). One reads the
    # ranking's statistics (none here: no paragraph is indexed; test_api_search counts
    # the ranking's reads with them).
    "search": (lambda w: searched("paragraph"), 5 + (connection.vendor == "postgresql")),
    "rss": (lambda w: "/feeds/stories/rss/", 2),
    "atom": (lambda w: "/feeds/stories/atom/", 2),
    "person feed": (lambda w: f"/feeds/people/{w['speaker'].slug}/rss/", 3),
    "event feed": (lambda w: f"/feeds/events/{w['event'].slug}/atom/", 3),
    "sitemap": (lambda w: "/sitemap.xml", 12),
    "news sitemap": (lambda w: "/sitemap-news.xml", 1),
}


def searched(words):
    """Return the search page's address, once the process knows its search engine."""
    search("warm up")  # PostgreSQL asks once per process whether RUM ranks
    return f"/search/?q={words}"


def count_queries(client, url):
    """Count the queries of `url` with nothing kept (list counts are kept until they change)."""
    forget_everything_kept()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_locked_and_does_not_grow_tenfold(client, page):
    make_url, expected = PAGES[page]
    world = build_world(2)
    small = count_queries(client, make_url(world))
    build_world_more(18)
    assert count_queries(client, make_url(world)) == small == expected


def build_world_more(n):
    """Add stories, transcripts and people to the existing world's source and place."""
    from newsroom.coverage.models import Event, Person, Place, Source

    source, place = Source.objects.get(slug="main-source"), Place.objects.get(slug="main-place")
    speaker, event = Person.objects.get(slug="main-speaker"), Event.objects.get(slug="main-event")
    for i in range(n):
        transcript = TranscriptFactory(source=source, event=event, place=place)
        segment = SegmentFactory(transcript=transcript, speaker=speaker, position=1)
        person = PersonFactory()
        article = ArticleFactory(source=source, events=[event], people=[person, speaker])
        article.places.add(place)
        CitationFactory(article=article, segment=segment)
        CitationFactory(article=Article.objects.order_by("pk").first(), segment=segment)
        event.participants.add(person)
        SegmentFactory(
            transcript=Transcript.objects.order_by("pk").first(), position=10 + i, speaker=speaker
        )


class TestStoryPage:
    def test_cited_words_link_to_the_passage_and_note(self, client):
        citation = CitationFactory(segment__position=7, segment__text="What was said, verbatim.")
        page = client.get(citation.article.get_absolute_url()).content.decode()
        url = citation.segment.transcript.get_absolute_url()
        assert f'<a class="cited" href="{url}#p7">Second paragraph, with a claim.</a>' in page
        assert f'id="c{citation.pk}"' in page and 'id="note-1"' in page
        assert "What was said, verbatim." in page
        assert citation.segment.speaker.name in page

    def test_suggested_and_rejected_citations_are_not_shown(self, client):
        article = ArticleFactory()
        CitationFactory(article=article, status="suggested", segment__text="Only suggested.")
        CitationFactory(article=article, status="rejected", segment__text="Rejected one.")
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Only suggested." not in page and "Rejected one." not in page

    def test_citation_whose_words_were_edited_away_is_listed_unanchored(self, client):
        citation = CitationFactory(segment__text="The backing passage.")
        article = citation.article
        article.body = "Entirely rewritten text."
        article.save()
        page = client.get(article.get_absolute_url()).content.decode()
        assert "no longer in the story" in page and "The backing passage." in page
        assert 'class="cited"' not in page

    def test_people_and_places_named_are_linked(self, client):
        person = PersonFactory(name="Leonid Pasechnik")
        article = ArticleFactory(body="Leonid Pasechnik spoke first.", people=[person])
        page = client.get(article.get_absolute_url()).content.decode()
        assert f'<a href="{person.get_absolute_url()}">Leonid Pasechnik</a>' in page

    def test_jsonld_newsarticle_cites_the_transcript(self, client):
        citation = CitationFactory(segment__position=3)
        page = client.get(citation.article.get_absolute_url()).content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
        )
        assert data["@type"] == "NewsArticle"
        assert data["citation"][0]["url"].endswith(
            f"{citation.segment.transcript.get_absolute_url()}#p3"
        )
        assert 'property="og:title"' in page and 'rel="canonical"' in page

    def test_document_text_is_escaped_everywhere(self, client):
        nasty = '<script>alert("x")</script></script>'
        person = PersonFactory(name=nasty)
        citation = CitationFactory(
            article__headline=nasty,
            article__body=f"Para {nasty}. Second paragraph, with a claim.",
            article__people=[person],
            segment__text=nasty,
            segment__speaker=person,
            segment__speaker_label=nasty,
        )
        urls = [
            "/",
            citation.article.get_absolute_url(),
            citation.segment.transcript.get_absolute_url(),
            person.get_absolute_url(),
            "/search/?q=alert",
        ]
        for url in urls:
            page = client.get(url).content.decode()
            assert "<script>alert" not in page, url
            assert page.count("</script>") == page.count("<script"), url


class TestTranscriptPage:
    def test_turns_speaker_links_anchors_and_citing_stories(self, client):
        speaker = PersonFactory(name="Sergei Sobyanin")
        first = SegmentFactory(
            position=1, speaker=speaker, speaker_label="Moscow Mayor Sergei Sobyanin"
        )
        SegmentFactory(transcript=first.transcript, position=2, speaker=speaker)
        citation = CitationFactory(segment=first)
        CitationFactory(segment=first, article__status=PublicationStatus.DRAFT)
        page = client.get(first.transcript.get_absolute_url()).content.decode()
        assert f'<a href="{speaker.get_absolute_url()}">Moscow Mayor Sergei Sobyanin</a>' in page
        assert 'id="p1"' in page and 'id="p2"' in page
        assert page.count('class="turn"') == 1
        assert "Cited in 1 story:" in page
        assert f'href="{citation.article.get_absolute_url()}#c{citation.pk}"' in page


class TestDrafts:
    @pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
    def test_anonymous_readers_get_404_and_see_nothing(self, client, status):
        article = ArticleFactory(status=status, headline="Secret headline")
        transcript = TranscriptFactory(status=status, title="Secret transcript")
        SegmentFactory(transcript=transcript, text="Secret paragraph")
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(transcript.get_absolute_url()).status_code == 404
        for url in [
            "/",
            "/stories/",
            "/transcripts/",
            "/search/?q=secret",
            "/feeds/stories/rss/",
            "/feeds/stories/atom/",
            "/sitemap.xml",
            "/sitemap-news.xml",
        ]:
            page = client.get(url).content.decode()
            assert "Secret" not in page, url

    def test_staff_preview_a_draft_with_a_banner(self, client):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        client.force_login(UserFactory(is_staff=True))
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Draft — not public." in page

    def test_published_pages_have_no_banner(self, client):
        article = ArticleFactory()
        assert "Draft — not public." not in client.get(article.get_absolute_url()).content.decode()


class TestEntityPages:
    def test_person_page_roles_speech_stories(self, client):
        segment = SegmentFactory(text="Words they said.")
        person = segment.speaker
        from tests.factories import RoleFactory

        RoleFactory(person=person, title="Krasnoyarsk Territory Governor")
        ArticleFactory(headline="Story naming them", people=[person])
        page = client.get(person.get_absolute_url()).content.decode()
        assert "Krasnoyarsk Territory Governor" in page
        assert "Words they said." in page and f'{segment.get_absolute_url()}"' in page
        assert "Story naming them" in page
        assert '"@type": "ProfilePage"' in page

    def test_event_page_shows_approximate_dates(self, client):
        from tests.factories import EventFactory

        event = EventFactory(date_precision="month", status="announced", format="")
        page = client.get(event.get_absolute_url()).content.decode()
        assert "September 2023 (approximate)" in page and "Announced" in page
        assert '"@type": "Event"' in page


@pytest.mark.parametrize(
    "url",
    [
        "/stories/?page=abc",
        "/stories/?page=-1",
        "/stories/?page=99999999999999999999999",
        "/transcripts/?page=1e9",
        "/people/?page=%00",
        "/events/?page=",
        "/search/?q=x&page=zz",
        "/search/?q=x&date_from=2023-13-45&date_to=yesterday",
        "/search/?q=x&kind=everything&person=no-such-person",
        "/search/?q=%00%01",
        "/search/?q=" + "x" * 5000,
        "/search/?q=a%20%26%20%7C%20!%20(%20%3A*",
        "/search/?unknown=1&q[]=2",
        "/feeds/people/nobody/rss/",
        "/sources/nobody/",
    ],
)
def test_malformed_query_strings_never_give_a_500(client, url):
    build_world(1)
    assert client.get(url).status_code in (200, 404)


def test_machine_readable_times_are_valid_html_even_with_microseconds(client):
    """The Nu HTML Checker refuses more than three digits of a second in `datetime`."""
    import datetime as dt

    from tests.factories import ArticleFactory

    moment = dt.datetime(2026, 12, 2, 11, 2, 28, 399398, tzinfo=dt.UTC)
    article = ArticleFactory(status=PublicationStatus.PUBLISHED, published_at=moment)
    Article.objects.filter(pk=article.pk).update(updated_at=moment)
    pages = [client.get(article.get_absolute_url()), client.get("/stories/")]
    values = [v for page in pages for v in re.findall(r'datetime="([^"]+)"', page.content.decode())]
    assert "2026-12-02T11:02:28+0000" in values
    valid = re.compile(
        r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:?\d{2}|Z))?$"
    )
    assert all(valid.match(v) for v in values), values


def test_story_lists_what_it_names_in_each_models_order_and_links_other_names(client):
    """The story page reads who and what it names in one query (views/stories.py): each
    kind keeps its model's order, a person's other name in the text is linked, and
    corrections are read (one query more) when there are some."""
    from newsroom.coverage.models import PersonName
    from tests.factories import EventFactory, PlaceFactory, SourceFactory

    article = ArticleFactory(body="Mr Zed met Oddname at the summit.")
    zed = PersonFactory(name="Zed Zulu", sort_name="Zulu, Zed", slug="zed")
    abe = PersonFactory(name="Abe Able", sort_name="Able, Abe", slug="abe")
    PersonName.objects.create(person=abe, name="Oddname")
    undated = EventFactory(title="A undated", date=None)
    later = EventFactory(title="B later", date=dt.date(2024, 1, 1))
    earlier = EventFactory(title="C earlier", date=dt.date(2020, 1, 1))
    article.people.add(zed, abe)
    article.events.add(undated, earlier, later)
    article.places.add(PlaceFactory(name="Yonder"), PlaceFactory(name="Alpha"))
    article.other_sources.add(SourceFactory(name="Zeta wire"), SourceFactory(name="Beta wire"))
    article.corrections.create(text="The <b>date</b> was wrong.")
    assert count_queries(client, article.get_absolute_url()) == PAGES["story"][1] + 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The &lt;b&gt;date&lt;/b&gt; was wrong." in page
    named = page[page.index('id="named-heading"') :]
    order = ["Abe Able", "Zed Zulu", "B later", "C earlier", "A undated", "Alpha", "Yonder"]
    assert [named.index(f">{name}</a>") for name in order] == sorted(
        named.index(f">{name}</a>") for name in order
    )
    assert page.index(">Beta wire</a>") < page.index(">Zeta wire</a>")
    assert '<a href="/people/abe/">Oddname</a>' in page
