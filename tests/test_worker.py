"""Real worker processes (`manage.py run_worker`) on the test database, on both queues.

Each test starts workers as a deployment does, as separate processes, on the database
queue and on Redis (RQ): they publish at the time, catch up when started late, run each
thing once when two of them share the work, and finish the work of a worker killed in
the middle of it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.utils import timezone

from newsroom.coverage.background.queueing import enqueue, queue_job
from newsroom.coverage.background.tasks import publish_when_due, run_job
from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    Citation,
    JobKind,
    JobState,
    PublicationStatus,
    Segment,
    WorkerHeartbeat,
)
from newsroom.coverage.services import schedule, suggest_citations
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
WORKER = [sys.executable, "manage.py", "run_worker"]
RQ_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by each test
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and SKIP LOCKED are PostgreSQL's"
)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(params=["database", "rq"])
def queue(request, settings):
    """Queue tasks on the named queue, as the workers started by the test read it."""
    settings.TASK_QUEUE = request.param
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS[request.param]}}
    settings.RQ_QUEUES = {"default": {"URL": RQ_URL, "DEFAULT_TIMEOUT": 600}}
    if request.param == "rq":
        import django_rq

        django_rq.get_connection("default").flushdb()
    return request.param


class Worker:
    """A `manage.py run_worker` process on the test database."""

    def __init__(self, queue: str, tmp_path: Path, name: str, **env):
        self.name, self.log = name, tmp_path / f"{name}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "NEWSROOM_TASK_QUEUE": queue,
            "RQ_URL": RQ_URL,
            "REDIS_URL": "",
            "DJANGO_CONN_MAX_AGE": "0",
            "NEWSROOM_SWEEP_SECONDS": "2",
            "NEWSROOM_WORKER_HEARTBEAT_SECONDS": "1",
            "NEWSROOM_WORKER_SILENT_SECONDS": "4",
            **env,
        }
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*WORKER, "--worker-id", self.name, "--interval", "0.1"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(
            lambda: WorkerHeartbeat.objects.filter(worker=self.name).exists(),
            f"worker {self.name} to start",
            self,
        )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(ProcessLookupError):  # anything it left behind
            os.killpg(self.process.pid, signal.SIGKILL)

    def kill(self):
        """SIGKILL the worker and whatever it started (RQ's scheduler), as a lost
        machine or an out-of-memory kill would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def workers(queue, tmp_path):
    """Start workers on the test's queue; every one is stopped after the test."""
    started = []

    def start(name="worker-1", **env):
        worker = Worker(queue, tmp_path, name, **env)
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


def wait_until(condition, what: str, *workers, timeout: float = 45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(f"--- {w.name}\n{w.output()[-3000:]}" for w in workers)
    jobs = list(BackgroundJob.objects.values_list("pk", "state", "attempts", "error"))
    raise AssertionError(f"timed out waiting for {what}; jobs: {jobs}\n{logs}")


def published_by_the_scheduler(story) -> int:
    return LogEntry.objects.filter(
        object_id=str(story.pk), change_message__startswith="Published as scheduled"
    ).count()


def status(story) -> str:
    return Article.objects.values_list("status", flat=True).get(pk=story.pk)


def test_the_worker_publishes_a_scheduled_story_at_its_time(queue, workers, client):
    editor = UserFactory(is_staff=True, is_superuser=True)
    story = ArticleFactory(status=PublicationStatus.DRAFT)
    worker = workers()
    when = timezone.now() + timedelta(seconds=3)
    schedule(article=story, user=editor, when=when)  # the admin's and the API's path

    assert status(story) == PublicationStatus.SCHEDULED
    assert client.get(story.get_absolute_url()).status_code == 404
    wait_until(lambda: status(story) == PublicationStatus.PUBLISHED, "publication", worker)

    story.refresh_from_db()
    assert when <= story.published_at < when + timedelta(seconds=15)
    assert client.get(story.get_absolute_url()).status_code == 200
    assert published_by_the_scheduler(story) == 1


def test_a_worker_started_late_publishes_what_was_due_once(queue, workers, tmp_path):
    """One story keeps its queued task; the other's is lost (the queue emptied while no
    worker ran). Started late, the worker publishes both, each once."""
    editor = UserFactory(is_staff=True, is_superuser=True)
    when = timezone.now() + timedelta(seconds=1)
    kept, lost = ArticleFactory.create_batch(2, status=PublicationStatus.DRAFT)
    schedule(article=kept, user=editor, when=when)
    forget_queued_tasks(queue)
    schedule(article=lost, user=editor, when=when)
    forget_queued_tasks(queue, keep_first=True)
    time.sleep(2)  # its time passes with no worker
    assert {status(kept), status(lost)} == {PublicationStatus.SCHEDULED}

    worker = workers()
    wait_until(
        lambda: status(kept) == status(lost) == PublicationStatus.PUBLISHED,
        "both published",
        worker,
    )
    # Give the queued task and a second sweep their turn: neither publishes again.
    time.sleep(5)
    assert published_by_the_scheduler(kept) == published_by_the_scheduler(lost) == 1
    assert "Published as scheduled" in worker.output()


def forget_queued_tasks(queue: str, keep_first: bool = False) -> None:
    """Lose queued publication tasks, as a queue emptied by accident would."""
    if queue == "database":
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.order_by("enqueued_at")
        if keep_first:
            tasks = tasks.exclude(pk=tasks.values_list("pk", flat=True)[:1])
        tasks.delete()
        return
    import django_rq
    from rq.registry import ScheduledJobRegistry

    rq_queue = django_rq.get_queue("default")
    registry = ScheduledJobRegistry(queue=rq_queue)
    ids = registry.get_job_ids()
    for job_id in ids[1:] if keep_first else ids:
        registry.remove(job_id, delete_job=True)


@on_postgresql
def test_two_workers_publish_and_suggest_each_thing_once(queue, workers, seed):
    """Every task is queued twice, and two workers take them at once."""
    editor = UserFactory(is_staff=True, is_superuser=True)
    when = timezone.now() + timedelta(seconds=5)
    stories = ArticleFactory.create_batch(20, status=PublicationStatus.DRAFT)
    for story in stories:
        schedule(article=story, user=editor, when=when)
        enqueue(publish_when_due, "coverage.article", story.pk, run_after=when)
    seeded = list(Article.objects.exclude(pk__in=[s.pk for s in stories]))
    Citation.objects.filter(article__in=seeded).delete()  # so each run has work to do
    jobs = []
    for story in seeded:
        job = BackgroundJob.objects.create(
            kind=JobKind.SUGGEST, target=f"story:{story.pk}", article=story, requested_by=editor
        )
        enqueue(run_job, job.pk, run_after=when)
        enqueue(run_job, job.pk, run_after=when)
        jobs.append(job)

    first, second = workers("worker-1"), workers("worker-2")
    wait_until(
        lambda: (
            not Article.objects.filter(pk__in=[s.pk for s in stories])
            .exclude(status=PublicationStatus.PUBLISHED)
            .exists()
            and not BackgroundJob.objects.exclude(state=JobState.DONE).exists()
        ),
        "every story published and every job done",
        first,
        second,
        timeout=90,
    )
    time.sleep(3)  # the duplicate tasks' turn
    assert [published_by_the_scheduler(s) for s in stories] == [1] * len(stories)
    assert [j.attempts for j in BackgroundJob.objects.order_by("pk")] == [1] * len(jobs)
    # Each story's suggestions are what one run stores: a fresh run adds none, and no
    # passage is suggested twice for one sentence.
    for story in seeded:
        pairs = list(Citation.objects.filter(article=story).values_list("segment", "quote"))
        assert len(pairs) == len(set(pairs))
        assert suggest_citations(article=story).created == 0
    assert Citation.objects.filter(article__in=seeded).exists()
    shared = {j.worker for j in BackgroundJob.objects.all()} | tasks_taken_by(queue)
    assert {"worker-1", "worker-2"} <= shared, "both workers took work"


def tasks_taken_by(queue: str) -> set[str]:
    """Return the workers that ran tasks, as the queue recorded them."""
    if queue == "database":
        from django_tasks_db.models import DBTaskResult

        return {w for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ids}
    import django_rq
    from rq.job import Job
    from rq.registry import FinishedJobRegistry

    rq_queue = django_rq.get_queue("default")
    finished = FinishedJobRegistry(queue=rq_queue).get_job_ids()
    return {Job.fetch(i, connection=rq_queue.connection).worker_name for i in finished}


@on_postgresql
def test_a_job_left_by_a_killed_worker_is_done_by_another(queue, workers, seed):
    """kill -9 in the middle of a job: the next worker's sweep runs it again, once."""
    editor = UserFactory(is_staff=True, is_superuser=True)
    story = Article.objects.order_by("pk").first()
    unindexed = Segment.objects.order_by("pk").first()
    Segment.objects.filter(pk=unindexed.pk).update(token_count=None)
    held, release = threading.Event(), threading.Event()

    def hold_the_paragraph():
        # The job indexes this paragraph first: holding its row stops the job there.
        with transaction.atomic():
            Segment.objects.select_for_update().get(pk=unindexed.pk)
            held.set()
            release.wait(60)
        connection.close()

    holder = threading.Thread(target=hold_the_paragraph)
    holder.start()
    held.wait(10)
    try:
        doomed = workers("doomed")
        job = queue_job(JobKind.SUGGEST, user=editor, article=story)
        wait_until(
            lambda: BackgroundJob.objects.filter(pk=job.pk, state=JobState.RUNNING).exists(),
            "the job to start",
            doomed,
        )
        doomed.kill()
    finally:
        release.set()
        holder.join()
    job.refresh_from_db()
    assert (job.state, job.worker) == (JobState.RUNNING, "doomed")

    rescuer = workers("rescuer")
    wait_until(
        lambda: BackgroundJob.objects.filter(pk=job.pk, state=JobState.DONE).exists(),
        "the job to be done by the other worker",
        rescuer,
        timeout=60,
    )
    job.refresh_from_db()
    assert (job.attempts, job.worker) == (2, "rescuer")
    assert "citations suggested" in job.result
    assert Segment.objects.get(pk=unindexed.pk).token_count is not None
