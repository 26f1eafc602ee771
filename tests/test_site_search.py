"""Search finds published stories and passages together, filtered, with escaped snippets."""

import datetime as dt

import pytest
from django.db import connection

from tests.factories import ArticleFactory, PersonFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    speaker = PersonFactory(slug="denis-pushilin", name="Denis Pushilin")
    passage = SegmentFactory(
        text="Donbass will never fail you. You can rely on us.",
        speaker=speaker,
        transcript__date=dt.date(2023, 9, 28),
    )
    story = ArticleFactory(headline="Donbass story", body="A story about Donbass and voting.")
    hidden = TranscriptFactory(status="draft")
    SegmentFactory(transcript=hidden, text="Donbass in a draft transcript.")
    ArticleFactory(status="draft", body="Donbass in a draft story.")
    return passage, story


def results(client, query):
    return client.get("/search/", query).context["page"].object_list


def test_stories_and_passages_together(client, corpus):
    passage, story = corpus
    found = {(r.kind, r.object.pk) for r in results(client, {"q": "Donbass"})}
    assert found == {("passage", passage.pk), ("story", story.pk)}


def test_filters_kind_person_and_dates(client, corpus):
    passage, story = corpus
    assert [r.object for r in results(client, {"q": "Donbass", "kind": "stories"})] == [story]
    assert [r.object for r in results(client, {"q": "Donbass", "kind": "passages"})] == [passage]
    by_person = results(client, {"q": "Donbass", "person": "denis-pushilin", "kind": "passages"})
    assert [r.object for r in by_person] == [passage]
    later = results(client, {"q": "Donbass", "kind": "passages", "date_from": "2024-01-01"})
    assert later == []


def test_invalid_filters_are_reported_and_ignored(client, corpus):
    response = client.get("/search/", {"q": "Donbass", "date_from": "not-a-date", "kind": "x"})
    assert response.status_code == 200
    assert "(ignored)" in response.content.decode()
    assert len(response.context["page"].object_list) == 2


def test_snippet_marks_matches_and_never_passes_markup_through(client):
    """The document's markup is escaped (SQLite) or dropped by ts_headline (PostgreSQL)."""
    SegmentFactory(text="Before <b>bold</b> the word Donbass appears.")
    page = client.get("/search/", {"q": "Donbass"}).content.decode()
    snippet = page.split('class="snippet">')[1].split("</p>")[0]
    assert "<mark>Donbass</mark>" in snippet
    assert "<b>" not in snippet and "bold" in snippet
    if connection.vendor == "sqlite":
        assert "&lt;b&gt;bold&lt;/b&gt;" in snippet


def test_search_results_link_to_the_passage_anchor(client, corpus):
    passage, _ = corpus
    page = client.get("/search/", {"q": "rely"}).content.decode()
    assert f'href="{passage.get_absolute_url()}"' in page


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgres_ranks_with_stemming_and_a_gin_index(client, corpus):
    passage, _ = corpus
    found = results(client, {"q": "relying", "kind": "passages"})  # stemmed: rely
    assert [r.object for r in found] == [passage]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'coverage_segment_search_gin'"
        )
        assert "gin (search_vector)" in cursor.fetchone()[0]
