"""Full-text search on SQLite: an FTS5 index beside each searched table, ranked by bm25.

Each index is an external-content FTS5 table (the text stays in the model's table) with
Porter stemming over unicode61 tokens, kept in step by triggers. Django rebuilds a
SQLite table to alter it, which drops the table's triggers: `ensure_index` runs after
every migrate (`sqlite_schema.repair`), puts back whatever is missing and then rebuilds
that index from the text.
"""

import contextlib
from dataclasses import dataclass

from django.db import connections
from django.db.models.expressions import RawSQL

from newsroom.coverage.search.query import Query, fts5


@dataclass(frozen=True)
class Index:
    table: str  # the model's table
    columns: tuple[str, ...]
    weights: tuple[float, ...]  # bm25 weight of each column, as PostgreSQL's A, B, C
    snippet_column: int  # the column a result's snippet is cut from
    own: tuple[float, ...]  # 1 for the row's own words, 0 for its speaker's title

    @property
    def name(self) -> str:
        return f"{self.table}_fts"


INDEXES = {
    "story": Index(
        "coverage_article", ("headline", "standfirst", "body"), (5.0, 2.0, 1.0), 2, (1, 1, 1)
    ),
    "passage": Index("coverage_segment", ("speaker_label", "text"), (2.0, 1.0), 1, (0, 1)),
}
SNIPPET_TOKENS = 32


def planned_for_their_words(using: str = "default"):
    """Nothing to do: SQLite plans every statement it runs (postgres.py's says why)."""
    return contextlib.nullcontext()


def ensure_index(connection) -> list[str]:
    """Create each FTS5 index and its triggers where missing, filling what was created;
    return the names created."""
    created = []
    with connection.cursor() as cursor:
        for index in INDEXES.values():
            existing = {
                name
                for (name,) in cursor.execute(
                    "SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{index.name}%"]
                )
            }
            missing = {name: sql for name, sql in _schema(index).items() if name not in existing}
            for sql in missing.values():
                cursor.execute(sql)
            if missing:
                cursor.execute(f"INSERT INTO {index.name}({index.name}) VALUES ('rebuild')")
            created += missing
    return created


def drop_index(connection) -> None:
    with connection.cursor() as cursor:
        for index in INDEXES.values():
            for name in _schema(index):  # the triggers live on the model's table
                if name != index.name:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {index.name}")


def _schema(index: Index) -> dict[str, str]:
    """Return {name: CREATE statement} for the index and the triggers that feed it."""
    columns = ", ".join(index.columns)
    new = ", ".join(f"new.{c}" for c in index.columns)
    old = ", ".join(f"old.{c}" for c in index.columns)
    insert = f"INSERT INTO {index.name}(rowid, {columns}) VALUES (new.id, {new});"
    delete = (
        f"INSERT INTO {index.name}({index.name}, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old});"
    )
    return {
        index.name: (
            f"CREATE VIRTUAL TABLE {index.name} USING fts5({columns}, "
            f"content='{index.table}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        ),
        f"{index.name}_insert": (
            f"CREATE TRIGGER {index.name}_insert AFTER INSERT ON {index.table} BEGIN {insert} END"
        ),
        f"{index.name}_delete": (
            f"CREATE TRIGGER {index.name}_delete AFTER DELETE ON {index.table} BEGIN {delete} END"
        ),
        f"{index.name}_update": (
            f"CREATE TRIGGER {index.name}_update AFTER UPDATE OF {columns} ON {index.table} "
            f"BEGIN {delete} {insert} END"
        ),
    }


def rank(
    queryset, query: Query, kind: str, limit: int, narrowed: bool = False
) -> list[tuple[int, float, bool]]:
    """Return [(pk, rank, own)] of the best `limit` rows of `queryset` matching `query`;
    `own`: whether the row's own words match, not only its speaker's title (FTS5 ranks
    every match, `narrowed` to a person or dates or not)."""
    index = INDEXES[kind]
    weights = ", ".join(str(w) for w in index.weights)
    # bm25 is lower for better, and 0 where no column it weighs holds a word.
    own = ", ".join(str(float(w)) for w in index.own)
    rows = _matching(
        queryset,
        query,
        kind,
        f"rowid, -bm25({index.name}, {weights}) AS score, bm25({index.name}, {own}) < 0",
        "ORDER BY score DESC LIMIT %s",
        [limit],
    )
    return [(pk, score, bool(own)) for pk, score, own in rows]


def count(queryset, query: Query, kind: str) -> int:
    """Return how many rows of `queryset` match `query`."""
    return _matching(queryset, query, kind, "count(*)", "", [])[0][0]


def _matching(queryset, query: Query, kind: str, columns: str, tail: str, params) -> list:
    index = INDEXES[kind]
    # Each match is checked against the filters by its primary key: a rare word costs a
    # few lookups, and no query builds the set of every published row first.
    this_match = queryset.filter(pk=RawSQL(f"{index.name}.rowid", [])).values("pk")
    allowed, allowed_params = this_match.query.sql_with_params()
    # The ORM cannot say MATCH, bm25() or snippet(): FTS5 is SQLite's own.
    sql = (
        f"SELECT {columns} FROM {index.name} "
        f"WHERE {index.name} MATCH %s AND EXISTS ({allowed}) {tail}"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [fts5(query), *allowed_params, *params])
        return cursor.fetchall()


def highlight(kind: str, field: str, query: Query, marks) -> RawSQL:
    """Return the expression of a row's short `field` (a headline, a speaker's title)
    whole, its matches between `marks`."""
    index = INDEXES[kind]
    start, stop = (f"char({ord(mark)})" for mark in marks)
    # As snippet(): FTS5's highlight() answers only inside a MATCH query.
    return RawSQL(
        f"(SELECT highlight({index.name}, {index.columns.index(field)}, {start}, {stop}) "
        f"FROM {index.name} WHERE {index.name} MATCH %s AND rowid = {index.table}.id)",
        [fts5(query)],
    )


def snippet(kind: str, query: Query, marks, field: str = "") -> RawSQL:
    """Return the expression of a row's text (or `field`) around the matches, between
    `marks`."""
    index = INDEXES[kind]
    column = index.columns.index(field) if field else index.snippet_column
    start, stop = (f"char({ord(mark)})" for mark in marks)
    # FTS5's snippet() answers only inside a MATCH query: one per row shown, found by rowid.
    return RawSQL(
        f"(SELECT snippet({index.name}, {column}, {start}, {stop}, '…', "
        f"{SNIPPET_TOKENS}) FROM {index.name} WHERE {index.name} MATCH %s "
        f"AND rowid = {index.table}.id)",
        [fts5(query)],
    )
