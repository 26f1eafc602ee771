"""How PostgreSQL picks the matches it ranks (search/postgres.py): by what its statistics
say of a query, through GIN to find and RUM to order. The statistics' arithmetic runs
on both suites; the searches on PostgreSQL."""

import pytest
from django.db import connection

from newsroom.coverage.search import postgres, search
from newsroom.coverage.search.postgres import Statistics
from newsroom.coverage.search.query import Query, Term, parse
from tests.factories import SegmentFactory

ROWS = 1_000_000
STATISTICS = Statistics({"region": 0.5, "head": 0.2, "moscow": 0.02}, floor=0.001, rows=ROWS)


def test_the_statistics_bound_a_querys_matches_and_estimate_them():
    # Every word wanted: at most the rarest term's rows; likely the shares' product.
    likely, high, shares = STATISTICS.bounds(parse("moscow region"))
    assert shares == pytest.approx((0.02, 0.5))
    assert high == pytest.approx(0.02 * ROWS) and likely == pytest.approx(0.01 * ROWS)
    # Any word: at most all terms' rows together; likely one less the chance of none.
    likely, high, _ = STATISTICS.bounds(parse("moscow region").relaxed())
    assert high == pytest.approx(0.52 * ROWS) and likely == pytest.approx(0.51 * ROWS)
    # A word the statistics do not list is rarer than the rarest they do.
    assert STATISTICS.bounds(parse("Kiriyenko region"))[1] == pytest.approx(0.001 * ROWS)
    # A phrase is as rare as its rarest word; its stop words count for nothing.
    assert STATISTICS.share(Term(("head", "of", "the", "region"))) == pytest.approx(0.2)
    assert STATISTICS.bounds(parse('"head of the region"'))[0] == 0  # not one word
    # A word excluded: nothing is likely.
    assert STATISTICS.bounds(parse("region -moscow"))[0] == 0
    # Before the table is analysed nothing is known.
    assert Statistics({}).bounds(parse("region"))[:2] == (0.0, float("inf"))
    assert not Statistics({}).too_common(Statistics({}).bounds(parse("region")))


def test_a_query_with_too_many_matches_for_rum_is_told_by_rows_and_share():
    def too_common(statistics, text, any_word=False):
        query = parse(text).relaxed() if any_word else parse(text)
        return statistics.too_common(statistics.bounds(query))

    assert too_common(STATISTICS, "region")  # likely half the rows
    assert not too_common(STATISTICS, "moscow")  # 20,000 rows
    assert not too_common(STATISTICS, "moscow region")  # likely 10,000, at most 20,000
    assert too_common(STATISTICS, "moscow region", any_word=True)
    # Not one word likely, but possibly 200,000 rows (a phrase's words go together).
    assert too_common(STATISTICS, '"head of the region"')
    # More than a tenth of a small table (100,000 stories): it finds nearly everything.
    stories = Statistics({"moscow": 0.2}, floor=0.001, rows=100_000)
    assert too_common(stories, "moscow") and not too_common(stories, "Kiriyenko")
    # More than RUM_MATCHES rows however large the table (ten million paragraphs).
    larger = Statistics({"moscow": 0.008}, floor=0.001, rows=10_000_000)
    assert too_common(larger, "moscow") and not too_common(larger, "Kiriyenko")


def test_phrases_are_ordered_by_their_rarest_word():
    query = Query((Term(("head", "of", "the", "region"), alternatives=(("governor",),)),))
    [term] = postgres._loosened(query, STATISTICS).terms
    assert term.forms == (("head",), ("governor",))
    assert postgres._loosened(parse("moscow region"), STATISTICS) is None  # no phrase
    negated = parse('"Moscow Region" -"head of the region"')
    loosened = postgres._loosened(negated, STATISTICS)
    assert [t.forms for t in loosened.wanted] == [(("Moscow",),)]
    assert loosened.unwanted == negated.unwanted  # excluding a word would exclude more


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's candidates")
@pytest.mark.django_db
def test_a_phrase_ordered_through_rum_by_one_word_finds_only_where_it_stands(monkeypatch, analysed):
    """RUM orders the matches of the phrase's rarest word; only those holding the
    phrase are kept. Without RUM, the same rows are found through GIN."""
    from newsroom.coverage.models import Segment

    together = [SegmentFactory(text=f"The Moscow Region built school {n}.") for n in range(4)]
    for n in range(30):
        SegmentFactory(text=f"Moscow and the region {n} apart.")
    for n in range(360):
        SegmentFactory(text=f"Unrelated paragraph {n}.")
    analysed(POOL=3)  # past it: ordered through RUM, if installed
    loosened = []
    loosen = postgres._loosened
    monkeypatch.setattr(
        postgres, "_loosened", lambda *a: loosened.append(loosen(*a)) or loosened[-1]
    )
    for query in ('"Moscow Region"', '"Moscow Region" Kaluga'):  # every word, then any
        found = search(query, kind="passages")
        assert {r.pk for r in found} == {s.pk for s in together}, query
        assert all("Moscow Region" in Segment.objects.get(pk=r.pk).text for r in found)
    if postgres.has_ranking_index(Segment):
        assert [q.wanted[0].forms for q in loosened] == [(("Moscow",),)] * 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's candidates")
@pytest.mark.django_db
def test_a_phrase_much_rarer_than_its_words_is_found_whole(monkeypatch, analysed):
    """Ordered by one word, RUM's first rows may hold none of the phrase ("State
    Council" among every "council"): then it is ordered by the phrase itself."""
    from newsroom.coverage.models import Segment

    together = [
        SegmentFactory(text=f"After a long day the council meeting {n} began in the hall.")
        for n in range(2)
    ]
    for n in range(40):
        SegmentFactory(text=f"The council held a meeting {n}.")
    for n in range(500):
        SegmentFactory(text=f"Unrelated paragraph {n}.")
    analysed(POOL=3, LOOSE=1)
    ordered = []
    nearest = postgres._nearest
    monkeypatch.setattr(postgres, "_nearest", lambda qs, q: ordered.append(q) or nearest(qs, q))
    found = search('"council meeting"', kind="passages", limit=3)
    assert {r.pk for r in found} == {s.pk for s in together}
    if postgres.has_ranking_index(Segment):
        # By one word first, then, with too few rows holding the phrase, by the phrase.
        assert [len(q.wanted[0].words) for q in ordered] == [1, 2]
