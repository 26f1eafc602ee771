import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from newsroom.coverage.linking.index import analyze, index_pending
from newsroom.coverage.models import Segment


class Command(BaseCommand):
    help = (
        "Index new and edited transcript paragraphs for the linking engine (it also does "
        "this when next asked for suggestions). --rebuild re-indexes every paragraph."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args, rebuild, **options):
        if rebuild:
            Segment.objects.filter(token_count__isnull=False).update(token_count=None)
        pending = Segment.objects.filter(token_count__isnull=True).count()
        started = time.perf_counter()
        with tqdm(total=pending, unit="¶", disable=options["verbosity"] == 0) as bar:
            done = index_pending(progress=bar.update)
        analyze()
        self.stdout.write(f"indexed {done:,} paragraphs in {time.perf_counter() - started:.0f} s")
