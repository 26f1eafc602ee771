"""Search published stories and transcript passages, ranked, on PostgreSQL or SQLite.

One behaviour, two engines: the reader's query is read once (`query.parse`), then
ranked by PostgreSQL's full text search (`postgres`) or SQLite's FTS5 (`sqlite`).
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from newsroom.coverage.models import Article, Segment, Transcript
from newsroom.coverage.search import lexicon, postgres, ranking, sqlite
from newsroom.coverage.search.query import Query, parse

LIMIT = 100  # best results of each kind taken before merging
KINDS = {"stories": "story", "passages": "passage"}  # the kind filter → the results' kind
MARK_START, MARK_STOP = "\x02", "\x03"  # highlight markers, never HTML
TITLES = {"story": "headline", "passage": "speaker_label"}  # shown whole, matches marked


@dataclass
class Result:
    kind: str  # "story" or "passage"
    pk: int
    rank: float
    own_words: bool = True  # False: only a passage's speaker's title holds the words
    object: object = None  # the story or passage, read by `prepare` for those shown
    snippet: list[tuple[str, bool]] = field(default_factory=list)  # (text, is_match)
    # The short field shown whole, its matches marked: a story's headline, or the
    # speaker's title of a passage found only through it.
    title: list[tuple[str, bool]] = field(default_factory=list)


class Results(list):
    """Results, best first, with the query that found them."""

    def __init__(self, results=(), query: Query | None = None):
        super().__init__(results)
        self.query = query or Query()

    @property
    def every_word(self) -> bool:
        """Whether each result has every wanted word (if none had, any word was enough)."""
        return self.query.every


def search(
    text: str, *, kind="", person=None, date_from=None, date_to=None, limit=LIMIT
) -> Results:
    """Return published stories and passages matching `text`, best first.

    When nothing has every wanted word, those with any of them are returned instead.
    """
    strict = parse(text, lexicon.current())
    found = Results(query=strict)
    for query in (strict, strict.relaxed()):
        if not query or found:
            break
        found = Results(_search(query, kind, person, date_from, date_to, limit), query)
    return found


def searching():
    """Run one search's queries (`search`, then `prepare`) with plans made for its words."""
    return engine().planned_for_their_words()


def engine():
    """Return the module that searches the default database."""
    return postgres if connection.vendor == "postgresql" else sqlite


def searched(kind: str):
    """Return the published rows of `kind` ("story" or "passage") that search reads."""
    if kind == "story":
        return Article.objects.published()
    return Segment.objects.filter(transcript__in=Transcript.objects.published())


def _search(query: Query, kind, person, date_from, date_to, limit) -> list[Result]:
    stories, passages = searched("story"), searched("passage")
    if person is not None:
        stories = stories.filter(people=person)
        passages = passages.filter(speaker=person)
    if date_from:
        stories = stories.filter(published_at__date__gte=date_from)
        passages = passages.filter(transcript__date__gte=date_from)
    if date_to:
        stories = stories.filter(published_at__date__lte=date_to)
        passages = passages.filter(transcript__date__lte=date_to)
    results = []
    wanted = {KINDS.get(kind)} if kind else set(KINDS.values())
    narrowed = person is not None or bool(date_from or date_to)
    for name, queryset in (("story", stories), ("passage", passages)):
        if name in wanted:
            results += _ranked(queryset, query, name, limit, narrowed)
    # What a result says in its own words comes first: a passage found only through its
    # speaker's title ("Governor of …") is not about what the reader asked. The best of
    # each engine are ordered by one formula, the same on every database.
    results.sort(key=lambda r: (not r.own_words, -r.rank))
    return ranking.rerank(results, query, _fields_of)


def _fields_of(kind: str, pks: list[int]) -> dict[int, dict[str, str]]:
    """Return {pk: {field: text}} of the rows `ranking` scores."""
    names = [name for name, _ in ranking.FIELDS[kind]]
    rows = searched(kind).filter(pk__in=pks).order_by().values_list("pk", *names)
    return {pk: dict(zip(names, texts, strict=True)) for pk, *texts in rows}


def _ranked(queryset, query: Query, kind: str, limit: int, narrowed: bool) -> list[Result]:
    return [
        Result(kind, pk, rank, own_words=bool(own))
        for pk, rank, own in engine().rank(queryset, query, kind, limit, narrowed)
    ]


def prepare(results: list[Result], query: Query) -> list[Result]:
    """Read the stories and passages of `results` (found by `query`) with their
    highlighted snippets; only for those shown, as they cost most. Return those still
    published."""
    if not results or not query:
        return []
    rows = {}
    for kind, queryset in (
        ("story", searched("story").select_related("source")),
        ("passage", searched("passage").select_related("transcript", "speaker")),
    ):
        ids = [r.pk for r in results if r.kind == kind]
        # Read even when the page holds none of a kind ([-1] finds nothing), so that a
        # search costs the same queries whatever mix of kinds a page shows.
        shown = queryset.filter(pk__in=ids or [-1]).order_by().defer("search_vector")
        marks = (MARK_START, MARK_STOP)
        shown = shown.annotate(
            found_snippet=engine().snippet(kind, query, marks),
            found_title=engine().highlight(kind, TITLES[kind], query, marks),
        )
        if kind == "story":  # found in its standfirst alone, a story shows that instead
            shown = shown.annotate(found_aside=engine().snippet(kind, query, marks, "standfirst"))
        rows[kind] = {row.pk: row for row in shown}
    for result in results:
        result.object = rows[result.kind].get(result.pk)
        if result.object is not None:
            result.snippet = _split_marks(result.object.found_snippet or "")
            aside = _split_marks(getattr(result.object, "found_aside", None) or "")
            if not _marked(result.snippet) and _marked(aside):
                result.snippet = aside
            whole = getattr(result.object, TITLES[result.kind]) or ""
            result.title = _split_marks(result.object.found_title or "") or [(whole, False)]
    return [r for r in results if r.object is not None]


def _marked(pieces: list[tuple[str, bool]]) -> bool:
    return any(matched for _, matched in pieces)


def _split_marks(text: str) -> list[tuple[str, bool]]:
    pieces = []
    for part in re.split(f"({MARK_START}.*?{MARK_STOP})", text):
        if part.startswith(MARK_START):
            pieces.append((part.strip(MARK_START + MARK_STOP), True))
        elif part:
            pieces.append((part, False))
    return pieces
