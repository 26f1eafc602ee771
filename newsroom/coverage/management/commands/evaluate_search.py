"""Rank the right answer of every query in the search relevance set."""

import json
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path
from unittest.mock import patch

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.search import postgres
from newsroom.coverage.search.relevance import CASES, GOLD, READERS, evaluate, load_archive


class Command(BaseCommand):
    help = (
        "Search for every query of the relevance sets (tests/gold/search.json and "
        "search_readers.json) and print where each known best answer ranks, with the "
        "figures of the tuned and the held-out parts apart. With --load, first writes the "
        "seed and the gold archive (tests/gold/real), with --synthetic that many newer "
        "passages after it, and rolls everything back afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", action="append", help="A relevance set (repeatable).")
        parser.add_argument("--load", action="store_true", help="Load the gold archive first.")
        parser.add_argument(
            "--synthetic",
            type=int,
            default=0,
            help="With --load: generate this many synthetic passages (and a tenth as many "
            "stories) after the gold archive, newer than all of it.",
        )
        parser.add_argument(
            "--first-pages",
            help="Write each query's first page of results to this JSON file (to compare "
            "with another database's run through --compare-with).",
        )
        parser.add_argument(
            "--compare-with",
            help="A --first-pages file of another run (another database, or without RUM): "
            "print for how many queries the first result and the first page are the same.",
        )
        parser.add_argument(
            "--bounded",
            action="store_true",
            help="On PostgreSQL, rank as a database without the RUM extension does: only "
            "the newest matches (to see what RUM changes).",
        )

    def handle(self, *args, cases, load, synthetic, bounded, first_pages, compare_with, **options):
        # --bounded answers "no RUM index" for this run only.
        without_rum = lambda model, using="default": False  # noqa: E731
        ranking = (
            patch.object(postgres, "has_ranking_index", without_rum) if bounded else nullcontext()
        )
        judged = []
        with ranking, transaction.atomic():
            if load:
                load_archive(GOLD)
                if synthetic:
                    from benchmarks.synthetic import Generator

                    per = 500
                    Generator(seed=18).run(
                        stories=synthetic // 10,
                        transcripts=max(1, synthetic // per),
                        segments_per_transcript=per,
                    )
                # As the worker's sweep does on a running site: the statistics search
                # ranks by.
                index_pending()
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE coverage_segment, coverage_article")
            for path in cases or [CASES, READERS]:
                judged += evaluate(Path(path))
            transaction.set_rollback(True)
        if first_pages:
            pages = {row.query: row.first_page for row in judged}
            Path(first_pages).write_text(json.dumps(pages, indent=1, ensure_ascii=False))
        self.stdout.write(
            f"{'rank':>4}  {'matches':>9}  {'its word':>9}  part      type      "
            f"query → answer ({connection.vendor})"
        )
        for row in judged:
            rank = "-" if row.rank is None else str(row.rank)
            self.stdout.write(
                f"{rank:>4}  {row.matches:>9,}  {row.common:>9,}  {row.part:<9} {row.type:<9} "
                f"{row.query} → {row.answer}"
            )
        by_part = defaultdict(list)
        for row in judged:
            by_part[row.part].append(row)
            by_part[f"{row.part}, {row.type}"].append(row)
        for name in sorted(by_part):
            self.stdout.write(f"{name}: {_figures(by_part[name])}")
        # The overall line, which the benchmark reads.
        top3 = sum(1 for row in judged if row.rank is not None and row.rank <= 3)
        first = sum(1 for row in judged if row.rank == 1)
        self.stdout.write(f"top 1: {first}/{len(judged)}; top 3: {top3}/{len(judged)}")
        if compare_with:
            other = json.loads(Path(compare_with).read_text())
            self._compare({row.query: row.first_page for row in judged}, other)

    def _compare(self, pages: dict, other: dict) -> None:
        """Print how many queries have the same first result and first page in both."""
        shared = [query for query in pages if query in other]
        first = [q for q in shared if pages[q][:1] == tuple(other[q][:1])]
        whole = [q for q in shared if pages[q] == tuple(other[q])]
        for query in shared:
            if query not in whole:
                self.stdout.write(f"first page differs: {query}")
        self.stdout.write(
            f"same first result: {len(first)}/{len(shared)}; "
            f"same first page: {len(whole)}/{len(shared)}"
        )


def _figures(rows) -> str:
    def within(n):
        return sum(1 for row in rows if row.rank is not None and row.rank <= n)

    return f"top 1 {within(1)}, top 3 {within(3)}, top 10 {within(10)} of {len(rows)}"
