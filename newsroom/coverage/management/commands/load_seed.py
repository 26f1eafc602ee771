from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsroom.coverage.models import Article, Transcript


class Command(BaseCommand):
    help = (
        "Load the seed fixtures into a database that has no content yet. "
        "A database with stories or transcripts is left as it is, so editors' work is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when content exists; seed rows are reset to the fixtures.",
        )

    def handle(self, *args, force, **options):
        if not force and (Article.objects.exists() or Transcript.objects.exists()):
            self.stdout.write("Content already present: seed fixtures not loaded again.")
            return
        call_command("loaddata", *settings.SEED_FIXTURES, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Seed fixtures loaded."))
