"""Search vectors declared on the models; FTS5 on SQLite; RUM ranking where installed.

On PostgreSQL the untracked `search_vector` columns of 0003 give way to the models'
generated fields (the same expression) under GIN indexes, and RUM indexes are added when
the extension is available. On SQLite the generated columns hold NULL and FTS5 indexes,
fed by triggers, are created instead.
"""

import django.contrib.postgres.search
from django.db import migrations

import newsroom.coverage.models.search_vectors
from newsroom.coverage.search import postgres, sqlite


def drop_untracked_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("coverage_article", "coverage_segment"):
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


def add_engine_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgres.ensure_ranking_index(schema_editor.connection)
    elif schema_editor.connection.vendor == "sqlite":
        sqlite.ensure_index(schema_editor.connection)


def drop_engine_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in (*postgres.RANKING_INDEXES.values(), *postgres.FORMER_RANKING_INDEXES):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    elif schema_editor.connection.vendor == "sqlite":
        sqlite.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0011_quote_checks")]

    operations = [
        migrations.RunPython(drop_untracked_vectors, migrations.RunPython.noop),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=newsroom.coverage.models.search_vectors.SearchVectorGeneratedField(
                db_persist=True,
                expression=newsroom.coverage.models.search_vectors.PostgresOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "headline", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "standfirst", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "body", config="english", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    )
                ),
                output_field=newsroom.coverage.models.search_vectors.UnreadSearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="segment",
            name="search_vector",
            field=newsroom.coverage.models.search_vectors.SearchVectorGeneratedField(
                db_persist=True,
                expression=newsroom.coverage.models.search_vectors.PostgresOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            "speaker_label", config="english", weight="B"
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "text", config="english", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    )
                ),
                output_field=newsroom.coverage.models.search_vectors.UnreadSearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=newsroom.coverage.models.search_vectors.SearchIndex(
                fields=["search_vector"], name="coverage_article_search"
            ),
        ),
        migrations.AddIndex(
            model_name="segment",
            index=newsroom.coverage.models.search_vectors.SearchIndex(
                fields=["search_vector"], name="coverage_segment_search"
            ),
        ),
        migrations.RunPython(add_engine_indexes, drop_engine_indexes),
    ]
