import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.management.commands._dumps import without_generated_fields

# Rebuilt by the application, never restored from a backup: the linking index and its
# statistics, content types and permissions (made by migrate), sessions, sign-in
# lockouts and background work (transient: queued tasks, jobs, workers' heartbeats).
DERIVED = [
    "coverage.SegmentTerm",
    "coverage.TermStat",
    "coverage.IndexTotals",
    "coverage.BackgroundJob",
    "coverage.WorkerHeartbeat",
    "contenttypes",
    "auth.Permission",
    "sessions",
    "axes",
    "django_tasks_database",
    "django_rq",  # no table: its admin page only
]


class Command(BaseCommand):
    help = (
        "Write every row of the database that is not derived (content, editors, groups, "
        "API tokens, the admin history) to one JSON fixture; `manage.py loaddata FILE` "
        "into a freshly migrated database restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The JSON file to write.")

    def handle(self, *args, output, **options):
        path = Path(output)
        if path.suffix != ".json":
            raise CommandError("Give a .json file name: loaddata picks the format from it.")
        call_command(
            "dumpdata",
            exclude=DERIVED,
            natural_foreign=True,  # content types and permissions by name, not number
            indent=1,
            output=str(path),
            verbosity=0,
        )
        rows = without_generated_fields(json.loads(path.read_text()))
        for row in rows:
            if row["model"] == "coverage.segment":
                # The index is not in the backup, so the restored segments are unindexed.
                row["fields"]["token_count"] = None
        path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
        self.stdout.write(f"wrote {len(rows):,} rows to {path}")
