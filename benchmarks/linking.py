"""Benchmark citation suggestions for one 600-word story against a growing archive.

    python -m benchmarks.linking [--sizes 10000 100000] [--runs 5] [--json PATH]

The database is BENCH_DATABASE_URL (default: a scratch SQLite file); a PostgreSQL
database named there is dropped and created anew. The archive is synthetic: transcripts
of 500 segments whose words follow a Zipf law over a vocabulary of real English (the
seed documents) and made-up words; a third of the story's sentences paraphrase
segments (benchmarks.synthetic.Text). Every transcript counts as relevant (the worst
case for the engine).
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS_PER_TRANSCRIPT = 500
STORY_WORDS = 600


def prepare_database() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{tempfile.mkdtemp(prefix='newsroom-bench-')}/bench.sqlite3"
    )
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    return url


def grow_archive(corpus, target: int, source) -> None:
    from newsroom.coverage.models import PublicationStatus, Segment, Transcript

    have = Segment.objects.count()
    number = Transcript.objects.count()
    while have < target:
        number += 1
        transcript = Transcript.objects.create(
            title=f"Synthetic meeting {number}",
            slug=f"synthetic-meeting-{number}",
            source=source,
            date=dt.date(2020, 1, 1) + dt.timedelta(days=number),
            summary=corpus.sentence(12),
            status=PublicationStatus.PUBLISHED,
        )
        size = min(SEGMENTS_PER_TRANSCRIPT, target - have)
        Segment.objects.bulk_create(
            [
                Segment(transcript=transcript, position=i, text=corpus.paragraph())
                for i in range(1, size + 1)
            ],
            batch_size=2000,
        )
        have += size


def make_story(corpus, source):
    from newsroom.coverage.models import Article, Segment

    # Seeded, so that runs (and commits) compare the same story.
    pks = list(Segment.objects.values_list("pk", flat=True))
    chosen = corpus.random.sample(pks, min(10, len(pks)))
    sample = list(
        Segment.objects.filter(pk__in=chosen).order_by("pk").values_list("text", flat=True)
    )
    sentences, words = [], 0
    while words < STORY_WORDS:
        if sample and corpus.random.random() < 1 / 3:
            sentence = corpus.paraphrase(sample.pop())
        else:
            sentence = corpus.sentence(corpus.random.randint(12, 28))
        sentences.append(sentence)
        words += len(sentence.split())
    body = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
    return Article.objects.create(
        headline="Benchmark story", slug="benchmark-story", body=body, source=source
    )


def measure(article, runs: int) -> dict:
    from newsroom.coverage.linking.engine import propose

    timings, proposals = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proposals = len(propose(article, min_relevance=0.0))
        timings.append(time.perf_counter() - start)
    return {
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
        "proposals": proposals,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20230928)
    parser.add_argument("--json", help="Also write the results to this file.")
    args = parser.parse_args(argv)

    url = prepare_database()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.synthetic import Text
    from newsroom.coverage.linking.index import index_pending
    from newsroom.coverage.models import Source

    call_command("migrate", verbosity=0)
    corpus = Text(random.Random(args.seed))
    source = Source.objects.create(name="Benchmark", slug="benchmark")
    article = None
    rows = []
    for size in sorted(args.sizes):
        started = time.perf_counter()
        grow_archive(corpus, size, source)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        indexed = index_pending()
        indexing = time.perf_counter() - started
        if article is None:
            article = make_story(corpus, source)
        row = {
            "segments": size,
            "generate_s": round(generated, 1),
            "index_s": round(indexing, 1),
            "indexed": indexed,
        }
        row.update(measure(article, args.runs))
        rows.append(row)
        print(
            f"{size:>9,} segments: suggestions median {row['median_s']:.3f} s "
            f"(min {row['min_s']:.3f}, max {row['max_s']:.3f}, {row['proposals']} proposals); "
            f"indexing {indexed:,} new segments took {row['index_s']} s",
            flush=True,
        )
    if len(rows) > 1:
        growth = rows[-1]["median_s"] / rows[0]["median_s"]
        scale = rows[-1]["segments"] / rows[0]["segments"]
        print(f"time grew {growth:.1f}x for {scale:.0f}x the segments")
    result = {
        "database": connection.vendor,
        "story_words": STORY_WORDS,
        "runs": args.runs,
        "rows": rows,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    del url
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
