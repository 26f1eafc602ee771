"""Full-text search on PostgreSQL: the models' search vectors, ranked over every match.

Ranking a common word by reading each match's vector from the table cannot meet the
speed goal: such a word matches a third of a million paragraphs. The RUM index keeps
each word's positions in the index and returns matches best first (`<=>`), so the whole
archive is ranked. RUM is an extension (Debian: postgresql-15-rum); where it is not
installed the GIN index finds matches and only the newest CANDIDATES of them are ranked.
"""

import contextlib
import time
from dataclasses import replace

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, transaction
from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.expressions import RawSQL

from newsroom.coverage.linking.tokens import fold, stem
from newsroom.coverage.models import Article, Segment
from newsroom.coverage.models.search_vectors import CONFIG
from newsroom.coverage.search.query import Query, tsquery

CANDIDATES = 200  # matches of each kind ranked without a ranking index, newest first
POOL = 2000  # matches ranked whole where the ranking index is not used
COMMON = 0.1  # a query matching more than this share of the rows is ranked as without RUM
STATISTICS_TTL = 600  # seconds a process trusts what it read of the words' statistics
WINDOW = 20_000  # the newest rows of each kind looked at first, without one
HEADLINE_WORDS = {"max_words": 40, "min_words": 15}
RANKING_INDEXES = {Article: "coverage_article_search_rum", Segment: "coverage_segment_search_rum"}
TEXT_FIELDS = {"story": "body", "passage": "text"}


class Distance(Func):
    """RUM's distance between a vector and a query: smaller is better."""

    # Django has no expression for the `<=>` operator that RUM adds.
    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class MatchesOwnWords(Func):
    """Whether a passage's own words (weight C), not its speaker's title (B), match."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        # Django has no expression for ts_filter, which keeps a vector's words of one weight.
        (vector, vector_params), (query, query_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        return f"(ts_filter({vector}, '{{c}}') @@ {query})", [*vector_params, *query_params]


@contextlib.contextmanager
def planned_for_their_words(using: str = "default"):
    """Plan the queries of one search for the words searched, each time, in a transaction.

    Queries asked often on a connection are prepared and planned once (settings.py), but a
    plan made without the words cannot tell a rare word from a common one: with it the
    search page ran at 57 req/s, with plans made afresh at 74.
    """
    # Inside a transaction already (a test's), no savepoint: a search only reads.
    with transaction.atomic(using=using, savepoint=False):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def search_query(query: Query) -> SearchQuery:
    return SearchQuery(tsquery(query), config=CONFIG, search_type="raw")


_ranking_indexes: dict[str, set[str]] = {}  # database name → its RUM indexes


def has_ranking_index(model, using="default") -> bool:
    """Tell whether `model`'s search vector has a RUM index (asked once per process)."""
    connection = connections[using]
    name = connection.settings_dict["NAME"]
    if name not in _ranking_indexes:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
                [list(RANKING_INDEXES.values())],
            )
            _ranking_indexes[name] = {found for (found,) in cursor.fetchall()}
    return RANKING_INDEXES[model] in _ranking_indexes[name]


def rank(queryset, query: Query, kind: str, limit: int) -> list[tuple[int, float, bool]]:
    """Return [(pk, rank, own)] of the best `limit` rows of `queryset` matching `query`;
    `own`: whether the row's own words match, not only its speaker's title."""
    tsquery = search_query(query)
    vector = F("search_vector")
    matches = queryset.filter(search_vector=tsquery)
    model, using = queryset.model, queryset.db
    if has_ranking_index(model, using) and not too_common(model, query, using):
        # Ordered by distance alone: a tie-break would cost PostgreSQL the index order.
        ranked = matches.alias(distance=Distance(vector, tsquery)).order_by("distance")
    else:
        pool, about = _pool(queryset, query, matches)
        # ts_rank weighs every word alike: a pool found by the query's rare words is
        # ordered by them first, or the common words' repetitions would push them out.
        ranked = matches.filter(pk__in=pool).alias(score=_rank(tsquery))
        if about is not None:
            ranked = ranked.alias(about=_rank(search_query(about))).order_by("-about", "-score")
        else:
            ranked = ranked.order_by("-score", "-pk")
    own = Value(True)
    if kind == "passage":
        # Own words: any wanted term in the text, as SQLite's bm25 over the text tells.
        any_wanted = search_query(replace(query, terms=tuple(query.wanted), every=False))
        own = MatchesOwnWords(vector, any_wanted)
    ranked = ranked.annotate(rank=_rank(tsquery), own=own)
    return list(ranked.values_list("pk", "rank", "own")[:limit])


def _pool(queryset, query: Query, matches) -> tuple[list[int] | RawSQL, Query | None]:
    """Return the matches a query without a ranking index (or too common for one) ranks.

    Every match, when there are at most POOL (words common alone are often rare
    together: "governors elected September 2016"); otherwise the matches holding the
    query's rare terms, which say what it is about ("why did Putin convene the Security
    Council about Afghanistan": Afghanistan), when it has any; otherwise the newest.
    With the pool, the query of the rare words when they found it (None otherwise).
    """
    model, using = queryset.model, queryset.db
    pool = list(matches.order_by().values_list("pk", flat=True)[: POOL + 1])
    if len(pool) <= POOL:
        return pool, None
    shares = word_shares(model, using)
    rare = tuple(t for t in query.wanted if _share(t, shares) <= COMMON)
    if rare and len(rare) < len(query.wanted):
        about = replace(query, terms=rare + tuple(query.unwanted), every=False)
        about_matches = matches.order_by().filter(search_vector=search_query(about))
        if has_ranking_index(model, using) and not too_common(model, about, using):
            nearest = about_matches.alias(
                distance=Distance(F("search_vector"), search_query(about))
            )
            # RUM computes the distance of each row it returns: the nearest CANDIDATES.
            top = nearest.order_by("distance").values_list("pk", flat=True)[:CANDIDATES]
            return list(top), about
        held = list(about_matches.values_list("pk", flat=True)[: POOL + 1])
        if len(held) <= POOL:
            return held, about
    return _newest(model, query, using), None


def _share(term, shares: dict[str, float]) -> float:
    """Return the share of rows holding `term`, bounded from above (see too_common)."""
    return sum(min(shares.get(stem(fold(word)), 0.0) for word in form) for form in term.forms)


def too_common(model, query: Query, using="default") -> bool:
    """Tell whether `query` matches more than COMMON of `model`'s rows, by the statistics.

    RUM orders the matches best first by reading every one of them: a word held by most
    paragraphs costs about a second on a million, a cheap way to load the database. Such
    a query finds nearly everything, so its best matches mean little; it is ranked as
    without RUM, over the newest matches only. The share of a query is that of its
    rarest term (of its terms together, when any one is enough), a phrase's share that
    of its rarest word, and a term's that of its wordings together: bounds from above,
    so no rare query is ever taken for a common one.
    """
    shares = word_shares(model, using)
    if not shares:
        return False
    # Snowball's English stemmer, as PostgreSQL's configuration stems.
    per_term = [_share(term, shares) for term in query.wanted]
    share = min(per_term, default=0.0) if query.every else sum(per_term)
    return share > COMMON


_word_shares: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}


def word_shares(model, using="default") -> dict[str, float]:
    """Return {word: share of `model`'s rows holding it} for its commonest words.

    ANALYZE keeps them with the search vector's statistics (`most_common_elems`); a word
    not among them is in fewer rows than the rarest that is. Read once per
    STATISTICS_TTL per process; empty before the table is first analysed.
    """
    connection = connections[using]
    key = (connection.settings_dict["NAME"], model._meta.db_table)
    read_at, shares = _word_shares.get(key, (-STATISTICS_TTL, {}))
    if time.monotonic() - read_at >= STATISTICS_TTL:
        with connection.cursor() as cursor:
            # Django has no model for the statistics views.
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname = 'search_vector'",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _word_shares[key] = (time.monotonic(), shares)
    return shares


def count(queryset, query: Query, kind: str) -> int:
    """Return how many rows of `queryset` match `query`."""
    return queryset.filter(search_vector=search_query(query)).count()


def _rank(tsquery) -> SearchRank:
    """ts_rank divided by 1 + the log of the document's length, for the rows returned.

    Without it a long paragraph that repeats a common word outranks the short one that
    answers the query (RUM's own order does not look at length): the best `limit` of
    every match come from RUM, this orders them and merges stories with passages.
    """
    return SearchRank(F("search_vector"), tsquery, normalization=Value(1))


def _newest(model, query: Query, using: str) -> RawSQL:
    # The newest CANDIDATES matches: first through the GIN index within the last WINDOW
    # rows, then, only if those are too few, anywhere. The ORM cannot say a UNION ALL
    # whose second branch PostgreSQL runs only when the first falls short.
    table = connections[using].ops.quote_name(model._meta.db_table)
    match = f"search_vector @@ to_tsquery('{CONFIG}', %s)"
    text = tsquery(query)
    return RawSQL(
        f"(SELECT id FROM {table} WHERE id > (SELECT max(id) FROM {table}) - %s "
        f"AND {match} ORDER BY id DESC LIMIT %s) "
        f"UNION ALL (SELECT id FROM {table} WHERE {match} LIMIT %s) LIMIT %s",
        [WINDOW, text, CANDIDATES, text, CANDIDATES, CANDIDATES],
    )


def snippet(kind: str, query: Query, marks, field: str = "") -> SearchHeadline:
    """Return the expression of a row's text (or `field`) around the matches, between
    `marks`."""
    options = {"start_sel": marks[0], "stop_sel": marks[1], **HEADLINE_WORDS}
    field = field or TEXT_FIELDS[kind]
    return SearchHeadline(field, search_query(query), config=CONFIG, **options)


def highlight(kind: str, field: str, query: Query, marks) -> SearchHeadline:
    """Return the expression of a row's short `field` (a headline, a speaker's title)
    whole, its matches between `marks`."""
    options = {"start_sel": marks[0], "stop_sel": marks[1], "highlight_all": True}
    return SearchHeadline(field, search_query(query), config=CONFIG, **options)


def ensure_ranking_index(connection) -> bool:
    """Create the RUM indexes if the extension is installed; tell whether they exist."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        for model, name in RANKING_INDEXES.items():
            table = connection.ops.quote_name(model._meta.db_table)
            # A RUM index is not a Django index class: it needs the extension's operator class.
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                "USING rum (search_vector rum_tsvector_ops)"
            )
    _ranking_indexes.pop(connection.settings_dict["NAME"], None)
    return True
