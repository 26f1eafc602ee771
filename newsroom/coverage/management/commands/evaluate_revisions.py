from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.revising.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Measure how citations survive real revisions: for each pair of versions of a "
        "transcript in a directory like tests/revisions/tune (a.txt, b.txt), cite every "
        "paragraph of the first, replace it by the second, and count the citations on "
        "their words, flagged and lost. What it writes is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory of pairs, one folder each.")

    def handle(self, *args, directory, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory}: no such directory")
        total = evaluate(path)
        if not total.pairs:
            raise CommandError(f"{directory}: no pair (a folder with a.txt and b.txt)")
        for name, tally in total.pairs:
            self.stdout.write(f"{name}: {tally.line()}")
        self.stdout.write(f"{len(total.pairs)} pairs, {total.line()}")
