"""Background work without a worker process: what is queued and when, the jobs, the
sweep, the desk and `/healthz`. Real worker processes are in test_worker.py."""

import datetime as dt
import json
import os

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from rest_framework.test import APIClient

from newsroom.coverage.background import health, jobs, reconnecting, sweeping
from newsroom.coverage.background.queueing import enqueue, queue_job
from newsroom.coverage.background.tasks import publish_when_due, run_job
from newsroom.coverage.background.worker import Clock
from newsroom.coverage.linking.index import index_segments
from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    Citation,
    CitationStatus,
    JobKind,
    JobState,
    PublicationStatus,
    Segment,
    SegmentTerm,
    Transcript,
    WorkerHeartbeat,
)
from newsroom.coverage.services import schedule
from tests.admin_forms import change_form_data
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    PersonFactory,
    TranscriptFactory,
    UserFactory,
    transcript_with,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now


@pytest.fixture
def recorded_tasks(settings):
    """Record what is queued, with its time, instead of running it."""
    settings.TASK_QUEUE = "rq"  # any queue a worker reads
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


@pytest.fixture
def database_queue(settings):
    settings.TASK_QUEUE = "database"
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}


def queued(results, task):
    return [(r.args, r.task.run_after) for r in results if r.task.name == task.name]


def scheduled_by_the_scheduler(obj) -> int:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        change_message__startswith="Published as scheduled",
    ).count()


class TestScheduling:
    def test_scheduling_queues_publication_at_its_time(
        self, recorded_tasks, editor, django_capture_on_commit_callbacks
    ):
        story = ArticleFactory(status=PublicationStatus.DRAFT)
        when = NOW() + dt.timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            schedule(article=story, user=editor, when=when)
        assert queued(recorded_tasks, publish_when_due) == [(["coverage.article", story.pk], when)]

    def test_rescheduling_queues_the_new_time_and_an_edit_queues_nothing(
        self, recorded_tasks, editor, django_capture_on_commit_callbacks
    ):
        when = NOW() + dt.timedelta(hours=1)
        story = ArticleFactory(status=PublicationStatus.DRAFT)
        with django_capture_on_commit_callbacks(execute=True):
            schedule(article=story, user=editor, when=when)
            story = Article.objects.get(pk=story.pk)
            story.body = "An edit while it waits."
            story.save()
            later = when + dt.timedelta(hours=2)
            story.publish_at = later
            story.save()
        assert [t for _, t in queued(recorded_tasks, publish_when_due)] == [when, later]

    def test_a_transcript_scheduled_in_admin_is_queued(
        self, recorded_tasks, client, editor, django_capture_on_commit_callbacks
    ):
        transcript = TranscriptFactory(status=PublicationStatus.DRAFT)
        client.force_login(editor)
        when = (NOW() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
        url = reverse("admin:coverage_transcript_change", args=[transcript.pk])
        data = change_form_data(
            client.get(url),
            status="scheduled",
            publish_at_0=timezone.localtime(when).strftime("%Y-%m-%d"),
            publish_at_1=timezone.localtime(when).strftime("%H:%M:%S"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
        assert queued(recorded_tasks, publish_when_due) == [
            (["coverage.transcript", transcript.pk], when)
        ]

    def test_the_task_of_an_old_time_or_an_unscheduled_story_does_nothing(self, editor):
        story = ArticleFactory(
            status=PublicationStatus.SCHEDULED,
            publish_at=NOW() + dt.timedelta(hours=1),
            scheduled_by=editor,
        )
        assert publish_when_due.call("coverage.article", story.pk) == []  # rescheduled later
        Article.objects.filter(pk=story.pk).update(
            status=PublicationStatus.DRAFT, publish_at=NOW() - dt.timedelta(minutes=1)
        )
        assert publish_when_due.call("coverage.article", story.pk) == []  # unscheduled
        assert Article.objects.get(pk=story.pk).status == PublicationStatus.DRAFT

    def test_the_task_publishes_its_item_once(self, editor):
        due = NOW() - dt.timedelta(seconds=1)
        story = ArticleFactory(
            status=PublicationStatus.SCHEDULED, publish_at=due, scheduled_by=editor
        )
        other = ArticleFactory(
            status=PublicationStatus.SCHEDULED, publish_at=due, scheduled_by=editor
        )
        record = TranscriptFactory(
            status=PublicationStatus.SCHEDULED, publish_at=due, scheduled_by=editor
        )
        assert publish_when_due.call("coverage.article", story.pk) == [story.slug]
        assert publish_when_due.call("coverage.article", story.pk) == []
        assert publish_when_due.call("coverage.transcript", record.pk) == [record.slug]
        assert scheduled_by_the_scheduler(story) == 1
        assert Article.objects.get(pk=other.pk).status == PublicationStatus.SCHEDULED
        assert Transcript.objects.get(pk=record.pk).status == PublicationStatus.PUBLISHED

    def test_a_site_without_a_deferring_queue_queues_nothing_and_the_sweep_publishes(self, editor):
        story = ArticleFactory(status=PublicationStatus.DRAFT)
        schedule(article=story, user=editor, when=NOW() + dt.timedelta(seconds=1))
        assert enqueue(publish_when_due, "coverage.article", story.pk, run_after=NOW()) is None
        later = NOW() + dt.timedelta(minutes=1)
        assert sweeping.sweep(now=later)["published"] == [story.slug]


class TestJobs:
    def test_suggestions_run_as_a_job_and_say_what_they_did(self, editor, seed):
        story = Article.objects.get(
            slug="putin-to-meet-26-newly-elected-regional-heads-by-video-link"
        )
        Citation.objects.filter(article=story).delete()
        job = queue_job(JobKind.SUGGEST, user=editor, article=story)
        assert job.state == JobState.DONE and job.attempts == 1
        suggested = set(
            Citation.objects.filter(article=story, status=CitationStatus.SUGGESTED).values_list(
                "segment", "quote"
            )
        )
        assert suggested and f"{len(suggested)} citations suggested" in job.result
        assert job.total == job.done > 0
        assert LogEntry.objects.filter(
            object_id=str(story.pk), change_message=f"Suggested {len(suggested)} citations"
        ).exists()
        # Idempotent: asked again, the same suggestions, none added.
        again = queue_job(JobKind.SUGGEST, user=editor, article=story)
        assert again.pk != job.pk and "(0 new)" in again.result
        assert (
            set(
                Citation.objects.filter(article=story, status=CitationStatus.SUGGESTED).values_list(
                    "segment", "quote"
                )
            )
            == suggested
        )

    def test_asking_twice_while_it_waits_queues_it_once(self, recorded_tasks, editor):
        story = ArticleFactory()
        first = queue_job(JobKind.SUGGEST, user=editor, article=story)
        second = queue_job(JobKind.SUGGEST, user=editor, article=story)
        assert first.pk == second.pk and first.state == JobState.QUEUED
        other = queue_job(JobKind.RECHECK_STORY, user=editor, article=story)
        assert other.pk != first.pk
        assert BackgroundJob.objects.count() == 2

    def test_on_the_database_queue_the_job_and_its_task_are_written_together(
        self, database_queue, editor
    ):
        from django_tasks_db.models import DBTaskResult

        job = queue_job(JobKind.SUGGEST, user=editor, article=ArticleFactory())
        task = DBTaskResult.objects.get()
        assert (job.state, task.task_name, task.args_kwargs["args"]) == (
            JobState.QUEUED,
            "run_job",
            [job.pk],
        )

    def test_who_may_ask(self, reporter, editor):
        story = ArticleFactory()
        assert queue_job(JobKind.SUGGEST, user=reporter, article=story).state == JobState.DONE
        with pytest.raises(PermissionDenied):
            queue_job(JobKind.REBUILD_INDEX, user=reporter)
        with pytest.raises(PermissionDenied):
            queue_job(JobKind.SUGGEST, user=UserFactory(is_staff=True), article=story)
        assert queue_job(JobKind.REBUILD_INDEX, user=editor).state == JobState.DONE

    def test_a_failing_job_keeps_its_reason(self, editor, monkeypatch):
        def broken(job, progress):
            raise ValueError("the engine refused")

        monkeypatch.setitem(jobs.WORK, JobKind.SUGGEST, broken)
        job = queue_job(JobKind.SUGGEST, user=editor, article=ArticleFactory())
        assert (job.state, job.error) == (JobState.FAILED, "ValueError: the engine refused")
        assert job.finished_at is not None

    def test_a_job_already_done_or_taken_is_not_run_again(self, editor):
        job = queue_job(JobKind.RECHECK_STORY, user=editor, article=ArticleFactory())
        assert job.state == JobState.DONE
        assert jobs.run(job.pk, worker="late") == "not run: done, taken by another worker, or gone"
        assert BackgroundJob.objects.get(pk=job.pk).attempts == 1

    def test_quote_rechecks_of_a_story_and_of_the_stories_citing_a_record(self, editor):
        putin = PersonFactory(name="Vladimir Putin")
        record = transcript_with([(putin, "We will build 100 schools in the region this year.")])
        paragraph = record.segments.get()
        said = "Putin said: “We will build 100 schools in the region this year.”"
        misquoted = "Putin said: “We will build 200 schools in the region this year.”"
        stories = [ArticleFactory(body=said), ArticleFactory(body=misquoted)]
        cited = [
            CitationFactory(article=story, segment=paragraph, quote=story.body) for story in stories
        ]
        verdicts = [Citation.objects.get(pk=c.pk).quote_verdict for c in cited]
        assert verdicts == ["verbatim", "number_differs"]
        Citation.objects.update(quote_verdict="")

        job = queue_job(JobKind.RECHECK_STORY, user=editor, article=stories[0])
        assert job.result == "1 citation re-checked; their quotations — verbatim: 1."
        assert (job.done, job.total) == (1, 1)
        assert Citation.objects.get(pk=cited[1].pk).quote_verdict == ""  # not this story's
        by_record = queue_job(JobKind.RECHECK_TRANSCRIPT, user=editor, transcript=record)
        assert by_record.result == (
            "2 citations re-checked; their quotations — a number differs: 1, verbatim: 1."
        )
        assert [Citation.objects.get(pk=c.pk).quote_verdict for c in cited] == verdicts

    def test_rebuilding_the_index_indexes_every_paragraph(self, editor, seed):
        total = Segment.objects.count()
        job = queue_job(JobKind.REBUILD_INDEX, user=editor)
        assert job.result == f"{total:,} paragraphs indexed for the linking engine."
        assert not Segment.objects.filter(token_count__isnull=True).exists()
        assert (job.done, job.total) == (total, total)

    def test_an_index_batch_already_indexed_is_skipped(self, seed):
        ids = list(Segment.objects.values_list("pk", flat=True)[:5])
        Segment.objects.filter(pk__in=ids).update(token_count=None)
        assert index_segments(ids) == 5
        rows = SegmentTerm.objects.filter(segment_id__in=ids).count()
        assert index_segments(ids) == 0  # a second worker finds them done
        assert SegmentTerm.objects.filter(segment_id__in=ids).count() == rows


@pytest.mark.django_db(transaction=True)
def test_a_job_survives_a_lost_database_connection(monkeypatch, seed):
    """The connection drops mid-job: the job reconnects and does the work again."""
    editor = UserFactory(is_staff=True, is_superuser=True)
    story = Article.objects.order_by("pk").first()
    real, calls = jobs.suggest_citations, []

    def drops_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            connection.close()  # the server went away
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(jobs, "suggest_citations", drops_once)
    monkeypatch.setattr(reconnecting.time, "sleep", lambda seconds: None)
    job = queue_job(JobKind.SUGGEST, user=editor, article=story)
    assert (job.state, job.attempts, len(calls)) == (JobState.DONE, 2, 2)
    assert "citations suggested" in job.result


@pytest.mark.django_db(transaction=True)
def test_reconnecting_gives_up_after_its_attempts(monkeypatch):
    monkeypatch.setattr(reconnecting.time, "sleep", lambda seconds: None)
    calls = []

    def never():
        calls.append(1)
        raise OperationalError("the database is down")

    with pytest.raises(OperationalError):
        reconnecting.with_reconnect(never)
    assert len(calls) == reconnecting.ATTEMPTS


def heartbeat(worker: str, beat_at) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(
        worker=worker, queue="database", pid=1, started_at=beat_at, beat_at=beat_at
    )


def running_job(worker: str, since) -> BackgroundJob:
    story = ArticleFactory()
    return BackgroundJob.objects.create(
        kind=JobKind.RECHECK_STORY,
        target=f"story:{story.pk}",
        article=story,
        state=JobState.RUNNING,
        worker=worker,
        attempts=1,
        touched_at=since,
    )


class TestSweep:
    def test_a_job_left_by_a_dead_worker_is_run_again(self, editor):
        long_ago = NOW() - dt.timedelta(minutes=5)
        left = running_job("gone", long_ago)
        heartbeat("busy", NOW())
        busy = running_job("busy", long_ago)
        assert sweeping.sweep()["jobs_requeued"] == 1
        left.refresh_from_db()
        assert (left.state, left.attempts) == (JobState.DONE, 2)
        assert BackgroundJob.objects.get(pk=busy.pk).state == JobState.RUNNING

    def test_database_tasks_left_running_by_a_dead_worker_run_again(self, database_queue):
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        long_ago = NOW() - dt.timedelta(minutes=5)
        heartbeat("alive", NOW())
        for worker in ("killed", "alive"):
            result = enqueue(run_job, 0)
            DBTaskResult.objects.filter(pk=result.id).update(
                status=TaskResultStatus.RUNNING, worker_ids=[worker], started_at=long_ago
            )
        finished = enqueue(run_job, 0)
        DBTaskResult.objects.filter(pk=finished.id).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=NOW() - dt.timedelta(days=2)
        )
        done = sweeping.sweep()
        assert (done["tasks_rerun"], done["tasks_forgotten"]) == (1, 1)
        assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
            TaskResultStatus.READY,
            TaskResultStatus.RUNNING,
        ]

    def test_the_sweep_command_publishes_what_is_due(self, editor):
        story = ArticleFactory(
            status=PublicationStatus.SCHEDULED,
            publish_at=NOW() - dt.timedelta(minutes=3),
            scheduled_by=editor,
        )
        heartbeat(
            "old",
            NOW() - dt.timedelta(days=8),
        )
        out = __import__("io").StringIO()
        call_command("sweep", stdout=out)
        assert json.loads(out.getvalue())["published"] == [story.slug]
        assert scheduled_by_the_scheduler(story) == 1
        assert not WorkerHeartbeat.objects.exists()  # a week-old heartbeat is forgotten


class TestHealth:
    def test_healthy_with_a_live_worker(self, client, database_queue):
        heartbeat("w", NOW())
        response = client.get("/healthz")
        body = response.json()
        assert response.status_code == 200 and body["ok"] is True
        assert body["worker"]["workers"] == 1 and body["scheduler"]["overdue"] == 0
        assert "no-store" in response["Cache-Control"]

    def test_no_worker_and_an_overdue_story_fail_and_say_so(self, client, database_queue):
        late = ArticleFactory(
            status=PublicationStatus.SCHEDULED,
            publish_at=NOW() - dt.timedelta(minutes=10),
            headline="A secret draft headline",
        )
        ArticleFactory(  # held by its checks: waiting on editors, not on the scheduler
            status=PublicationStatus.SCHEDULED,
            publish_at=NOW() - dt.timedelta(hours=1),
            held_at=NOW(),
            held_reason="No source.",
        )
        response = client.get("/healthz")
        body = response.json()
        assert response.status_code == 503 and body["ok"] is False
        assert body["worker"]["state"] == "no worker has ever run"
        assert body["scheduler"]["overdue"] == 1
        assert body["scheduler"]["oldest_overdue"] == late.publish_at.isoformat()
        text = response.content.decode()
        assert "secret" not in text and os.uname().nodename not in text

    def test_a_silent_worker_and_an_unavailable_database_or_cache(
        self, client, database_queue, monkeypatch, settings
    ):
        heartbeat(
            "w",
            NOW() - dt.timedelta(minutes=5),
        )
        body = client.get("/healthz").json()
        assert body["worker"]["state"] == "no worker is running"
        assert body["worker"]["heartbeat_age_seconds"] >= 300
        monkeypatch.setattr(health.cache, "get", lambda key: None)
        assert client.get("/healthz").json()["cache"] == {"ok": False, "state": "unavailable"}

        def down():
            raise OperationalError("connection refused")

        monkeypatch.setattr(health.connection, "cursor", down)
        body = health.report()
        assert body["database"] == {"ok": False, "state": "unavailable"}
        assert body["worker"]["state"].startswith("unknown")

    def test_only_reading_is_allowed(self, client):
        assert client.post("/healthz").status_code == 405


class TestDesk:
    def test_the_desk_marks_late_items_and_shows_the_background_work(
        self, client, editor, monkeypatch
    ):
        late = ArticleFactory(
            status=PublicationStatus.SCHEDULED, publish_at=NOW() - dt.timedelta(minutes=7)
        )
        TranscriptFactory(
            status=PublicationStatus.SCHEDULED, publish_at=NOW() - dt.timedelta(minutes=3)
        )
        on_time = ArticleFactory(
            status=PublicationStatus.SCHEDULED, publish_at=NOW() + dt.timedelta(minutes=30)
        )

        def broken(job, progress):
            raise RuntimeError("the archive is offline")

        monkeypatch.setitem(jobs.WORK, JobKind.SUGGEST, broken)
        queue_job(JobKind.SUGGEST, user=editor, article=late)
        BackgroundJob.objects.create(
            kind=JobKind.REBUILD_INDEX, target="index", state=JobState.RUNNING, done=120, total=400
        )
        client.force_login(editor)
        page = client.get(reverse("admin:index")).content.decode()
        assert "Late: not published at their time" in page
        assert "7 minutes late" in page and "3 minutes late" in page
        assert f"{late.headline}</a> — " in page and "(late)" in page
        assert f"{on_time.headline}</a> — " in page
        assert "RuntimeError: the archive is offline" in page
        assert "running, 120 of 400" in page

    def test_the_desk_query_count_does_not_grow_with_jobs(self, client, editor):
        client.force_login(editor)
        client.get(reverse("admin:index"))

        def count():
            with CaptureQueriesContext(connection) as queries:
                client.get(reverse("admin:index"))
            return len(queries)

        for _ in range(2):
            queue_job(JobKind.RECHECK_STORY, user=editor, article=ArticleFactory())
        few = count()
        for _ in range(10):
            queue_job(JobKind.SUGGEST, user=editor, article=ArticleFactory())
        assert count() == few


class TestAdminAndApi:
    def test_suggest_button_queues_the_job_and_the_review_screen_says_so(
        self, client, editor, recorded_tasks, django_capture_on_commit_callbacks
    ):
        story = ArticleFactory(status=PublicationStatus.DRAFT)
        client.force_login(editor)
        url = reverse("admin:coverage_article_workflow", args=[story.pk, "suggest"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
        page = response.content.decode()
        assert "is queued: a worker does it in the background" in page
        assert "Suggestions for this story are being worked out (queued)" in page
        assert queued(recorded_tasks, run_job) == [([BackgroundJob.objects.get().pk], None)]

    def test_suggest_button_with_tasks_run_at_once_shows_the_result(self, client, editor):
        story = ArticleFactory(status=PublicationStatus.DRAFT)
        client.force_login(editor)
        url = reverse("admin:coverage_article_workflow", args=[story.pk, "suggest"])
        page = client.post(url, follow=True).content.decode()
        assert "citations suggested" in page and "being worked out" not in page

    def test_actions_and_the_rebuild_button(self, client, editor, reporter):
        stories = ArticleFactory.create_batch(2)
        record = TranscriptFactory()
        client.force_login(editor)
        response = client.post(
            reverse("admin:coverage_article_changelist"),
            {"action": "recheck_quotations", "_selected_action": [s.pk for s in stories]},
            follow=True,
        )
        assert "2 jobs: 2 done, 0 waiting for a worker, 0 failed" in response.content.decode()
        response = client.post(
            reverse("admin:coverage_transcript_changelist"),
            {"action": "recheck_citing_quotations", "_selected_action": [record.pk]},
            follow=True,
        )
        assert "0 citations re-checked" in response.content.decode()
        rebuild = reverse("admin:coverage_backgroundjob_rebuild_index")
        page = client.post(rebuild, follow=True).content.decode()
        assert "paragraphs indexed for the linking engine" in page
        assert "Rebuild the linking index</button>" in page
        client.force_login(reporter)
        assert client.post(rebuild).status_code == 403
        jobs_page = client.get(reverse("admin:coverage_backgroundjob_changelist"))
        assert jobs_page.status_code == 200
        assert "Rebuild the linking index</button>" not in jobs_page.content.decode()

    def test_the_api_queues_suggestions(
        self, editor, recorded_tasks, django_capture_on_commit_callbacks
    ):
        story = ArticleFactory(status=PublicationStatus.DRAFT)
        api = APIClient()
        api.force_authenticate(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = api.patch(
                f"/api/v1/articles/{story.slug}/", {"suggest_citations": True}, format="json"
            )
        assert response.status_code == 200
        job = BackgroundJob.objects.get()
        assert (job.kind, job.article, job.state) == (JobKind.SUGGEST, story, JobState.QUEUED)
        assert queued(recorded_tasks, run_job) == [([job.pk], None)]


def test_api_clients_follow_their_jobs(editor, reporter, recorded_tasks):
    story, other = ArticleFactory(), ArticleFactory()
    job = queue_job(JobKind.SUGGEST, user=editor, article=story)
    queue_job(JobKind.RECHECK_STORY, user=editor, article=other)
    api = APIClient()
    assert api.get("/api/v1/jobs/").status_code == 401
    api.force_authenticate(UserFactory(is_staff=True))
    assert api.get("/api/v1/jobs/").status_code == 403
    api.force_authenticate(reporter)
    listed = api.get("/api/v1/jobs/", {"article": story.slug}).json()
    assert [j["id"] for j in listed["results"]] == [job.pk]
    assert listed["results"][0]["state"] == "queued"
    assert listed["results"][0]["article"] == story.slug
    one = api.get(listed["results"][0]["api_url"]).json()
    assert (one["kind"], one["done"], one["total"]) == ("suggest", 0, 0)
    assert api.get("/api/v1/jobs/", {"state": "nonsense"}).status_code == 400


def test_run_worker_is_refused_where_tasks_run_at_once():
    with pytest.raises(CommandError, match="nothing for a worker to do"):
        call_command("run_worker")


@pytest.mark.django_db(transaction=True)
class TestWorkerClock:
    def test_the_clock_beats_and_queues_the_sweep_and_outlives_errors(
        self, recorded_tasks, monkeypatch, settings
    ):
        clock = Clock("clock-test")
        clock.tick()
        assert WorkerHeartbeat.objects.get(worker="clock-test").queue == settings.TASK_QUEUE
        assert [r.task.name for r in recorded_tasks] == ["sweep"]
        clock.tick()  # within the minute: a beat, no second sweep
        assert len(recorded_tasks) == 1

        def down(self):
            raise OperationalError("the database is down")

        monkeypatch.setattr(Clock, "beat", down)
        clock.tick()  # logged, not raised


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_is_run_again_while_the_database_is_down(monkeypatch):
    """django-tasks-db's worker stops on a database error; run_worker starts it again,
    waiting longer each time."""
    from django_tasks_db.management.commands import db_worker

    from newsroom.coverage.background import worker

    runs, waits = [], []

    class StopsTwice:
        def __init__(self, **options):
            self.options = options

        def configure_signals(self):
            pass

        def run(self):
            runs.append(self.options["worker_id"])
            if len(runs) < 3:
                raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db_worker, "Worker", StopsTwice)
    monkeypatch.setattr(worker.time, "sleep", waits.append)
    worker.run_database("w-1", 1.0)
    assert runs == ["w-1"] * 3 and waits == [1, 2]
