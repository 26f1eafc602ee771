"""Create the RUM indexes that let PostgreSQL rank search over the whole archive."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from newsroom.coverage.search import postgres


class Command(BaseCommand):
    help = (
        "On PostgreSQL with the RUM extension installed (Debian: postgresql-15-rum), create "
        "the indexes that rank search over the whole archive. migrate does this when RUM is "
        "already there; run this after installing RUM later, then restart the app."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL uses RUM; SQLite ranks with its FTS5 index.")
        if not postgres.ensure_ranking_index(connection):
            raise CommandError(
                "The RUM extension is not installed on the database server "
                "(Debian: apt-get install postgresql-15-rum)."
            )
        self.stdout.write("Search now ranks the whole archive (RUM indexes in place).")
