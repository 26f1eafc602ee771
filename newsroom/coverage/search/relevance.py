"""Measure search relevance: queries whose best answer is known, ranked on any database."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from newsroom.coverage.linking import gold
from newsroom.coverage.models import Article, PublicationStatus, Segment
from newsroom.coverage.search import postgres, search, sqlite
from newsroom.coverage.search.query import Query, fts5

GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "real"


def load_archive(directory: Path = GOLD) -> None:
    """Write the seed and the gold archive's transcripts and stories, all published."""
    with transaction.atomic():
        call_command("load_seed", verbosity=0)  # the gold set cites the seed's meeting
        stories = gold.load(directory)
        Article.objects.filter(pk__in=[s.article.pk for s in stories]).update(
            status=PublicationStatus.PUBLISHED
        )


CASES = GOLD.parent / "search.json"


@dataclass
class Judged:
    query: str
    kind: str
    answer: str  # "transcript ¶position" or the story's slug
    rank: int | None  # the right answer's place in the results, None when not found
    matches: int  # how many rows of that kind match the query (any word, if none had all)
    common: int  # how many rows of that kind match the query's most common word


def evaluate(path: Path = CASES) -> list[Judged]:
    """Search for every case of `path` in the archive as it stands; rank its answer."""
    judged = []
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
        answer = _answer(case)
        results = search(case["query"], kind=case["kind"])
        kind = "story" if case["kind"] == "stories" else "passage"
        ranks = [n for n, r in enumerate(results, 1) if (r.kind, r.pk) == (kind, answer.pk)]
        judged.append(
            Judged(
                case["query"],
                case["kind"],
                _name(answer),
                ranks[0] if ranks else None,
                _matches(results.query, case["kind"]),
                max(_matches(Query((term,)), case["kind"]) for term in results.query.wanted),
            )
        )
    return judged


def _answer(case: dict):
    if case["kind"] == "stories":
        return Article.objects.get(slug=case["story"])
    return Segment.objects.select_related("transcript").get(
        transcript__slug=case["transcript"], text__contains=case["piece"]
    )


def _name(answer) -> str:
    if isinstance(answer, Segment):
        return f"{answer.transcript.slug} ¶{answer.position}"
    return answer.slug


def _matches(query: Query, kind: str) -> int:
    if connection.vendor == "postgresql":
        queryset = Article.objects.published() if kind == "stories" else Segment.objects.all()
        return queryset.filter(search_vector=postgres.search_query(query)).count()
    index = sqlite.INDEXES["story" if kind == "stories" else "passage"]
    with connection.cursor() as cursor:
        # The ORM cannot say FTS5's MATCH (see search.sqlite).
        cursor.execute(
            f"SELECT count(*) FROM {index.name} WHERE {index.name} MATCH %s", [fts5(query)]
        )
        return cursor.fetchone()[0]
