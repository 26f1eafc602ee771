"""Add stored, GIN-indexed full-text vectors on PostgreSQL (generated columns).

The columns are computed by the database from the text, so they never go stale and
no model field is needed; on other databases this migration does nothing.
"""

from django.db import migrations

COLUMNS = {
    "coverage_article": (
        "setweight(to_tsvector('english', coalesce(headline, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(body, '')), 'C')"
    ),
    "coverage_segment": (
        "setweight(to_tsvector('english', coalesce(speaker_label, '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(text, '')), 'C')"
    ),
}


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_gin ON {table} USING gin (search_vector)"
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("coverage", "0002_link_index")]

    operations = [migrations.RunPython(add_vectors, drop_vectors)]
