"""The inverted index the linking engine searches: stemmed terms per segment."""

from collections import Counter

from django.db import transaction

from coverage.linking.tokens import terms
from coverage.models import Segment, SegmentTerm

BATCH = 2000


def index_pending() -> int:
    """Index every segment not indexed since its text last changed; return how many."""
    done = 0
    while True:
        batch = list(Segment.objects.filter(token_count__isnull=True).only("pk", "text")[:BATCH])
        if not batch:
            return done
        index_segments(batch)
        done += len(batch)


@transaction.atomic
def index_segments(segments: list[Segment]) -> None:
    SegmentTerm.objects.filter(segment__in=segments).delete()
    rows = []
    for segment in segments:
        counts = Counter(terms(segment.text))
        segment.token_count = sum(counts.values())
        rows.extend(
            SegmentTerm(segment_id=segment.pk, stem=stem, count=min(n, 32767))
            for stem, n in counts.items()
        )
    SegmentTerm.objects.bulk_create(rows, batch_size=5000)
    Segment.objects.bulk_update(segments, ["token_count"], batch_size=5000)
