import json

from django.core.management.base import BaseCommand

from newsroom.coverage.background.sweeping import sweep


class Command(BaseCommand):
    help = (
        "Do now what every worker does each minute: publish scheduled items that are due "
        "and queue again work that stopped workers left. Workers make this unnecessary; "
        "it is for a site run without one."
    )

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(sweep(), indent=2))
