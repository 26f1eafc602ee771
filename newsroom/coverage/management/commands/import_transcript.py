import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.management.commands._documents import get_by_slug, read_document
from newsroom.coverage.models import Event, Source
from newsroom.coverage.services import transcript_import
from newsroom.coverage.services.transcript_versions import describe

DEFAULT_SOURCE = "president-of-russia-website"


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Import an English Kremlin transcript copied to text (or saved as a web page). "
        "Importing the same document again changes nothing; a different text for a stored "
        "transcript is refused unless --replace. Nothing is written when the import fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The text file (UTF-8).")
        parser.add_argument(
            "--source", default=DEFAULT_SOURCE, help=f"Source slug (default {DEFAULT_SOURCE})."
        )
        parser.add_argument("--event", help="Slug of the event the transcript records.")
        parser.add_argument("--title", help="The title, when the document has none.")
        parser.add_argument("--date", help="YYYY-MM-DD, when the document has no dateline.")
        parser.add_argument("--place", help="Place name, when the dateline gives none.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the stored text of a transcript with the same title and date.",
        )

    def handle(self, *args, **options):
        date = iso_date(options["date"]) if options["date"] else None
        text = read_document(options["path"])
        source = get_by_slug(Source, options["source"], "--source")
        event = get_by_slug(Event, options["event"], "--event")
        try:
            result = transcript_import(
                text=text,
                source=source,
                event=event,
                title=options["title"],
                date=date,
                place=options["place"],
                dry_run=options["dry_run"],
                replace=options["replace"],
            )
        except DocumentError as error:
            raise CommandError(f"{options['path']}: {error.for_command()}") from None
        transcript = result.object
        counts = result.counts
        self.stdout.write(
            f"{result.verb} “{transcript.title}” ({transcript.date}, slug {transcript.slug}): "
            f"{counts['segments']} paragraphs, {counts['turns']} speaker turns, "
            f"{counts['speakers']} speakers."
        )
        if result.plan is not None and result.plan.changed:
            for line in describe(result.plan):
                self.stdout.write(f"  {line}")
        for name in result.new_people:
            self.stdout.write(f"  new person: {name}")
        for role in result.new_roles:
            self.stdout.write(f"  new role: {role}")
