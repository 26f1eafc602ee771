from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.linking.evaluation import evaluate
from newsroom.coverage.models import Article


class Command(BaseCommand):
    help = "Print the linking engine's precision, recall and F1 against a gold set (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("gold", help="The gold set, e.g. tests/gold/seed_links.json.")
        parser.add_argument("--threshold", type=float, help="Default: settings or the engine's.")

    def handle(self, *args, gold, threshold, **options):
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
