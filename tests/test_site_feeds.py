"""Feeds parse with a real feed parser; sitemaps parse as XML with the right namespaces."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, EventFactory, PersonFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def stories():
    person, event = PersonFactory(slug="someone"), EventFactory(slug="an-event")
    recent = ArticleFactory(
        headline="Recent <story> & more",
        published_at=timezone.now() - dt.timedelta(hours=3),
        people=[person],
        events=[event],
        byline="A. Reporter",
    )
    old = ArticleFactory(headline="Old story", published_at=timezone.now() - dt.timedelta(days=30))
    ArticleFactory(headline="A draft", status="draft")
    return recent, old


@pytest.mark.parametrize(
    ("url", "version"), [("/feeds/stories/rss/", "rss20"), ("/feeds/stories/atom/", "atom10")]
)
def test_story_feeds_parse(client, stories, url, version):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Recent <story> & more", "Old story"]
    assert feed.entries[0].link.endswith(stories[0].get_absolute_url())
    assert feed.entries[0].published_parsed is not None


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_person_and_event_feeds_hold_their_stories(client, stories, kind):
    for url in [f"/feeds/people/someone/{kind}/", f"/feeds/events/an-event/{kind}/"]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        assert [e.title for e in feed.entries] == ["Recent <story> & more"]


def test_sitemap_lists_public_pages_with_namespace(client, stories):
    TranscriptFactory(slug="public-transcript")
    TranscriptFactory(slug="hidden-transcript", status="draft")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}urlset"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert any(loc.endswith(stories[0].get_absolute_url()) for loc in locations)
    assert any(loc.endswith("/transcripts/public-transcript/") for loc in locations)
    assert not any("hidden-transcript" in loc for loc in locations)
    assert not any("a-draft" in loc for loc in locations)


def test_news_sitemap_holds_recent_stories_only(client, stories):
    response = client.get("/sitemap-news.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    titles = [t.text for t in root.iter(f"{NEWS}title")]
    assert titles == ["Recent <story> & more"]
    assert root.find(f"{SITEMAP}url/{NEWS}news/{NEWS}publication/{NEWS}name").text == "newsroom"


def test_robots_txt_names_the_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text


ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/feeds/stories/rss/",
    "/feeds/stories/atom/",
    "/feeds/people/someone/rss/",
    "/feeds/people/someone/atom/",
    "/feeds/events/an-event/rss/",
    "/feeds/events/an-event/atom/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_keep_the_rules_the_w3c_validator_checks(client, stories, url):
    """Dates on every item, an author for every Atom entry, and a feed-level update time
    that is the newest item's, so it stays the same from fetch to fetch."""
    first, again = client.get(url).content, client.get(url).content
    assert first == again  # nothing in the feed changes between two fetches
    root = ET.fromstring(first)
    if url.endswith("/atom/"):
        entries = root.findall(f"{ATOM}entry")
        assert entries
        feed_updated = root.find(f"{ATOM}updated").text
        entry_updated = [e.find(f"{ATOM}updated").text for e in entries]
        assert all(entry_updated) and feed_updated == max(entry_updated)
        assert len(set(entry_updated)) == len(entry_updated)
        assert root.find(f"{ATOM}author/{ATOM}name").text == "newsroom"  # for entries with none
        bylines = [e.find(f"{ATOM}author/{ATOM}name") for e in entries]
        assert [b.text for b in bylines if b is not None] == ["A. Reporter"]
        assert all(entry.find(f"{ATOM}published") is not None for entry in entries)
    else:
        items = root.findall("channel/item")
        assert items and all(item.find("pubDate") is not None for item in items)
        assert root.find("channel/lastBuildDate") is not None


@pytest.mark.parametrize("url", ["/feeds/stories/atom/", "/feeds/stories/rss/"])
def test_seed_feeds_have_their_fixed_dates(client, seed, url):
    """The demo content carries its documented publication times, so its feeds validate."""
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    assert [e.published_parsed[:5] for e in feed.entries] == [
        (2026, 11, 16, 9, 20),
        (2026, 11, 16, 9, 10),
    ]
