"""Full-text search on PostgreSQL: the models' search vectors, ranked over every match.

Ranking a common word by reading each match's vector from the table cannot meet the
speed goal: such a word matches a third of a million paragraphs. The RUM index keeps
each word's positions in the index and returns matches best first (`<=>`), so the whole
archive is ranked. RUM is an extension (Debian: postgresql-15-rum); where it is not
installed the GIN index finds matches and only the newest CANDIDATES of them are ranked.

GIN finds matches, RUM only orders them: the RUM index is on an expression of the
vector (`RankingVector`) that only the ordering query names. On the column, PostgreSQL
chose RUM for every match it looked for, and RUM matches a phrase of common words
slowly: "head of the region" in a query took 1.3 s on a million paragraphs through
RUM, 13 ms through GIN when a rare word came with it.
"""

import contextlib
import math
import time
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections, transaction
from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.expressions import RawSQL

from newsroom.coverage.linking.tokens import terms
from newsroom.coverage.models import Article, Segment
from newsroom.coverage.models.search_vectors import CONFIG
from newsroom.coverage.search.query import Query, tsquery

CANDIDATES = 200  # matches of each kind ranked without a ranking index, newest first
POOL = 2000  # matches ranked whole where the ranking index is not used
COMMON = 0.1  # a word in more than this share of the rows does not say what a query is about
# RUM reads every match to order them (0.3–0.5 µs each): a query likely matching more
# rows than RUM_MATCHES (or than COMMON of them), or possibly more than RUM_MOST, is
# ranked as without RUM.
RUM_MATCHES, RUM_MOST = 50_000, 100_000
STATISTICS_TTL = 600  # seconds a process trusts what it read of the words' statistics
WINDOW = 20_000  # the newest rows of each kind looked at first, without one
HEADLINE_WORDS = {"max_words": 40, "min_words": 15}
RANKING_INDEXES = {Article: "coverage_article_ranking", Segment: "coverage_segment_ranking"}
# The RUM indexes on the vectors themselves, before 0024: dropped, as they took every match.
FORMER_RANKING_INDEXES = ("coverage_article_search_rum", "coverage_segment_search_rum")
LOOSE = 3  # rows RUM returns for each one wanted, when phrases are found by one word
SURE = 4  # matches surely past POOL where the statistics estimate SURE × POOL
TEXT_FIELDS = {"story": "body", "passage": "text"}


class Distance(Func):
    """RUM's distance between a vector and a query: smaller is better."""

    # Django has no expression for the `<=>` operator that RUM adds.
    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class RankingVector(Func):
    """A row's search vector as its RUM index holds it (the vector whole)."""

    # An expression, not the column: a query for matches (on the column) is then planned
    # with GIN, and only the ordering query, which names this, with RUM. ts_filter
    # keeping every weight returns the vector as it is.
    template = "ts_filter(%(expressions)s, '{a,b,c,d}')"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("search_vector"))


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


def rank(
    queryset, query: Query, kind: str, limit: int, narrowed: bool = False
) -> list[tuple[int, float, bool]]:
    """Return [(pk, rank, own)] of the best `limit` rows of `queryset` matching `query`;
    `own`: whether the row's own words match, not only its speaker's title. `narrowed`:
    whether `queryset` keeps only some of the published rows (a person, dates)."""
    tsquery = search_query(query)
    vector = F("search_vector")
    matches = queryset.filter(search_vector=tsquery)
    pool, about = _pool(queryset, query, matches, narrowed)
    loose = None
    if pool is NEAREST:
        loose = _loosened(query, Statistics.of(queryset.model, queryset.db))
        ranked = _nearest(queryset, loose or query)
    else:
        # ts_rank weighs every word alike: a pool found by the query's rare words is
        # ordered by them first, or the common words' repetitions would push them out.
        ranked = matches if pool is EVERY else matches.filter(pk__in=pool)
        ranked = ranked.alias(score=_rank(tsquery))
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
    if loose is None:
        return list(ranked.values_list("pk", "rank", "own")[:limit])
    # Found by the phrases' rarest words: only the rows holding the phrases are kept.
    # Told per row returned, in the query: as a filter PostgreSQL would find the
    # phrases through GIN, rechecking every match in the table.
    ranked = ranked.annotate(holds=SearchVectorExact(vector, tsquery))
    rows = list(ranked.values_list("pk", "rank", "own", "holds")[: limit * LOOSE])
    kept = [(pk, rank, own) for pk, rank, own, holds in rows if holds][:limit]
    if len(kept) < limit and len(rows) == limit * LOOSE:
        # The phrases are much rarer than their rarest words ("State Council" among
        # every "council"): ordered by the phrases themselves, slower but whole.
        exact = _nearest(queryset, query).annotate(rank=_rank(tsquery), own=own)
        return list(exact.values_list("pk", "rank", "own")[:limit])
    return kept


def _nearest(queryset, query: Query):
    """Return `queryset`'s matches of `query` nearest first, through the RUM index."""
    nearest = search_query(query)
    # Ordered by distance alone: a tie-break would cost PostgreSQL the index order.
    return (
        queryset.alias(ranking=RankingVector())
        .filter(ranking=nearest)
        .alias(distance=Distance(F("ranking"), nearest))
        .order_by("distance")
    )


def _loosened(query: Query, statistics: "Statistics") -> Query | None:
    """Return `query` with each wanted phrase as its rarest word; None without phrases.

    RUM checks a phrase's word positions slowly: an any-word query holding "Moscow
    Region" took 160 ms to order on a million paragraphs, with "Moscow" for it 17 ms.
    """
    if all(len(form) == 1 for term in query.wanted for form in term.forms):
        return None

    def rarest(form: tuple[str, ...]) -> tuple[str, ...]:
        held = [(statistics.shares.get(s[0], statistics.floor), w) for w in form if (s := terms(w))]
        return (min(held)[1],) if held and len(form) > 1 else form

    loosened = []
    for term in query.terms:
        if not term.negated:
            forms = list(dict.fromkeys(rarest(form) for form in term.forms))
            term = replace(term, words=forms[0], alternatives=tuple(forms[1:]))
        loosened.append(term)
    return replace(query, terms=tuple(loosened))


EVERY, NEAREST = "every match", "the nearest by the ranking index"


def _pool(queryset, query: Query, matches, narrowed: bool) -> tuple:
    """Return which matches to rank: EVERY, NEAREST (RUM's best of all), a list of keys
    or a query of them; with it the query of the rare words that found them, or None.

    Every match, when the statistics say there are at most POOL; else the nearest
    through RUM unless the query is too common for it; else every match when there are
    at most POOL after all (words common alone are often rare together: "governors
    elected September 2016"); else the matches holding the query's rare terms,
    which say what it is about ("why did Putin convene the Security Council about
    Afghanistan": Afghanistan), when it has any; else the newest. Matches are counted
    (up to POOL + 1) only where the statistics leave it open.
    """
    model, using = queryset.model, queryset.db
    statistics = Statistics.of(model, using)
    bounds = statistics.bounds(query)
    if bounds.high <= POOL:
        return EVERY, None
    rum = has_ranking_index(model, using)
    # RUM orders every match of words not too common at the cost of finding them (its
    # phrases found by their rarest word): no count first.
    if rum and not statistics.too_common(bounds):
        return NEAREST, None
    # Counted unless surely many (a GIN count of two common words costs 200 ms on a
    # million paragraphs); a person's or a date's rows are fewer: those are counted.
    if narrowed or bounds.likely <= SURE * POOL:
        pool = list(matches.order_by().values_list("pk", flat=True)[: POOL + 1])
        if len(pool) <= POOL:
            return pool, None
    rare = tuple(t for t, share in zip(query.wanted, bounds.shares, strict=True) if share <= COMMON)
    if rare and len(rare) < len(query.wanted):
        about = replace(query, terms=rare + tuple(query.unwanted), every=False)
        about_query = search_query(about)
        about_bounds = statistics.bounds(about)
        if rum and not statistics.too_common(about_bounds):
            nearest = (
                matches.order_by()
                .alias(ranking=RankingVector())
                .filter(ranking=about_query)
                .alias(distance=Distance(F("ranking"), about_query))
            )
            # RUM computes the distance of each row it returns: the nearest CANDIDATES.
            top = list(nearest.order_by("distance").values_list("pk", flat=True)[:CANDIDATES])
            if top:  # the rare words found nothing: the other words decide
                return top, about
        if narrowed or about_bounds.likely <= SURE * POOL:
            about_matches = matches.order_by().filter(search_vector=about_query)
            held = list(about_matches.values_list("pk", flat=True)[: POOL + 1])
            if 0 < len(held) <= POOL:
                return held, about
    return _newest(model, query, using), None


_statistics: dict[tuple[str, str], tuple[float, "Statistics"]] = {}


@dataclass(frozen=True)
class Statistics:
    """What PostgreSQL's statistics of a table's search vectors say of a query's matches.

    ANALYZE keeps the commonest words with the share of rows holding each
    (`most_common_elems`); a word not among them is in fewer rows than the rarest that
    is (`floor`). Read once per STATISTICS_TTL per process; empty before the table is
    first analysed, when nothing is known.
    """

    shares: dict[str, float]
    floor: float = 1.0  # the share of rows a word not in `shares` is in at most
    rows: float = 0.0  # the table's rows, as last counted

    @classmethod
    def of(cls, model, using="default") -> "Statistics":
        connection = connections[using]
        key = (connection.settings_dict["NAME"], model._meta.db_table)
        read_at, statistics = _statistics.get(key, (-STATISTICS_TTL, None))
        if statistics is None or time.monotonic() - read_at >= STATISTICS_TTL:
            statistics = cls.read(model, connection)
            _statistics[key] = (time.monotonic(), statistics)
        return statistics

    @classmethod
    def read(cls, model, connection) -> "Statistics":
        with connection.cursor() as cursor:
            # Django has no model for the statistics views.
            cursor.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, "
                "c.reltuples FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname "
                "AND s.attname = 'search_vector' AND s.schemaname = current_schema() "
                "WHERE c.oid = %s::regclass",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        if not row or not row[0]:
            return cls({})
        words, frequencies, rows = row
        # After one frequency per word: the least and the greatest of them.
        return cls(dict(zip(words, frequencies, strict=False)), frequencies[len(words)], rows)

    def share(self, term) -> float:
        """The share of rows holding `term` at most: a phrase's, that of its rarest word;
        a term's, that of its wordings together."""
        held = 0.0
        for form in term.forms:
            # Stemmed as PostgreSQL's English configuration stems, stop words left out.
            words = terms(" ".join(form))
            held += min((self.shares.get(w, self.floor) for w in words), default=0.0)
        return min(1.0, held)

    def least_share(self, term) -> float:
        """The share of rows holding `term` at least: that of its commonest one word."""
        words = [terms(form[0]) for form in term.forms if len(form) == 1]
        return max((self.shares.get(w[0], 0.0) for w in words if w), default=0.0)

    def bounds(self, query: Query) -> "Bounds":
        """Return how many rows match `query`: as many as its words' shares would give
        if they were independent (an estimate), and at most (a bound)."""
        shares = tuple(self.share(term) for term in query.wanted)
        if not self.shares:
            return Bounds(0.0, math.inf, shares)
        lows = [self.least_share(term) for term in query.wanted]
        if query.every:
            high, likely = min(shares, default=1.0), math.prod(lows)
        else:
            high = min(1.0, sum(shares))
            likely = 1.0 - math.prod(1.0 - low for low in lows)
        if query.unwanted:
            likely = 0.0
        return Bounds(likely * self.rows, high * self.rows, shares)

    def too_common(self, bounds: "Bounds") -> bool:
        """Tell whether a query of these `bounds` has too many matches for RUM to order.

        RUM orders the matches best first by reading every one of them: a word held by
        most paragraphs costs about a second on a million, a cheap way to load the
        database. Such a query finds nearly everything, so its best matches mean
        little: one likely matching more than COMMON of the rows is ranked as without
        RUM. So is one likely matching more than RUM_MATCHES rows whatever the table's
        size, as the cost is the matches read: on the bench, 20,000 matches cost 6–9 ms
        to order, 50,000 14–23 ms, 100,000 57 ms, stories and paragraphs alike. The
        bound (RUM_MOST) guards against words the estimate takes for independent.
        Never before the table is analysed.
        """
        if not self.shares:
            return False
        many = min(RUM_MATCHES, COMMON * self.rows)
        return bounds.likely > many or bounds.high > RUM_MOST


class Bounds(NamedTuple):
    """How many rows match a query: `likely` (an estimate) and at most (`high`); with
    the share of rows each wanted term is in at most."""

    likely: float
    high: float
    shares: tuple[float, ...]


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
        for name in FORMER_RANKING_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        for model, name in RANKING_INDEXES.items():
            table = connection.ops.quote_name(model._meta.db_table)
            # A RUM index is not a Django index class: it needs the extension's operator
            # class. On RankingVector's expression, written as it renders.
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING rum "
                "((ts_filter(search_vector, '{a,b,c,d}')) rum_tsvector_ops)"
            )
    _ranking_indexes.pop(connection.settings_dict["NAME"], None)
    return True
