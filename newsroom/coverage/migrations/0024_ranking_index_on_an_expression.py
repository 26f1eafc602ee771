"""The RUM indexes move from the search vectors to an expression of them (PostgreSQL).

On the column, PostgreSQL chose RUM for every match it looked for, where GIN finds a
phrase of common words many times faster; on an expression only the ranking query names,
GIN finds and RUM orders (search/postgres.py). Nothing to do without RUM or on SQLite.
"""

from django.db import migrations

from newsroom.coverage.search import postgres


def move_ranking_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgres.ensure_ranking_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0023_more_synonyms")]

    operations = [migrations.RunPython(move_ranking_indexes, migrations.RunPython.noop)]
