import datetime as dt
import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.management.commands._documents import get_by_slug, read_document
from newsroom.coverage.management.commands._dumps import without_generated_fields
from newsroom.coverage.models import Article, Event, Person, Place, Source, Transcript
from newsroom.coverage.services import story_import, transcript_import


class Command(BaseCommand):
    help = (
        "Rebuild the generated fixtures (transcripts, articles) from the seed documents "
        "through the importers, on top of the curated fixtures. Run it on an empty "
        "scratch database: `make fixtures` does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", default=str(settings.SEED_DOCUMENTS_DIR))
        parser.add_argument("--output", default=str(settings.FIXTURE_DIRS[0]))

    def handle(self, *args, seeds, output, **options):
        if Article.objects.exists() or Transcript.objects.exists() or Person.objects.exists():
            raise CommandError("Refusing to run on a database with content: use an empty one.")
        seeds = Path(seeds)
        manifest = json.loads((seeds / "manifest.json").read_text(encoding="utf-8"))
        call_command("loaddata", *settings.CURATED_FIXTURES, verbosity=0)
        try:
            for entry in manifest["transcripts"]:
                self._import_transcript(seeds, entry)
            for entry in manifest["stories"]:
                self._import_story(seeds, entry)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        call_command("loaddata", "citations", verbosity=0)  # curated: must still resolve
        for name, models in settings.GENERATED_FIXTURES.items():
            path = Path(output) / f"{name}.json"
            write_fixture(path, models)
            self.stdout.write(f"wrote {path}")

    def _import_transcript(self, seeds, entry):
        result = transcript_import(
            text=read_document(seeds / entry["document"]),
            source=get_by_slug(Source, entry["source"], "source"),
            event=get_by_slug(Event, entry.get("event"), "event"),
        )
        if result.new_people or result.new_roles:
            raise CommandError(
                f"{entry['document']}: add these to fixtures/people.json first, with what "
                f"the documents say of them: {', '.join(result.new_people + result.new_roles)}"
            )
        # Set as stored, not saved: a save would stamp the time of this build.
        Transcript.objects.filter(pk=result.object.pk).update(
            status=entry["status"], published_at=published_here_at(entry)
        )

    def _import_story(self, seeds, entry):
        result = story_import(
            text=read_document(seeds / entry["document"]),
            source=get_by_slug(Source, entry.get("source"), "source"),
            headline=entry["headline"],
            slug=entry["slug"],
        )
        article = result.object
        # Published here at the fixed demo time (a save would stamp this build's time).
        # What the source itself dated stays apart, in source_date: empty, as neither
        # story states when it was reported.
        Article.objects.filter(pk=article.pk).update(
            status=entry["status"],
            published_at=published_here_at(entry),
            last_published_at=published_here_at(entry),
            source_date=entry.get("source_date"),
        )
        article.other_sources.set(
            [get_by_slug(Source, s, "other_sources") for s in entry.get("other_sources", [])]
        )
        article.people.set([get_by_slug(Person, s, "people") for s in entry.get("people", [])])
        article.events.set([get_by_slug(Event, s, "events") for s in entry.get("events", [])])
        article.places.set([get_by_slug(Place, s, "places") for s in entry.get("places", [])])


def published_here_at(entry) -> dt.datetime:
    """Return when the demo published this document on this site: a fixed time in the
    manifest, so the fixtures are the same on every build. It is no date of the
    document itself."""
    return dt.datetime.fromisoformat(entry["published_here_at"])


def write_fixture(path: Path, models: list[str]) -> None:
    """Write `models` as a natural-key JSON fixture, readable and stable byte for byte."""
    out = io.StringIO()
    call_command(
        "dumpdata", *models, natural_foreign=True, natural_primary=True, indent=2, stdout=out
    )
    with path.open("w", encoding="utf-8") as file:
        rows = without_generated_fields(json.loads(out.getvalue()))
        json.dump(rows, file, ensure_ascii=False, indent=2)
        file.write("\n")
