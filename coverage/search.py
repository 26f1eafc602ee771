"""Search stories and transcript passages: PostgreSQL full text, or a simple fallback."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from coverage.models import Article, Segment, Transcript

LIMIT = 200  # best results of each kind taken before merging
SNIPPET_CHARS = 240
MARK_START, MARK_STOP = "\x02", "\x03"  # highlight markers, never HTML


@dataclass
class Result:
    kind: str  # "story" or "passage"
    object: object
    rank: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)  # (text, is_match)


def search(
    query: str, *, kind="", person=None, date_from=None, date_to=None, limit=LIMIT
) -> list[Result]:
    """Return published stories and passages matching `query`, best first."""
    stories = Article.objects.published().select_related("source")
    passages = Segment.objects.filter(transcript__in=Transcript.objects.published()).select_related(
        "transcript", "speaker"
    )
    if person is not None:
        stories = stories.filter(people=person)
        passages = passages.filter(speaker=person)
    if date_from:
        stories = stories.filter(published_at__date__gte=date_from)
        passages = passages.filter(transcript__date__gte=date_from)
    if date_to:
        stories = stories.filter(published_at__date__lte=date_to)
        passages = passages.filter(transcript__date__lte=date_to)
    run = _postgres if connection.vendor == "postgresql" else _fallback
    results = []
    if kind in ("", "stories"):
        results += run(stories, query, "story", "body", limit)
    if kind in ("", "passages"):
        results += run(passages, query, "passage", "text", limit)
    return sorted(results, key=lambda r: -r.rank)


def _postgres(queryset, query, kind, text_field, limit):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVectorField,
    )

    table = queryset.model._meta.db_table
    vector = RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())
    search_query = SearchQuery(query, config="english", search_type="websearch")
    rows = (
        queryset.alias(vector=vector)
        .filter(vector=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            snippet_text=SearchHeadline(
                text_field,
                search_query,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=40,
                min_words=15,
            ),
        )
        .order_by("-rank")[:limit]
    )
    return [Result(kind, row, row.rank, _split_marks(row.snippet_text)) for row in rows]


def _split_marks(text: str) -> list[tuple[str, bool]]:
    pieces = []
    for part in re.split(f"({MARK_START}.*?{MARK_STOP})", text):
        if part.startswith(MARK_START):
            pieces.append((part.strip(MARK_START + MARK_STOP), True))
        elif part:
            pieces.append((part, False))
    return pieces


def _fallback(queryset, query, kind, text_field, limit):
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1][:10]
    if not words:
        return []
    fields = ["headline", "body"] if kind == "story" else ["text", "speaker_label"]
    for word in words:
        matches = Q()
        for name in fields:
            matches |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(matches)
    order = "-published_at" if kind == "story" else "-transcript__date"
    rows = queryset.order_by(order)[:limit]
    results = []
    for row in rows:
        text = getattr(row, text_field)
        hits = sum(text.lower().count(w.lower()) for w in words)
        results.append(Result(kind, row, hits / (1 + len(text) / 1000), _snippet(text, words)))
    return results


def _snippet(text: str, words: list[str]) -> list[tuple[str, bool]]:
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    window = text[start : start + SNIPPET_CHARS]
    pieces, cursor = [], 0
    if start:
        pieces.append(("…", False))
    for match in pattern.finditer(window):
        if match.start() > cursor:
            pieces.append((window[cursor : match.start()], False))
        pieces.append((match.group(), True))
        cursor = match.end()
    pieces.append((window[cursor:], False))
    if start + SNIPPET_CHARS < len(text):
        pieces.append(("…", False))
    return [p for p in pieces if p[0]]
