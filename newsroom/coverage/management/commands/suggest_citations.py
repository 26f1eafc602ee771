from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.models import Article
from newsroom.coverage.services import link_mentions, suggest_citations


class Command(BaseCommand):
    help = (
        "Suggest citations from stories to the transcript passages that back them. "
        "Confirmed and rejected citations are never changed."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--article", help="Slug of one story.")
        target.add_argument("--all", action="store_true", help="Every story.")
        parser.add_argument("--threshold", type=float, help="Default: settings or the engine's.")
        parser.add_argument(
            "--link-mentions",
            action="store_true",
            dest="apply_mentions",
            help="Also link each story to the people and places it names.",
        )

    def handle(self, *args, article, threshold, apply_mentions, **options):
        if article:
            articles = Article.objects.filter(slug=article)
            if not articles.exists():
                raise CommandError(f"--article: no story has the slug {article!r}")
        else:
            articles = Article.objects.all()
        for story in articles:
            result = suggest_citations(article=story, threshold=threshold)
            self.stdout.write(
                f"{story.slug}: {result.suggested} suggested ({result.created} new, "
                f"{result.removed} withdrawn), {result.kept_by_editors} already decided by editors"
            )
            if not result.suggested and result.reason:
                self.stdout.write(f"  why none: {result.reason}")
            if result.events and not apply_mentions:
                self.stdout.write(
                    "  its evidence points to: " + ", ".join(str(e) for e in result.events)
                )
            if apply_mentions:
                people, places = link_mentions(article=story)
                names = [p.name for p in people] + [p.name for p in places]
                self.stdout.write(f"  linked: {', '.join(names) or 'nothing new'}")
            elif result.people or result.places:
                names = [p.name for p in result.people] + [p.name for p in result.places]
                self.stdout.write(f"  named but not linked: {', '.join(names)}")
