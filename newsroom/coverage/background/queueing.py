"""Put work on the task queue: the one way the admin, the API and the commands do it."""

import logging

from django.db import IntegrityError, transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    JobKind,
    JobState,
    PublicationStatus,
    Transcript,
)
from newsroom.coverage.models.background import PENDING
from newsroom.coverage.services.audit import require

logger = logging.getLogger(__name__)

# What each kind of job asks of the one who asks for it.
PERMISSIONS = {
    JobKind.SUGGEST: ("coverage.change_article", "suggest citations"),
    JobKind.RECHECK_STORY: ("coverage.change_article", "re-check quotations"),
    JobKind.RECHECK_TRANSCRIPT: ("coverage.change_article", "re-check quotations"),
    JobKind.REBUILD_INDEX: ("coverage.change_transcript", "rebuild the linking index"),
}
UNREACHABLE = "The task queue could not be reached ({error}); nothing was done. Ask again."


def enqueue(task, *args, run_after=None, unreachable=None):
    """Queue `task(*args)`, to run after `run_after` if given.

    On the database queue the task is written in the caller's transaction, so it is
    queued exactly when the caller's writes are kept. Another queue (Redis) cannot join
    the transaction: the task is sent once it commits, so a worker never reads a row
    that is not there yet. The immediate backend runs it at once (tests, no worker).

    A backend that cannot run a task later (the immediate one) is not given one: the
    sweep publishes what is due. When the queue cannot be reached, `unreachable(error)`
    is called instead of failing the caller's request.
    """
    backend = task.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            return None
        task = task.using(run_after=run_after)
    if isinstance(backend, DatabaseBackend | ImmediateBackend):
        return task.enqueue(*args)

    def send():
        try:
            task.enqueue(*args)
        except Exception as error:  # Redis down or refusing: say so, lose nothing written
            logger.warning("Could not queue %s%s: %s", task.name, args, error)
            if unreachable is not None:
                unreachable(error)

    transaction.on_commit(send)
    return None


def target_of(*, article=None, transcript=None) -> str:
    if article is not None:
        return f"story:{article.pk}"
    if transcript is not None:
        return f"transcript:{transcript.pk}"
    return "index"


def queue_job(
    kind: str, *, user, article: Article | None = None, transcript: Transcript | None = None
) -> BackgroundJob:
    """Ask a worker to do `kind` of work on `article`, `transcript` or every record.

    Asking again while the same work waits or runs returns that job: it is done once.
    Returns the job as it stands (done already where tasks run at once).
    """
    permission, action = PERMISSIONS[kind]
    require(user, permission, action)
    target = target_of(article=article, transcript=transcript)
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                kind=kind,
                target=target,
                article=article,
                transcript=transcript,
                requested_by=user if user is not None and user.pk else None,
            )
            if not runs_at_once():
                send_job(job)  # on the database queue, the task is kept with the job or not
    except IntegrityError:
        waiting = BackgroundJob.objects.filter(kind=kind, target=target, state__in=PENDING)
        if job := waiting.first():
            return job
        raise
    if runs_at_once():
        send_job(job)  # after the job is stored, so a retried run finds it
    job.refresh_from_db()
    return job


def runs_at_once() -> bool:
    from newsroom.coverage.background.tasks import run_job

    return isinstance(run_job.get_backend(), ImmediateBackend)


def send_job(job: BackgroundJob) -> None:
    """Queue the task that runs `job` (again, for a job a dead worker left)."""
    from newsroom.coverage.background.tasks import run_job

    def unreachable(error):
        BackgroundJob.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
            state=JobState.FAILED, error=UNREACHABLE.format(error=type(error).__name__)
        )

    enqueue(run_job, job.pk, unreachable=unreachable)


def queue_publication(obj: Article | Transcript) -> None:
    """Ask a worker to publish scheduled `obj` at its time, once the caller commits;
    for `obj` published but dated in the future, to show it to readers at that date."""
    from newsroom.coverage.background.tasks import publish_when_due

    label = obj._meta.label_lower
    when = obj.publish_at if obj.status == PublicationStatus.SCHEDULED else obj.published_at
    # Robust: the story is saved whatever happens to the queue; the sweep publishes it.
    transaction.on_commit(
        lambda: enqueue(publish_when_due, label, obj.pk, run_after=when), robust=True
    )
