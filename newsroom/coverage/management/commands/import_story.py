from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.importers.errors import DocumentError, MissingSource
from newsroom.coverage.management.commands._documents import get_by_slug, read_document
from newsroom.coverage.models import Source
from newsroom.coverage.services import story_import


class Command(BaseCommand):
    help = (
        "Import a story from a text file as a draft: paragraphs verbatim; a trailing "
        "“[Source: …]” line names the source. Importing again updates the story in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The text file (UTF-8).")
        parser.add_argument(
            "--source", help="Source slug, for a story without a “[Source: …]” line."
        )
        parser.add_argument("--headline", help="The headline (default: the first sentence).")
        parser.add_argument("--slug", help="The slug (default: from the headline).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )

    def handle(self, *args, **options):
        source = get_by_slug(Source, options["source"], "--source")
        text = read_document(options["path"])
        try:
            result = story_import(
                text=text,
                source=source,
                headline=options["headline"],
                slug=options["slug"],
                dry_run=options["dry_run"],
            )
        except MissingSource:
            raise CommandError(
                f"{options['path']}: the story names no source: give one with --source SLUG, "
                "or end the text with a “[Source: …]” line"
            ) from None
        except DocumentError as error:
            raise CommandError(f"{options['path']}: {error.for_command()}") from None
        article = result.object
        self.stdout.write(
            f"{result.verb} “{article.headline}” (slug {article.slug}, source {article.source}): "
            f"{result.counts['paragraphs']} paragraphs."
        )
