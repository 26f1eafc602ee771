"""Inspect a benchmark archive: what to drive, query counts per page, linking timings.

Run by benchmarks.http with DATABASE_URL set; prints one JSON line. Leaves the
database as it found it (the story it times suggestions for is rolled back).
"""

import json
import random
import statistics
import time

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from benchmarks.synthetic import Text  # noqa: E402
from newsroom.coverage.linking.engine import propose  # noqa: E402
from newsroom.coverage.models import (  # noqa: E402
    Article,
    Citation,
    Person,
    Segment,
    SegmentKind,
    Transcript,
)

SEARCHES = 20
KEPT_PER_PROCESS = {"search"}  # paths whose first request reads what the process keeps
RUNS = 3


def endpoints(rng: random.Random) -> dict[str, list[str]]:
    story = (
        Article.objects.published()
        .annotate(n=Count("citations"))
        .filter(n__gte=2, slug__startswith="synthetic-")
        .order_by("-published_at")
        .first()
    )
    transcript = (
        Transcript.objects.published()
        .annotate(n=Count("segments"))
        .filter(n__gte=1000)
        .order_by("-date")
        .first()
    )
    person = Person.objects.filter(slug__startswith="synthetic-").order_by("pk").first()
    words = Text(rng).vocabulary[100:400]
    queries = [rng.choice(words) for _ in range(SEARCHES // 2)]
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(SEARCHES // 2)]
    return {
        "story": [story.get_absolute_url()],
        "transcript": [transcript.get_absolute_url()],
        "person": [person.get_absolute_url()],
        "search": [f"/search/?q={q.replace(' ', '+')}" for q in queries],
        "api articles": ["/api/v1/articles/"],
        "api citations": ["/api/v1/citations/"],
    }


def query_counts(paths: dict[str, list[str]]) -> dict[str, int]:
    """Return the queries of each path's first request; a search's second: the first
    search of a process also reads what the process keeps (the names and synonyms, the
    words' statistics, whether there is a RUM index), as many as the data leads it to."""
    setup_test_environment()
    client = Client()
    counts = {}
    for name, group in paths.items():
        if name in KEPT_PER_PROCESS:
            client.get(group[0], HTTP_ACCEPT="application/json")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(group[0], HTTP_ACCEPT="application/json")
        assert response.status_code == 200, (group[0], response.status_code)
        counts[name] = len(queries)
    return counts


def new_story(rng: random.Random, text: Text) -> Article:
    """Write a story about one transcript that quotes one paragraph and paraphrases two."""
    transcript = Transcript.objects.published().filter(event__isnull=False).order_by("?").first()
    spoken = list(
        Segment.objects.filter(transcript=transcript, kind=SegmentKind.SPEECH).order_by("?")[:3]
    )
    quote = spoken[0].text.split(". ")[0]
    paragraphs = [
        text.paragraph(2),
        f"{spoken[0].speaker.name} said: “{quote}.”",
        text.paraphrase(spoken[1].text),
        text.paragraph(3),
        text.paraphrase(spoken[2].text),
        text.paragraph(2),
    ]
    article = Article.objects.create(
        headline="Benchmark story", slug="benchmark-story", body="\n\n".join(paragraphs)
    )
    article.events.add(transcript.event)
    article.expected = {s.pk for s in spoken}
    return article


def timed(article, runs: int, **overrides) -> tuple[float, list]:
    timings, proposals = [], []
    for _ in range(runs):
        started = time.perf_counter()
        proposals = propose(article, **overrides)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), proposals


def linking(rng: random.Random) -> dict:
    with transaction.atomic():
        article = new_story(rng, Text(rng))
        median, proposals = timed(article, RUNS)
        worst, _ = timed(article, RUNS, min_relevance=0.0)
        found = {p.segment.pk for p in proposals} & article.expected
        transaction.set_rollback(True)
    return {
        "median_s": round(median, 4),
        "all_relevant_median_s": round(worst, 4),
        "runs": RUNS,
        "proposals": len(proposals),
        "cited_paragraphs_found": f"{len(found)} of {len(article.expected)}",
    }


def main() -> None:
    rng = random.Random(20230928)
    paths = endpoints(rng)
    archive = {
        "stories": Article.objects.count(),
        "published_stories": Article.objects.published().count(),
        "transcripts": Transcript.objects.count(),
        "segments": Segment.objects.count(),
        "citations": Citation.objects.count(),
    }
    result = {
        "archive": archive,
        "endpoints": paths,
        "query_counts": query_counts(paths),
        "linking": linking(rng),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
