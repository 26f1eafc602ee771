"""The full-text search vector of stories and passages, declared on the models.

On PostgreSQL each row keeps a weighted `tsvector`, a stored generated column under a
GIN index (as djangoproject.com's search does). SQLite has no such type: there the
column holds NULL and an FTS5 index does the work (`newsroom.coverage.search.sqlite`).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func

CONFIG = "english"  # the text search configuration: English stemming and stop words


class PostgresOnly(Func):
    """An expression PostgreSQL computes and any other database reads as NULL."""

    template = "%(expressions)s"
    output_field = SearchVectorField()  # the expression's type; the column is never read

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


def weighted_vector(**weights: str) -> PostgresOnly:
    """Return the vector of `weights` ({field name: weight letter}), heaviest first."""
    vectors = [SearchVector(name, weight=weight, config=CONFIG) for name, weight in weights.items()]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return PostgresOnly(combined)


class UnreadSearchVectorField(SearchVectorField):
    """A tsvector that queries search and rank by, and never read into Python."""

    def select_format(self, compiler, sql, params):
        # A paragraph's vector is as long as the paragraph, and no page shows one:
        # selecting it with every row (a transcript's 1,000, a story list's stories) would
        # fetch and parse it for nothing. WHERE and ORDER BY still use the column.
        return "NULL", []


class SearchVectorGeneratedField(models.GeneratedField):
    """The generated search vector column; reads as None (see UnreadSearchVectorField)."""

    def select_format(self, compiler, sql, params):
        return "NULL", []


def search_vector_field(**weights: str) -> models.GeneratedField:
    return SearchVectorGeneratedField(
        expression=weighted_vector(**weights),
        output_field=UnreadSearchVectorField(),
        db_persist=True,  # PostgreSQL 15 has no virtual generated columns
        editable=False,
    )


class SearchIndex(GinIndex):
    """The GIN index of a search vector, on PostgreSQL; nothing on other databases."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            # Django's schema editor runs whatever this returns; a comment runs as nothing.
            return f"-- {self.name}: a PostgreSQL index"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return f"-- {self.name}: a PostgreSQL index"
        return super().remove_sql(model, schema_editor, **kwargs)
