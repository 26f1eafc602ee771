"""The linking index's statistics stay equal to a recount on every path that writes it."""

import pytest
from django.db.models import Count, Sum

from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.models import IndexTotals, Segment, SegmentTerm, TermStat
from tests.factories import SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db


def recount():
    frequencies = dict(
        SegmentTerm.objects.values("stem").annotate(n=Count("segment")).values_list("stem", "n")
    )
    indexed = Segment.objects.filter(token_count__isnull=False)
    totals = indexed.aggregate(n=Count("pk"), tokens=Sum("token_count"))
    return frequencies, (totals["n"], totals["tokens"] or 0)


def kept():
    frequencies = dict(TermStat.objects.filter(segments__gt=0).values_list("stem", "segments"))
    row = IndexTotals.objects.filter(pk=1).values_list("segments", "tokens").first()
    return frequencies, tuple(row or (0, 0))


def test_statistics_follow_indexing_edits_and_deletions():
    first, second = TranscriptFactory(), TranscriptFactory()
    for transcript, texts in (
        (first, ["Grain exports rose sharply", "Grain prices fell", "Nothing about exports"]),
        (second, ["Regional budgets grew", "Grain harvest in the regions"]),
    ):
        for position, text in enumerate(texts, start=1):
            SegmentFactory(transcript=transcript, position=position, text=text)
    assert kept() == ({}, (0, 0))

    assert index_pending() == 5
    frequencies, totals = kept()
    assert frequencies["grain"] == 3
    assert totals == (5, 15)
    assert kept() == recount()

    edited = Segment.objects.get(transcript=first, position=2)
    edited.text = "Oil prices fell again today"
    edited.save()  # no longer indexed until the engine next asks
    assert kept()[1] == (4, 12)
    index_pending()
    assert kept()[0]["grain"] == 2
    assert kept() == recount()

    Segment.objects.get(transcript=first, position=1).delete()
    assert kept() == recount()
    second.delete()  # cascades to its segments and their index rows
    assert kept() == recount()
    assert kept()[0].get("grain") is None
    assert kept()[1] == (2, 6)


def test_rebuild_reindexes_everything_to_the_same_statistics():
    from django.core.management import call_command

    transcript = TranscriptFactory()
    for position, text in enumerate(["Grain exports rose", "Budgets of the regions"], start=1):
        SegmentFactory(transcript=transcript, position=position, text=text)
    call_command("build_linking_index", verbosity=0)
    before = kept()
    assert before[1] == (2, 5)
    call_command("build_linking_index", rebuild=True, verbosity=0)
    assert kept() == before == recount()
