"""The inverted index the linking engine searches: stemmed terms per segment."""

import logging
from collections import Counter, defaultdict

from django.db import connection, transaction

from newsroom.coverage.linking.tokens import terms
from newsroom.coverage.models import Segment, SegmentTerm

logger = logging.getLogger(__name__)
BATCH = 5000
COLUMNS = ("segment_id", "transcript_id", "length", "stem", "count")


def index_pending(progress=None, batches: int | None = None) -> int:
    """Index every segment not indexed since its text last changed; return how many.

    `progress`, if given, is called with the size of each batch done. Pending segments
    are found through a partial index, in key order, so each batch costs the same.
    `batches`, if given, stops after that many batches (the rest waits for next time).
    """
    done, last = 0, 0
    while batches is None or batches > 0:
        batches = None if batches is None else batches - 1
        batch = list(
            Segment.objects.filter(token_count__isnull=True, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not batch:
            if done:
                logger.info("Indexed %d paragraphs for the linking engine", done)
            return done
        done += index_segments(batch)
        last = batch[-1]
        if progress:
            progress(len(batch))
    logger.info("Indexed %d paragraphs for the linking engine; more wait", done)
    return done


@transaction.atomic
def index_segments(ids: list[int]) -> int:
    """Index the segments of `ids` still waiting to be indexed; return how many.

    Their rows are locked first, in key order: two workers indexing at once (two
    suggestion jobs) take turns, and the second finds them indexed and skips them.
    Index rows are written as plain tuples: the index is derived data, rebuilt at will,
    and model instances would cost more than the insert itself.
    """
    segments = list(
        Segment.objects.select_for_update()
        .filter(pk__in=ids, token_count__isnull=True)
        .order_by("pk")
        .values_list("pk", "transcript_id", "text")
    )
    ids = [pk for pk, _, _ in segments]
    SegmentTerm.objects.filter(segment_id__in=ids).delete()
    rows, by_length = [], defaultdict(list)
    for pk, transcript_id, text in segments:
        counts = Counter(terms(text))
        length = sum(counts.values())
        by_length[length].append(pk)
        rows.extend((pk, transcript_id, length, stem, min(n, 32767)) for stem, n in counts.items())
    _insert(rows)
    _set_lengths(by_length)
    return len(segments)


def _insert(rows: list[tuple]) -> None:
    """Insert index rows: COPY on PostgreSQL, executemany elsewhere."""
    table = connection.ops.quote_name(SegmentTerm._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _set_lengths(by_length: dict[int, list[int]]) -> None:
    """Store each segment's length: one statement on PostgreSQL, one per length elsewhere."""
    if connection.vendor == "postgresql":
        ids = [pk for pks in by_length.values() for pk in pks]
        lengths = [length for length, pks in by_length.items() for _ in pks]
        table = connection.ops.quote_name(Segment._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET token_count = v.n "
                "FROM unnest(%s::bigint[], %s::integer[]) AS v(id, n) "
                f"WHERE {table}.id = v.id",
                [ids, lengths],
            )
        return
    for length, pks in by_length.items():
        Segment.objects.filter(pk__in=pks).update(token_count=length)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
