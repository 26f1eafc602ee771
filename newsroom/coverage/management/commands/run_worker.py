from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.coverage.background import worker


class Command(BaseCommand):
    help = (
        "Run a background worker: publishes scheduled stories and transcripts at their "
        "time, does the work editors queue (suggestions, quote re-checks, the linking "
        "index) and sweeps every minute for what was missed. Run as many as you like, "
        "on as many machines (with NEWSROOM_TASK_QUEUE=rq or a shared PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", help="Default: host name, process id and a token.")
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at the database queue when it is empty (default 1).",
        )

    def handle(self, *args, worker_id, interval, **options):
        if settings.TASK_QUEUE == "immediate":
            raise CommandError(
                "NEWSROOM_TASK_QUEUE=immediate runs each task where it is queued: there is "
                "nothing for a worker to do. Use 'database' or 'rq'."
            )
        worker_id = worker_id or worker.new_worker_id()
        self.stdout.write(f"Worker {worker_id} on the {settings.TASK_QUEUE} queue.")
        worker.run(worker_id=worker_id, interval=interval)
