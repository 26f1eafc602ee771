from django.core.management.base import BaseCommand

from newsroom.coverage.services import publish_scheduled


class Command(BaseCommand):
    help = "Publish scheduled stories that are due. Safe to run from cron every minute."

    def handle(self, *args, **options):
        published = publish_scheduled()
        for article in published:
            self.stdout.write(f"published {article.slug}")
        self.stdout.write(
            f"{len(published)} stor{'y' if len(published) == 1 else 'ies'} published."
        )
