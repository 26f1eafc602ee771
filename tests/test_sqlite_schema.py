"""SQLite: the triggers Django's schema editor does not know survive table rebuilds."""

import pytest
from django.core.management import call_command
from django.db import connection

from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.models import IndexTotals
from newsroom.coverage.search import search
from tests.factories import SegmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own triggers"),
]


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_a_migrated_database_has_every_trigger():
    assert {
        "coverage_segment_inserted",
        "coverage_segment_deleted",
        "coverage_segmentterm_added",
        "coverage_segment_fts_insert",
        "coverage_segment_fts_update",
        "coverage_segment_fts_delete",
        "coverage_article_fts_insert",
    } <= triggers()


def test_migrate_puts_back_the_search_triggers_and_refills_the_index():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER coverage_segment_fts_insert")
    passage = SegmentFactory(text="Written while the trigger was missing: turbines.")
    assert search("turbines") == []
    call_command("migrate", verbosity=0)
    assert [r.pk for r in search("turbines")] == [passage.pk]


def test_migrate_puts_back_the_linking_statistics_triggers_and_recounts():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER coverage_segment_indexed")
    SegmentFactory.create_batch(3)
    index_pending()
    assert IndexTotals.current()[0] == 0  # nothing counted them
    call_command("migrate", verbosity=0)
    assert "coverage_segment_indexed" in triggers()
    assert IndexTotals.current()[0] == 3
