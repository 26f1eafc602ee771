"""Search behaves the same on SQLite (FTS5) and PostgreSQL: both suites run every test.

Stemming, phrases, exclusions, highlighting, filters, ranking over the whole archive,
an index kept in step with edits, and drafts never found.
"""

import datetime as dt
import re

import pytest
from django.db import connection

from newsroom.coverage.models import PublicationStatus
from newsroom.coverage.search import postgres, search
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    SegmentFactory,
    TranscriptFactory,
    transcript_with,
)

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


def found(client, **query):
    return [r.object for r in results(client, query)]


def snippet_of(client, **query):
    page = client.get("/search/", query).content.decode()
    return page.split('class="snippet">')[1].split("</p>")[0]


def test_stories_and_passages_together(client, corpus):
    passage, story = corpus
    hits = {(r.kind, r.object.pk) for r in results(client, {"q": "Donbass"})}
    assert hits == {("passage", passage.pk), ("story", story.pk)}


def test_filters_kind_person_and_dates(client, corpus):
    passage, story = corpus
    assert found(client, q="Donbass", kind="stories") == [story]
    assert found(client, q="Donbass", kind="passages") == [passage]
    assert found(client, q="Donbass", person="denis-pushilin", kind="passages") == [passage]
    assert found(client, q="Donbass", kind="passages", date_from="2024-01-01") == []
    assert found(client, q="Donbass", kind="passages", date_to="2023-09-28") == [passage]
    story.people.add(passage.speaker)
    assert found(client, q="Donbass", person="denis-pushilin", kind="stories") == [story]
    published = story.published_at.date()
    assert found(client, q="Donbass", kind="stories", date_from=published) == [story]
    day_before = published - dt.timedelta(days=1)
    assert found(client, q="Donbass", kind="stories", date_to=day_before) == []


def test_invalid_filters_are_reported_and_ignored(client, corpus):
    response = client.get("/search/", {"q": "Donbass", "date_from": "not-a-date", "kind": "x"})
    assert response.status_code == 200
    assert "(ignored)" in response.content.decode()
    assert len(response.context["page"].object_list) == 2


def test_stemming_finds_other_forms_and_highlights_them(client):
    passage = SegmentFactory(text="The election was held on time in every region.")
    assert found(client, q="elections", kind="passages") == [passage]
    assert "<mark>election</mark>" in snippet_of(client, q="elections")


def test_a_quoted_phrase_needs_its_words_together_and_in_order(client):
    together = SegmentFactory(text="Donbass will never fail you.")
    apart = SegmentFactory(text="You will fail, they said; never again, we said.")
    assert set(found(client, q="fail never", kind="passages")) == {together, apart}
    assert found(client, q='"never fail"', kind="passages") == [together]
    assert found(client, q='"fail never"', kind="passages") == []


def test_a_minus_excludes_a_word_or_a_phrase(client, corpus):
    passage, story = corpus
    assert found(client, q="Donbass -voting") == [passage]
    assert found(client, q='Donbass -"rely on us"') == [story]


def test_a_query_of_only_exclusions_or_punctuation_finds_nothing(client, corpus):
    for query in ["-Donbass", "- -", '"', "&|!():*", '-"rely on"']:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert response.context["page"].object_list == []


def test_snippet_marks_matches_and_never_passes_markup_through(client):
    SegmentFactory(text="Before <b>bold</b> the word Donbass appears.")
    snippet = snippet_of(client, q="Donbass")
    assert "<mark>Donbass</mark>" in snippet
    assert "<b>" not in snippet and "bold" in snippet


def test_search_results_link_to_the_passage_anchor(client, corpus):
    passage, _ = corpus
    page = client.get("/search/", {"q": "rely"}).content.decode()
    assert f'href="{passage.get_absolute_url()}"' in page


def test_drafts_withdrawn_and_scheduled_are_never_found(client):
    for status in ["draft", "review", "withdrawn", "scheduled"]:
        extra = {"withdrawal_reason": "Wrong."} if status == "withdrawn" else {}
        if status == "scheduled":
            extra = {"publish_at": dt.datetime(2099, 1, 1, tzinfo=dt.UTC)}
        ArticleFactory(status=status, body="Quarantined words.", **extra)
        SegmentFactory(transcript=TranscriptFactory(status=status, **extra), text="Quarantined.")
    assert found(client, q="quarantined") == []


def test_the_better_match_ranks_first(client):
    once = SegmentFactory(text="Grain was mentioned once among many other matters of state.")
    often = SegmentFactory(text="Grain exports, grain prices and the grain corridor.")
    assert found(client, q="grain", kind="passages") == [often, once]
    body = ArticleFactory(headline="Other news", body="Fertiliser shipments resumed.")
    headline = ArticleFactory(headline="Fertiliser shipments", body="They resumed.")
    assert found(client, q="fertiliser shipments", kind="stories") == [headline, body]


def test_an_old_best_match_beats_many_newer_ones(client, monkeypatch):
    """The whole archive is ranked: not just the newest matches of a common word."""
    monkeypatch.setattr(postgres, "CANDIDATES", 5)
    monkeypatch.setattr(postgres, "WINDOW", 10)
    best = SegmentFactory(text="Ports, ports and the ports of the Black Sea: ports again.")
    for n in range(30):
        SegmentFactory(text=f"Item {n}: one of many reports that mention ports in passing.")
    ranked = [r.pk for r in search("ports", kind="passages")]
    assert len(ranked) == 31
    assert ranked[0] == best.pk


def test_the_index_follows_edits_and_deletions(client):
    passage = SegmentFactory(text="The bridge was opened.")
    story = ArticleFactory(headline="Bridge", body="A bridge story.")
    assert set(found(client, q="bridge")) == {passage, story}
    passage.text = "The tunnel was opened."
    passage.save()
    story.headline, story.body = "Tunnel", "A tunnel story."
    story.save()
    assert found(client, q="bridge") == []
    assert set(found(client, q="tunnel")) == {passage, story}
    passage.delete()
    story.delete()
    assert found(client, q="tunnel") == []


def test_a_transcript_becomes_searchable_when_published(client):
    transcript = transcript_with([(None, "Hydrogen was discussed at length.")])
    transcript.status = PublicationStatus.DRAFT
    transcript.save()
    assert found(client, q="hydrogen") == []
    transcript.status = PublicationStatus.PUBLISHED
    transcript.save()
    assert [s.text for s in found(client, q="hydrogen")] == ["Hydrogen was discussed at length."]


def test_results_are_capped_per_kind_and_said_so(client, monkeypatch):
    for n in range(4):
        SegmentFactory(text=f"Wheat harvest note {n}.")
    monkeypatch.setattr("newsroom.coverage.search.LIMIT", 3)
    assert len(search("wheat", limit=3)) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")
def test_postgres_declares_gin_and_ranks_with_rum_where_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'coverage_segment'"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        rum_installed = cursor.fetchone() is not None
    assert "gin (search_vector)" in indexes["coverage_segment_search"]
    from newsroom.coverage.models import Segment

    assert postgres.has_ranking_index(Segment) == rum_installed
    if rum_installed:
        ranking = indexes["coverage_segment_ranking"]
        assert "USING rum (ts_filter(search_vector, '{a,b,c,d}'::\"char\"[]))" in ranking
        assert "coverage_segment_search_rum" not in indexes  # it took every match from GIN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's fallback")
def test_without_rum_postgres_ranks_every_match_of_a_bounded_pool(client, monkeypatch):
    monkeypatch.setattr(postgres, "has_ranking_index", lambda model, using="default": False)
    monkeypatch.setattr(postgres, "CANDIDATES", 5)
    monkeypatch.setattr(postgres, "WINDOW", 10)
    best = SegmentFactory(text="Ports, ports and the ports of the Black Sea: ports again.")
    newer = [SegmentFactory(text=f"Report {n} mentions ports.") for n in range(30)]
    # 31 matches, fewer than POOL: all ranked, the oldest best first, as SQLite does.
    assert search("ports", kind="passages")[0].pk == best.pk
    # More matches than POOL, and no rarer word to go by: only the newest are ranked.
    monkeypatch.setattr(postgres, "POOL", 20)
    ranked = [r.pk for r in search("ports", kind="passages")]
    assert best.pk not in ranked and set(ranked) <= {n.pk for n in newer} and len(ranked) == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_common_query_is_ranked_over_the_matches_of_its_rare_words(monkeypatch, analysed):
    """Past POOL matches, a query of common and rare words ranks the matches holding the
    rare ones, old or new: what the query is about, as SQLite ranks every match."""
    from newsroom.coverage.models import Segment

    answer = SegmentFactory(text="In Afghanistan the region is calm, the council heard.")
    for n in range(60):
        SegmentFactory(text=f"The council of the region met, report {n}.")
    analysed(POOL=20, CANDIDATES=5)
    for rum in (True, False):
        if not rum:
            monkeypatch.setattr(postgres, "has_ranking_index", lambda m, using="default": False)
        found = search("why did the council of the region talk about Afghanistan")
        assert found[0].pk == answer.pk, rum
        assert "Afghanistan" in Segment.objects.get(pk=found[0].pk).text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_word_most_passages_hold_is_ranked_as_without_rum(analysed):
    """RUM reads every match to rank them: a word most paragraphs hold is ranked over the
    newest matches only, as without RUM; a query with a rarer word keeps RUM's ranking."""
    from newsroom.coverage.models import Segment
    from newsroom.coverage.search.query import parse

    for n in range(60):
        SegmentFactory(text=f"The harvest report number {n} from region {n % 3}.")
    SegmentFactory(text="Wheat and barley prices.")
    analysed()
    statistics = postgres.Statistics.of(Segment)
    assert statistics.shares["harvest"] > 0.9 and statistics.shares.get("wheat", 0) < 0.05

    def too_common(text):
        query = parse(text)
        return statistics.too_common(statistics.bounds(query))

    assert too_common("harvests")
    assert too_common("harvest report")
    assert not too_common("harvest wheat")  # as rare as wheat
    assert not too_common('"wheat harvest"')  # a phrase: its rarest word
    assert not too_common("wheat")
    assert statistics.too_common(statistics.bounds(parse("harvest wheat").relaxed()))

    analysed(CANDIDATES=5, POOL=20)  # more matches than POOL: the newest ranked
    newest = {s.pk for s in Segment.objects.order_by("-pk")[:6]}
    ranked = [r.pk for r in search("harvest", kind="passages")]
    assert len(ranked) == 5 and set(ranked) <= newest
    assert [r.pk for r in search("wheat", kind="passages")] == [max(newest)]


def test_when_no_result_has_every_word_those_with_some_are_shown_and_said_so(client):
    passage = SegmentFactory(text="Our sincere condolences over the death of your soldiers.")
    response = client.get("/search/", {"q": "condolences Turkish soldiers"})
    assert [r.object for r in response.context["page"].object_list] == [passage]
    assert "None has every word you asked for" in response.content.decode()
    assert "<mark>condolences</mark>" in snippet_of(client, q="condolences Turkish soldiers")
    assert found(client, q="Turkish") == []  # one word: nothing to relax


def test_stop_words_are_dropped_on_both_engines(client):
    passage = SegmentFactory(text="Guests flew across the sea.")
    assert found(client, q="the guests of the sea") == [passage]


def test_pages_never_read_the_search_vectors():
    """A vector is as long as its text: only the database's searches use it."""
    from newsroom.coverage.models import Article, Citation, Segment

    passage = SegmentFactory(text="Vectors stay in the database.")
    ArticleFactory(body="Vectors stay in the database too.")
    for queryset in [
        Segment.objects.all(),
        Article.objects.all(),
        Citation.objects.select_related("segment", "article"),
        Segment.objects.select_related("transcript").filter(search_vector__isnull=False),
    ]:
        select = str(queryset.query).split(" FROM ")[0]
        assert "search_vector" not in select
    assert Segment.objects.get(pk=passage.pk).search_vector is None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector::text FROM coverage_segment WHERE id = %s", [passage.pk]
            )
            assert "'vector':1" in cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache")
@pytest.mark.django_db(transaction=True)  # SET LOCAL lasts as long as the outer transaction
def test_postgres_plans_a_searchs_queries_for_its_words_and_only_those():
    from newsroom.coverage.search import searching

    def mode():
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            return cursor.fetchone()[0]

    with searching():
        assert mode() == "force_custom_plan"
    assert mode() == "auto"


def test_own_words_rank_above_a_speakers_title_and_each_result_says_why(client):
    """A passage found only through its speaker's title ("… Governor …") comes after
    every result that holds the words itself, and says where it matched."""
    titled = SegmentFactory(
        speaker_label="Krasnoyarsk Territory Governor Mikhail Kotyukov",
        text="May I, Mr President? Kotyukov, Krasnoyarsk.",
    )
    spoken = SegmentFactory(text="The governors were elected in September.")
    story = ArticleFactory(headline="Putin meets newly elected governors", body="Elections.")
    shown = results(client, {"q": "governors"})
    assert {r.object for r in shown[:2]} == {spoken, story} and len(shown) == 3
    assert shown[2].object == titled and not shown[2].own_words
    page = client.get("/search/", {"q": "governors"}).content.decode()
    why = page.split('class="snippet why">')[1].split("</p>")[0]
    assert why.startswith("Found in the speaker’s title, not in what was said:")
    assert "<mark>Governor</mark>" in why
    assert page.count("<mark>") == 3  # each result shows the words it was found by


def test_a_passage_with_the_words_in_its_title_and_its_text_is_found_by_its_text(client):
    both = SegmentFactory(
        speaker_label="Governor Ivan Petrov", text="As governor I report on the harvest."
    )
    [result] = results(client, {"q": "governor"})
    assert result.object == both and result.own_words
    assert "<mark>governor</mark>" in snippet_of(client, q="governor")
    assert "speaker’s title" not in client.get("/search/", {"q": "governor"}).content.decode()


def test_governors_on_the_seed_finds_the_stories_first(client, seed, seeded_synonyms):
    """The seed's "governors": both stories say it, and a passage says "regional heads"
    (a synonym kept in admin); the Krasnoyarsk governor's passage holds it only in its
    speaker's title, so it comes last and says so."""
    shown = results(client, {"q": "governors"})
    assert [r.kind for r in shown].count("story") == 2
    assert shown[-1].object.text == "May I, Mr President? Kotyukov, Krasnoyarsk."
    assert not shown[-1].own_words and all(r.own_words for r in shown[:-1])
    synonyms = [r.object.text for r in shown[:-1] if r.kind == "passage"]
    # PostgreSQL counts a phrase's stop word as any word: "heads of Russian regions" is
    # "head of the region" there, not on SQLite.
    wording = r"regional heads?\b|heads? of (the|\w+) (region|republic)"
    assert synonyms and all(re.search(wording, t) for t in synonyms)


def test_a_story_found_by_its_standfirst_shows_it(client):
    ArticleFactory(headline="Talks", standfirst="On grain exports.", body="They met.")
    assert snippet_of(client, q="grain") == "On <mark>grain</mark> exports."


def test_a_passage_saying_one_word_of_the_query_is_found_by_its_own_words(client):
    """Both databases: a passage holding any word of the query in its text is found by
    its own words, though its speaker's title holds the other."""
    SegmentFactory(speaker_label="Governor Ivan Petrov", text="The harvest is in.")
    [result] = results(client, {"q": "governor harvest"})
    assert result.own_words
