"""Search stories and transcript passages: PostgreSQL full text, or a simple fallback."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from newsroom.coverage.models import Article, Segment, Transcript

LIMIT = 100  # best results of each kind taken before merging
CANDIDATES = 200  # matches of each kind that are ranked, newest first (PostgreSQL)
WINDOW = 20_000  # the newest rows of each kind looked at first
SNIPPET_CHARS = 240
MARK_START, MARK_STOP = "\x02", "\x03"  # highlight markers, never HTML
TEXT_FIELDS = {"story": "body", "passage": "text"}


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
        results += run(stories, query, "story", limit)
    if kind in ("", "passages"):
        results += run(passages, query, "passage", limit)
    return sorted(results, key=lambda r: -r.rank)


def add_snippets(results: list[Result], query: str) -> None:
    """Fill in the highlighted snippets of `results`: only those shown, as they cost most."""
    if not results:
        return
    if connection.vendor == "postgresql":
        snippets = _postgres_headlines(results, query)
        for result in results:
            result.snippet = _split_marks(snippets.get((result.kind, result.object.pk), ""))
    else:
        words = _words(query)
        for result in results:
            result.snippet = _snippet(getattr(result.object, TEXT_FIELDS[result.kind]), words)


def _postgres(queryset, query, kind, limit):
    from django.contrib.postgres.search import SearchRank, SearchVectorField

    table = queryset.model._meta.db_table
    vector = RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())
    search_query = _search_query(query)
    # Ranking reads every match's vector, and a common word matches a third of a
    # million paragraphs. So only CANDIDATES matches are ranked: the newest, found in
    # the last WINDOW rows through the GIN index; if those are too few, any others.
    # PostgreSQL runs the second branch only when the first falls short.
    match = "search_vector @@ websearch_to_tsquery('english', %s)"
    newest = RawSQL(
        f'(SELECT id FROM "{table}" WHERE id > (SELECT max(id) FROM "{table}") - %s '
        f"AND {match} ORDER BY id DESC LIMIT %s) "
        f'UNION ALL (SELECT id FROM "{table}" WHERE {match} LIMIT %s) LIMIT %s',
        [WINDOW, query, CANDIDATES, query, CANDIDATES, CANDIDATES],
    )
    rows = (
        queryset.filter(pk__in=newest)
        .defer(TEXT_FIELDS[kind])  # the snippet comes from ts_headline, for the shown few
        .alias(vector=vector)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank")[:limit]
    )
    return [Result(kind, row, row.rank) for row in rows]


def _search_query(query):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, config="english", search_type="websearch")


HEADLINE = (
    "ts_headline('english', {field}, websearch_to_tsquery('english', %s), "
    "'StartSel=\u0002, StopSel=\u0003, MaxWords=40, MinWords=15')"
)


def _postgres_headlines(results: list[Result], query: str) -> dict[tuple[str, int], str]:
    """Return {(kind, pk): headline} for `results`, in one query whatever their kinds."""
    ids = {kind: [r.object.pk for r in results if r.kind == kind] for kind in TEXT_FIELDS}
    parts, params = [], []
    for kind, model in (("story", Article), ("passage", Segment)):
        table = connection.ops.quote_name(model._meta.db_table)
        headline = HEADLINE.format(field=connection.ops.quote_name(TEXT_FIELDS[kind]))
        parts.append(f"SELECT %s, id, {headline} FROM {table} WHERE id = ANY(%s)")
        params += [kind, query, ids[kind]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(kind, pk): text for kind, pk, text in cursor.fetchall()}


def _split_marks(text: str) -> list[tuple[str, bool]]:
    pieces = []
    for part in re.split(f"({MARK_START}.*?{MARK_STOP})", text):
        if part.startswith(MARK_START):
            pieces.append((part.strip(MARK_START + MARK_STOP), True))
        elif part:
            pieces.append((part, False))
    return pieces


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query) if len(w) > 1][:10]


def _fallback(queryset, query, kind, limit):
    words = _words(query)
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
        text = getattr(row, TEXT_FIELDS[kind])
        hits = sum(text.lower().count(w.lower()) for w in words)
        results.append(Result(kind, row, hits / (1 + len(text) / 1000)))
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
