"""Keep the SQLite objects Django's schema editor does not know about.

Migrations add triggers (the linking statistics, 0006) and FTS5 indexes fed by triggers
(search, 0012). To alter a table SQLite makes Django rebuild it, and the rebuilt table
has none of the old one's triggers; `repair` runs after every migrate and puts back what
is missing, recounting what the missing triggers would have kept.
"""

from importlib import import_module

from django.db.migrations.recorder import MigrationRecorder

STATISTICS = "0006_index_statistics"
SEARCH = "0012_search_vectors_on_the_models"


def repair(connection) -> list[str]:
    """Recreate missing triggers and indexes on SQLite; return the names put back."""
    if connection.vendor != "sqlite":
        return []
    applied = {
        name
        for app, name in MigrationRecorder(connection).applied_migrations()
        if app == "coverage"
    }
    repaired = []
    if STATISTICS in applied:
        repaired += _statistics(connection)
    if SEARCH in applied:
        from newsroom.coverage.search import sqlite

        repaired += sqlite.ensure_index(connection)
    return repaired


def _statistics(connection) -> list[str]:
    # The migration's own statements are the one definition of these triggers.
    migration = import_module(f"newsroom.coverage.migrations.{STATISTICS}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        existing = {name for (name,) in cursor.fetchall()}
        missing = [
            (name, sql)
            for name, sql in zip(migration.SQLITE_TRIGGERS, migration.SQLITE, strict=True)
            if name not in existing
        ]
        if not missing:
            return []
        for _, sql in missing:
            cursor.execute(sql)
        cursor.execute("DELETE FROM coverage_termstat")
        cursor.execute("DELETE FROM coverage_indextotals")
        for sql in migration.COUNT_EXISTING:
            cursor.execute(sql)
    return [name for name, _ in missing]
