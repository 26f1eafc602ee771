from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.linking import quotes
from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.models import Article
from newsroom.coverage.services.quotes import check_story, recheck_citations

LABELS = {
    quotes.VERBATIM: "verbatim",
    quotes.NUMBER_DIFFERS: "a number differs",
    quotes.CLOSE: "close",
    quotes.NOT_FOUND: "not found in the record",
    "": "no record to check against",
}


class Command(BaseCommand):
    help = (
        "Check the words every story quotes against what its speaker said in the record "
        "(the transcripts the story cites, and those of the events it covers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--story", action="append", help="Only this story (slug); repeatable.")
        parser.add_argument(
            "--differing", action="store_true", help="Print only quotations that differ."
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Also work out again the quote check stored on each citation.",
        )

    def handle(self, *args, story, differing, save, **options):
        articles = Article.objects.order_by("slug")
        if story:
            articles = articles.filter(slug__in=story)
            missing = set(story) - set(articles.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No story with the slug {', '.join(sorted(missing))}.")
        gazetteer = Gazetteer.from_database()
        totals = dict.fromkeys(LABELS, 0)
        for article in articles.iterator():
            for check in check_story(article, gazetteer=gazetteer):
                totals[check.verdict] += 1
                if differing and not check.differs:
                    continue
                self.stdout.write(self._line(article, check))
        summary = ", ".join(f"{LABELS[v]}: {n}" for v, n in totals.items())
        self.stdout.write(f"Quotations checked — {summary}.")
        if save:
            count = recheck_citations(articles)
            self.stdout.write(f"Quote checks of {count} citations worked out again.")

    @staticmethod
    def _line(article, check) -> str:
        who = check.speaker.name if check.speaker else "unattributed"
        line = f"{article.slug}: “{check.quotation}” ({who}) — {LABELS[check.verdict]}"
        if check.quoted:
            line += f", {check.matched} of {check.quoted} words"
        if check.segment is not None:
            line += f" — {check.segment.transcript.slug} {check.where}"
        if check.record_words:
            line += f"; the record: “{check.record_words}”"
        return line
