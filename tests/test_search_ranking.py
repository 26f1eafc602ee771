"""The best matches of each engine are ordered by one formula, the same on both databases
(both suites run these): BM25 over the stemmed words, weighted by how many paragraphs
hold each word (the linking engine's statistics)."""

import pytest

from newsroom.coverage.background.sweeping import sweep
from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.models import IndexTotals, Segment
from newsroom.coverage.search import search
from tests.factories import SegmentFactory

pytestmark = pytest.mark.django_db


def texts(query: str) -> list[str]:
    results = search(query, kind="passages")
    by_pk = dict(Segment.objects.filter(pk__in=[r.pk for r in results]).values_list("pk", "text"))
    return [by_pk[r.pk] for r in results]


def test_a_rare_word_outweighs_a_common_one_repeated():
    for n in range(30):
        SegmentFactory(text=f"The region reported on the region's budget, item {n}.")
    answer = SegmentFactory(text="Afghanistan was discussed by the region's council.")
    SegmentFactory(text="The region, the region and the region again: region.")
    index_pending()
    assert texts("region Afghanistan")[0] == answer.text
    # Relaxed to any word: the rare word still decides.
    assert texts("region Afghanistan Patagonia")[0] == answer.text


def test_before_any_paragraph_is_indexed_the_engines_order_stands():
    SegmentFactory(text="Budget and budget again.")
    SegmentFactory(text="A budget.")
    assert IndexTotals.current()[0] == 0
    assert len(texts("budget")) == 2


def test_the_sweep_indexes_new_paragraphs_for_ranking():
    SegmentFactory(text="A paragraph waiting for the index.")
    assert IndexTotals.current()[0] == 0
    assert sweep()["paragraphs_indexed"] == 1
    assert IndexTotals.current()[0] == 1
    assert sweep()["paragraphs_indexed"] == 0


def test_ties_and_order_do_not_depend_on_the_database():
    """The same rows scored alike are ordered newest first, on both engines."""
    same = [SegmentFactory(text="Grain exports grew.") for _ in range(3)]
    index_pending()
    assert [r.pk for r in search("grain exports", kind="passages")] == [
        s.pk for s in reversed(same)
    ]


def test_the_readers_own_word_counts_more_than_a_synonym_or_another_spelling(
    seeded_synonyms,
):
    from tests.factories import PersonFactory

    PersonFactory(name="Sergei Shoigu")
    # The reader's word first, though the newer of two rows scored alike comes first.
    typed = SegmentFactory(text="The astronauts met the minister at the station.")
    synonym = SegmentFactory(text="The cosmonauts met the minister at the station.")
    index_pending()
    assert texts("astronauts station") == [typed.text, synonym.text]
    assert texts("cosmonauts station") == [synonym.text, typed.text]
    shoigu = SegmentFactory(text="Minister Shoigu opened the exercises.")
    shoygu = SegmentFactory(text="Minister Shoygu opened the exercises.")
    index_pending()
    assert texts("Shoygu exercises") == [shoygu.text, shoigu.text]
    assert texts("Shoigu exercises")[0] == shoigu.text


def test_a_phrase_is_counted_each_time_its_words_stand_together():
    from newsroom.coverage.search.ranking import _count

    stems = ("head", "region", "said", "head", "head", "region", "head")
    assert _count(stems, ("head", "region")) == 2
    assert _count(stems, ("head",)) == 4
    assert _count(stems, ("region", "head")) == 1  # not past the end
    assert _count(stems, ("head", "head", "region")) == 1
    assert _count(stems, ("governor",)) == _count(stems, ("governor", "region")) == 0


def test_a_phrase_counts_where_its_words_stand_together():
    from newsroom.coverage.search import ranking

    def score(text):
        fields = {"speaker_label": "", "text": text}
        return ranking._score("passage", 1, fields, [{("head", "region"): 1.0}], [1.0], 10.0)

    together, own = score("The head of the region opened the airport.")
    assert together > 0 and own
    assert score("The head spoke; the region listened.") == (0.0, False)
    # Scored again from the stems kept for the row, and afresh when its text changed.
    assert score("The head of the region opened the airport.")[0] == together
    assert score("The head spoke; the region listened.") == (0.0, False)
