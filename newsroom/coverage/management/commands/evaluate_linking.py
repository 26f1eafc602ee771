from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.linking.evaluation import evaluate, evaluate_quotes, evaluate_real
from newsroom.coverage.models import Article


class Command(BaseCommand):
    help = (
        "Print the linking engine's figures against a gold set: a JSON file like "
        "tests/gold/seed_links.json (precision, recall, F1), or a directory of real stories "
        "and records like tests/gold/real (also links from unbacked sentences, links across "
        "events and the quote checks; what it loads is rolled back)."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", help="The gold set: a JSON file or a directory.")
        parser.add_argument("--threshold", type=float, help="Default: settings or the engine's.")
        parser.add_argument(
            "--split", choices=["tune", "held-out"], help="Only this part of a real gold set."
        )
        parser.add_argument("--errors", action="store_true", help="Also list every mistake.")

    def handle(self, *args, gold, threshold, split, errors, **options):
        if Path(gold).is_dir():
            return self._real(gold, split, errors)
        try:
            rows = evaluate(gold, threshold=threshold)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{gold}: cannot read the gold set ({error})") from None
        except Article.DoesNotExist:
            raise CommandError("The gold set names a story this database lacks.") from None
        self.stdout.write(
            f"{'story':60} {'sugg':>5} {'ok':>4} {'precision':>9} {'recall':>7} "
            f"{'pair-rec':>8} {'F1':>6}"
        )
        for row in rows:
            self.stdout.write(
                f"{row.article[:60]:60} {row.suggestions:5} {row.correct:4} "
                f"{row.precision:9.3f} {row.recall:7.3f} {row.pair_recall:8.3f} {row.f1:6.3f}"
            )

    def _real(self, gold, split, errors):
        try:
            rows = evaluate_real(gold, split=split)
            quote_rows = evaluate_quotes(gold, split=split)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{gold}: cannot read the gold set ({error})") from None
        self.stdout.write(
            f"{'story':56} {'sugg':>4} {'ok':>3} {'backed':>6} {'found':>5} "
            f"{'unbacked':>8} {'across':>6}"
        )
        for row in rows:
            self.stdout.write(
                f"{row.story[:56]:56} {row.suggestions:4} {row.correct:3} "
                f"{row.backed_sentences:6} {row.sentences_found:5} {row.unbacked_links:8} "
                f"{row.cross_event_links:6}"
            )
        total = rows[-1]
        right = sum(r.right for r in quote_rows)
        self.stdout.write(
            f"precision {total.precision:.3f}, recall {total.recall:.3f}, links from unbacked "
            f"sentences {total.unbacked_links}, links across events "
            f"{total.cross_event_links}; quote checks right {right} of {len(quote_rows)}"
        )
        if errors:
            for line in total.errors:
                self.stdout.write(f"wrong link: {line}")
            for line in total.misses:
                self.stdout.write(f"missed: {line}")
            for row in quote_rows:
                if not row.right:
                    self.stdout.write(
                        f"quote check: {row.story}: “{row.quotation}” is {row.expected} "
                        f"{_marks(row.expected_at)}, found {row.found or 'no verdict'} "
                        f"{_marks(row.found_at)}"
                    )


def _marks(positions) -> str:
    return "–".join(f"¶{p}" for p in positions) or "(nowhere)"
