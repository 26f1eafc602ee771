"""Time every kind of search a reader types, in process: p50, p95 and the worst query.

    DATABASE_URL=… python -m benchmarks.search_queries [--runs 3]

The queries: the relevance sets' (keywords, questions, names, synonyms, numbers), the
archive's commonest words and words held by 5–30% of its paragraphs (the linking
index's statistics say which, the same on either database), alone and in pairs. Each
query is searched as the page searches it (`search`, then `prepare` of the first page,
with plans made for its words) `--runs` times; its time is the median. Prints a line
per query slower than the p95 and one JSON line last (read by benchmarks.http).
"""

import argparse
import json
import random
import statistics
import time

import django

django.setup()

from benchmarks.search import relevance_queries  # noqa: E402
from benchmarks.synthetic import Text  # noqa: E402
from newsroom.coverage.linking.tokens import fold, stem  # noqa: E402
from newsroom.coverage.models import IndexTotals, TermStat  # noqa: E402
from newsroom.coverage.search import prepare, search, searching  # noqa: E402

PAGE = 20  # results the search page shows


def common_words(commonest=10, middling=10) -> list[str]:
    """Return the archive's commonest words and words held by 5–30% of its indexed
    paragraphs (as the linking index counts them), alone and in pairs."""
    totals = IndexTotals.objects.filter(pk=1).values_list("segments", flat=True).first() or 0
    if not totals:
        return []
    # The index counts stems; a reader types words: the first word of the synthetic
    # archive's vocabulary (the seeds' words first) with each stem.
    words = {}
    for word in Text(random.Random(0)).vocabulary:
        words.setdefault(stem(fold(word)), word)
    stems = TermStat.objects.filter(stem__in=list(words)).order_by("-segments")
    top = [words[s] for s in stems.values_list("stem", flat=True)[:commonest]]
    between = stems.filter(segments__lte=0.3 * totals, segments__gte=0.05 * totals)
    middle = [words[s] for s in between.values_list("stem", flat=True)[:middling]]
    return top + middle + [f"{a} {b}" for a, b in zip(middle, reversed(middle), strict=False)]


def timed(query: str, runs: int) -> float:
    """Return the median seconds of searching `query` as the page does."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with searching():
            results = search(query)
            prepare(results[:PAGE], results.query)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(queries: list[str], runs: int) -> dict:
    timed(queries[0], 1)  # the process's first search reads the lexicon and the indexes
    ms = {query: timed(query, runs) * 1000 for query in dict.fromkeys(queries)}
    worst = max(ms, key=ms.get)
    return {
        "queries": len(ms),
        "runs": runs,
        "p50_ms": round(percentile(list(ms.values()), 0.5), 1),
        "p95_ms": round(percentile(list(ms.values()), 0.95), 1),
        "worst_ms": round(ms[worst], 1),
        "worst_query": worst,
        "slowest": {q: round(t, 1) for q, t in sorted(ms.items(), key=lambda x: -x[1])[:10]},
        "times_ms": {q: round(t, 1) for q, t in ms.items()},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(relevance_queries() + common_words(), args.runs)
    for query, ms in result["slowest"].items():
        if ms >= result["p95_ms"]:
            print(f"{ms:8.1f} ms  {query}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
