"""The inverted index the linking engine searches: stemmed terms per segment."""

from collections import Counter, defaultdict

from django.db import connection, transaction

from coverage.linking.tokens import terms
from coverage.models import Segment, SegmentTerm

BATCH = 2000
COLUMNS = ("segment_id", "transcript_id", "length", "stem", "count")


def index_pending(progress=None) -> int:
    """Index every segment not indexed since its text last changed; return how many.

    `progress`, if given, is called with the size of each batch done.
    """
    done = 0
    while True:
        batch = list(
            Segment.objects.filter(token_count__isnull=True).values_list(
                "pk", "transcript_id", "text"
            )[:BATCH]
        )
        if not batch:
            return done
        index_segments(batch)
        done += len(batch)
        if progress:
            progress(len(batch))


@transaction.atomic
def index_segments(segments: list[tuple[int, int, str]]) -> None:
    """Replace the index rows of (pk, transcript_id, text) segments.

    Rows are written as plain tuples: the index is derived data, rebuilt at will, and
    model instances would cost more than the insert itself.
    """
    ids = [pk for pk, _, _ in segments]
    SegmentTerm.objects.filter(segment_id__in=ids).delete()
    rows, by_length = [], defaultdict(list)
    for pk, transcript_id, text in segments:
        counts = Counter(terms(text))
        length = sum(counts.values())
        by_length[length].append(pk)
        rows.extend((pk, transcript_id, length, stem, min(n, 32767)) for stem, n in counts.items())
    _insert(rows)
    for length, pks in by_length.items():
        Segment.objects.filter(pk__in=pks).update(token_count=length)


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
