"""SQLite: a request, the worker and a sweep writing at once wait their turn; none fails
with "database is locked" (as a form's report and a test's flush once did in CI)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from newsroom.coverage.models import Source

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking"),
]


def test_the_embedded_database_is_written_ahead_and_begins_writes_at_once():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_writer_that_read_first_waits_for_another_instead_of_failing():
    """A transaction reads, another writes meanwhile, the first then writes: with
    deferred transactions SQLite refuses the first at once; here both are kept."""
    started, errors = threading.Event(), []

    def other_writer():
        try:
            started.set()
            with transaction.atomic():
                Source.objects.create(name="Other", slug="other")
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        Source.objects.count()  # a read first, as a form's save does
        thread = threading.Thread(target=other_writer)
        thread.start()
        started.wait()
        time.sleep(0.3)  # the other writer is now waiting on its BEGIN
        Source.objects.create(name="Mine", slug="mine")
    thread.join(timeout=30)
    assert not errors, errors
    assert set(Source.objects.values_list("slug", flat=True)) >= {"mine", "other"}
