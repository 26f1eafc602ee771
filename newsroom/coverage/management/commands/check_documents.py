from django.core.management.base import BaseCommand

from newsroom.coverage.importers.reading import read_paragraphs
from newsroom.coverage.management.commands._documents import read_document
from newsroom.coverage.models import Article, Transcript
from newsroom.coverage.quality import check_article, check_paragraphs, check_transcript


class Command(BaseCommand):
    help = (
        "Report data-quality warnings per paragraph: words in another script, website "
        "chrome, unbalanced quotes or brackets, doubled spaces, text cut off. With paths, "
        "check those text files; without, every story and transcript in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Text files to check.")

    def handle(self, *args, paths, **options):
        total = 0
        if paths:
            for path in paths:
                paragraphs = read_paragraphs(read_document(path))
                findings = check_paragraphs([p.text for p in paragraphs])
                for finding in findings:
                    line = paragraphs[finding.paragraph - 1].line
                    self.stdout.write(f"{path}:{line}: {finding.message}")
                total += len(findings)
        else:
            for article in Article.objects.all():
                total += self._report(f"story {article.slug}", check_article(article))
            for transcript in Transcript.objects.prefetch_related("segments"):
                total += self._report(f"transcript {transcript.slug}", check_transcript(transcript))
        self.stdout.write(f"{total} warning{'s' if total != 1 else ''}.")

    def _report(self, name, findings):
        for finding in findings:
            self.stdout.write(f"{name}: {finding}")
        return len(findings)
