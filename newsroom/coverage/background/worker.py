"""The worker process: the queue's own worker, a heartbeat and the sweep's clock.

`manage.py run_worker` runs one. The queue's worker (django-tasks-db's, or an RQ
worker) takes tasks; beside it a thread writes this worker's heartbeat every few
seconds (what `/healthz` and the sweep read) and queues the sweep every minute.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from newsroom.coverage.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

RESTART_WAIT = (1, 2, 4, 8, 15)  # seconds before running the worker again, then every 15


def new_worker_id() -> str:
    return f"{os.uname().nodename[:24]}-{os.getpid()}-{get_random_string(8)}"


class Clock(threading.Thread):
    """Beat this worker's heart every few seconds; queue the sweep every minute."""

    def __init__(self, worker_id: str):
        super().__init__(name="newsroom-clock", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.next_sweep = time.monotonic()  # at once: catch up on what fell due meanwhile

    def run(self):
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS)
        connection.close()

    def tick(self) -> None:
        # Never let a database or queue outage end the thread: try again next beat.
        try:
            close_old_connections()
            self.beat()
            if time.monotonic() >= self.next_sweep:
                self.queue_sweep()
                self.next_sweep = time.monotonic() + settings.SWEEP_SECONDS
        except Exception as error:
            logger.warning("Worker %s clock: %s", self.worker_id, error)
            connection.close()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker=self.worker_id,
            defaults={
                "queue": settings.TASK_QUEUE,
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": timezone.now(),
            },
        )

    def queue_sweep(self) -> None:
        from newsroom.coverage.background.queueing import enqueue
        from newsroom.coverage.background.tasks import sweep

        enqueue(sweep)


def run(*, worker_id: str, interval: float = 1.0) -> None:
    """Run a worker for the configured queue until it is told to stop (SIGTERM, Ctrl+C).

    The queue's worker is run again when the database drops under it (django-tasks-db's
    worker stops on any database error but a lock); RQ's waits for Redis by itself.
    """
    clock = Clock(worker_id)
    clock.start()
    try:
        if settings.TASK_QUEUE == "rq":
            run_rq(worker_id)
        else:
            run_database(worker_id, interval)
    finally:
        clock.stopping.set()


def run_database(worker_id: str, interval: float) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    failures = 0
    while True:
        started = time.monotonic()
        try:
            worker.run()
            return
        except (OperationalError, InterfaceError) as error:
            if time.monotonic() - started > 60:
                failures = 0  # a new outage, not the same one going on
            wait = RESTART_WAIT[min(failures, len(RESTART_WAIT) - 1)]
            failures += 1
            logger.warning("Database unavailable (%s); worker restarts in %d s", error, wait)
            connection.close()
            time.sleep(wait)


def run_rq(worker_id: str) -> None:
    import django_rq
    from rq.worker import SimpleWorker

    # SimpleWorker runs each task in this process: forking would share the database
    # connection between parent and child.
    worker = django_rq.get_worker("default", worker_class=SimpleWorker, name=worker_id)
    connection.close()  # RQ forks its scheduler: the child must not share this connection
    worker.work(with_scheduler=True)
