"""The sweep every worker queues each minute: it catches what was missed.

A scheduled item whose task was lost (the worker was down at its time, Redis was
emptied, the clock moved) is published; a job whose worker died, or that nothing has
moved for long, is queued again; tasks the database queue shows running on a dead
worker run again; autosaves a month old are forgotten. Everything it does is
idempotent, so several workers sweeping at once, or a sweep beside the task it backs
up, publish and run each thing once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from newsroom.coverage.cache.invalidation import came_due
from newsroom.coverage.models import BackgroundJob, JobState, PublicationStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

STALE_JOB = timedelta(minutes=30)  # a running job nothing moved for this long is requeued
KEEP_TASKS = timedelta(days=1)  # finished tasks of the database queue, for inspection
SWEEP_INDEX_BATCHES = 4  # of 5,000 paragraphs: what one sweep adds to the linking index


def dated_between(start, end) -> list:
    """Return the published stories and transcripts whose date fell between `start` and `end`."""
    from newsroom.coverage.models import Article, Transcript

    dated = {
        "status": PublicationStatus.PUBLISHED,
        "published_at__gt": start,
        "published_at__lte": end,
    }
    return [*Article.objects.filter(**dated), *Transcript.objects.filter(**dated)]


def live_workers(now) -> set[str]:
    since = now - timedelta(seconds=settings.WORKER_SILENT_SECONDS)
    return set(WorkerHeartbeat.objects.filter(beat_at__gte=since).values_list("worker", flat=True))


def sweep(now=None) -> dict:
    """Publish what is due, requeue abandoned work; return what was done."""
    from newsroom.coverage.services.editing import forget_old
    from newsroom.coverage.services.publishing import publish_scheduled
    from newsroom.coverage.syndication.alert_mail import send_found
    from newsroom.coverage.syndication.webhooks import send_due

    now = now or timezone.now()
    published = publish_scheduled(now=now)
    came_due(dated_between(now - timedelta(seconds=2 * settings.SWEEP_SECONDS), now))
    alive = live_workers(now)
    requeued = requeue_jobs(now, alive)
    rerun = rerun_database_tasks(now, alive)
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=7)).delete()
    return {
        "published": [obj.slug for obj in published],
        "jobs_requeued": requeued,
        "tasks_rerun": rerun,
        "tasks_forgotten": forget_finished_tasks(now),
        "autosaves_forgotten": forget_old(now),
        "webhooks_sent": send_due(now),
        # Immediate alerts a lost task did not tell, and the daily digest once it is due.
        "alert_mails": send_found(daily=False, now=now) + send_found(daily=True, now=now),
        # New paragraphs join the statistics search ranks by (and linking reads), a few
        # batches a sweep so that a large import never holds the sweep up for long.
        "paragraphs_indexed": index_new_paragraphs(),
    }


def index_new_paragraphs() -> int:
    """Index a few batches of new paragraphs; none while another transaction holds one of
    them (an editor's save, a job): the sweep does not wait, the next one does them."""
    from newsroom.coverage.linking.index import index_pending

    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
            return index_pending(batches=SWEEP_INDEX_BATCHES)
    except OperationalError:
        logger.info("New paragraphs are held by another transaction: indexed next sweep")
        return 0


def requeue_jobs(now, alive: set[str]) -> int:
    """Queue again the running jobs whose worker is gone or that nothing moved for long."""
    from newsroom.coverage.background.queueing import send_job

    grace = now - timedelta(seconds=settings.WORKER_SILENT_SECONDS)
    running = BackgroundJob.objects.filter(state=JobState.RUNNING, touched_at__lt=grace)
    requeued = 0
    for job in running:
        if job.worker in alive and job.touched_at >= now - STALE_JOB:
            continue
        # Conditional: a worker finishing it meanwhile keeps its outcome.
        left = BackgroundJob.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker)
        if left.update(state=JobState.QUEUED, worker=""):
            logger.warning("Requeued background job %s (%s), left by %s", job.pk, job, job.worker)
            send_job(job)
            requeued += 1
    return requeued


def on_the_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == settings.TASK_BACKENDS["database"]


def forget_finished_tasks(now) -> int:
    """Delete the database queue's tasks finished more than a day ago: every sweep and
    every publication adds one, and the jobs editors follow are kept apart."""
    if not on_the_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASKS).delete()[0]


def rerun_database_tasks(now, alive: set[str]) -> int:
    """Make the database queue's tasks left running by a dead worker ready again.

    A worker killed mid-task (kill -9, a lost machine) leaves its task marked running
    for ever; every task here is idempotent, so running it again is safe.
    """
    if not on_the_database_queue():
        return 0
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    grace = now - timedelta(seconds=settings.WORKER_SILENT_SECONDS)
    stranded = [
        result.pk
        for result in DBTaskResult.objects.running().filter(started_at__lt=grace)
        if not result.worker_ids or result.worker_ids[-1] not in alive
    ]
    if stranded:
        logger.warning("Running again %d tasks left by workers that stopped", len(stranded))
    return DBTaskResult.objects.filter(pk__in=stranded, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
