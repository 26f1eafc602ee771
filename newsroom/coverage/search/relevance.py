"""Measure search relevance: queries whose best answer is known, ranked on any database."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from newsroom.coverage.linking import gold
from newsroom.coverage.models import Article, PublicationStatus, Segment
from newsroom.coverage.search import KINDS, engine, search, searched, searching
from newsroom.coverage.search.query import Query

GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "real"
CASES = GOLD.parent / "search.json"
# Readers' queries added for issue 33: questions, other spellings of names, synonyms,
# numbers written otherwise; each marked tuned or held-out.
READERS = GOLD.parent / "search_readers.json"
PAGE = 10  # a first page of results


def load_archive(directory: Path = GOLD) -> None:
    """Write the seed and the gold archive's transcripts and stories, all published."""
    with transaction.atomic():
        call_command("load_seed", verbosity=0)  # the gold set cites the seed's meeting
        stories = gold.load(directory)
        Article.objects.filter(pk__in=[s.article.pk for s in stories]).update(
            status=PublicationStatus.PUBLISHED
        )


@dataclass
class Judged:
    query: str
    kind: str
    answer: str  # "transcript ¶position" or the story's slug
    rank: int | None  # the right answer's place in the results, None when not found
    matches: int  # published rows of that kind matching the query (any word, if none had all)
    common: int  # published rows of that kind matching the query's most common word
    type: str = "keyword"  # keyword, question, name, synonym or number
    part: str = "tuned"  # tuned, or held-out: measured, never tuned on
    first_page: tuple[str, ...] = ()  # the first PAGE results, named as `answer` is


def evaluate(path: Path = CASES) -> list[Judged]:
    """Search for every case of `path` in the archive as it stands; rank its answer."""
    judged = []
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
        answer = _answer(case)
        # Planned for its words, as the site and the API search, the counts too.
        with searching():
            results = search(case["query"], kind=case["kind"])
            kind = KINDS[case["kind"]]
            ranks = [n for n, r in enumerate(results, 1) if (r.kind, r.pk) == (kind, answer.pk)]
            judged.append(
                Judged(
                    case["query"],
                    case["kind"],
                    _name(answer),
                    ranks[0] if ranks else None,
                    _matches(results.query, kind),
                    max(_matches(Query((term,)), kind) for term in results.query.wanted),
                    case.get("type", "keyword"),
                    case.get("part", "tuned"),
                    _names(results[:PAGE]),
                )
            )
    return judged


def _names(results) -> tuple[str, ...]:
    """Name `results` as answers are named: the same on any database (keys are not)."""
    stories = dict(
        Article.objects.filter(pk__in=[r.pk for r in results if r.kind == "story"]).values_list(
            "pk", "slug"
        )
    )
    passages = {
        s.pk: _name(s)
        for s in Segment.objects.select_related("transcript").filter(
            pk__in=[r.pk for r in results if r.kind == "passage"]
        )
    }
    return tuple(stories[r.pk] if r.kind == "story" else passages[r.pk] for r in results)


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
    return engine().count(searched(kind), query, kind)
