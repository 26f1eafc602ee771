"""Rank the right answer of every query in the search relevance set."""

from contextlib import nullcontext
from pathlib import Path
from unittest.mock import patch

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from newsroom.coverage.search import postgres
from newsroom.coverage.search.relevance import CASES, GOLD, evaluate, load_archive


class Command(BaseCommand):
    help = (
        "Search for every query of the relevance set (tests/gold/search.json) and print "
        "where its known best answer ranks. With --load, first writes the seed and the gold "
        "archive (tests/gold/real) and rolls everything back afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=str(CASES))
        parser.add_argument("--load", action="store_true", help="Load the gold archive first.")
        parser.add_argument(
            "--bounded",
            action="store_true",
            help="On PostgreSQL, rank as a database without the RUM extension does: only "
            "the newest matches (to see what RUM changes).",
        )

    def handle(self, *args, cases, load, bounded, **options):
        # --bounded answers "no RUM index" for this run only.
        without_rum = lambda model, using="default": False  # noqa: E731
        ranking = (
            patch.object(postgres, "has_ranking_index", without_rum) if bounded else nullcontext()
        )
        with ranking, transaction.atomic():
            if load:
                load_archive(GOLD)
            judged = evaluate(Path(cases))
            transaction.set_rollback(True)
        self.stdout.write(
            f"{'rank':>4}  {'matches':>9}  {'its word':>9}  query → answer ({connection.vendor})"
        )
        for row in judged:
            rank = "-" if row.rank is None else str(row.rank)
            self.stdout.write(
                f"{rank:>4}  {row.matches:>9,}  {row.common:>9,}  {row.query} → {row.answer}"
            )
        top3 = sum(1 for row in judged if row.rank is not None and row.rank <= 3)
        first = sum(1 for row in judged if row.rank == 1)
        self.stdout.write(f"top 1: {first}/{len(judged)}; top 3: {top3}/{len(judged)}")
