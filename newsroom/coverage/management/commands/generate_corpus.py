"""Add a synthetic archive for benchmarks (the generator lives in benchmarks/synthetic.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.coverage.cache.invalidation import changed
from newsroom.coverage.cache.keys import EVERYTHING
from newsroom.coverage.linking.index import analyze, index_pending


class Command(BaseCommand):
    help = (
        "Add a synthetic archive for benchmarks: people with aliases, events, transcripts "
        "with speakers, stories that quote and paraphrase them, and confirmed citations. "
        "Runs add up; every slug starts with 'synthetic-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, required=True)
        parser.add_argument("--transcripts", type=int, required=True)
        parser.add_argument("--segments-per-transcript", type=int, default=100)
        parser.add_argument("--seed", type=int, default=20230928)
        parser.add_argument(
            "--no-index",
            action="store_false",
            dest="index",
            help="Leave the linking index to be built when suggestions are next asked for.",
        )

    def handle(self, *args, stories, transcripts, segments_per_transcript, seed, index, **options):
        if min(stories, transcripts, segments_per_transcript) < 0 or (stories and not transcripts):
            raise CommandError("Counts must be positive, and stories need transcripts to cite.")
        if transcripts and segments_per_transcript < 1:
            raise CommandError("--segments-per-transcript must be at least 1.")
        try:
            from benchmarks.synthetic import Generator
        except ImportError as error:  # an installed copy: benchmarks/ lives in the checkout
            raise CommandError(
                "generate_corpus needs the benchmarks/ folder of a newsroom checkout; "
                "run it from the project's root."
            ) from error
        quiet = options["verbosity"] == 0
        bars = {
            "transcripts": tqdm(total=transcripts, desc="transcripts", unit="", disable=quiet),
            "stories": tqdm(total=stories, desc="stories", unit="", disable=quiet),
        }
        started = time.perf_counter()
        generator = Generator(seed=seed, progress=lambda phase, done: bars[phase].update(done))
        counts = generator.run(
            stories=stories,
            transcripts=transcripts,
            segments_per_transcript=segments_per_transcript,
        )
        for bar in bars.values():
            bar.close()
        # Written in bulk, past the signals: whatever a cache kept may show less than this.
        changed({EVERYTHING})
        written = time.perf_counter() - started
        indexed = 0
        if index:
            with tqdm(total=counts.segments, desc="index", unit="¶", disable=quiet) as bar:
                indexed = index_pending(progress=bar.update)
        analyze()
        self.stdout.write(
            f"{generator.prefix}: {counts.people:,} people, {counts.events:,} events, "
            f"{counts.transcripts:,} transcripts, {counts.segments:,} segments, "
            f"{counts.stories:,} stories, {counts.citations:,} citations in {written:.0f} s; "
            f"indexed {indexed:,} segments in {time.perf_counter() - started - written:.0f} s"
        )
