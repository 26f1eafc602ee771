"""Background work editors asked for, and the workers that do it."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class JobKind(models.TextChoices):
    SUGGEST = "suggest", "Suggest citations"
    RECHECK_STORY = "recheck_story", "Re-check a story's quotations"
    RECHECK_TRANSCRIPT = "recheck_transcript", "Re-check the quotations citing a record"
    REBUILD_INDEX = "rebuild_index", "Rebuild the linking index"


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


PENDING = (JobState.QUEUED, JobState.RUNNING)


class BackgroundJob(models.Model):
    """One piece of slow editorial work, its progress and its outcome, as editors see it.

    The task queue runs it (`background.jobs.run`); this row is what the desk, the admin
    and the API show, whatever queue the site uses. At most one job of a kind waits or
    runs for each target, so asking twice does the work once.
    """

    kind = models.CharField(max_length=32, choices=JobKind.choices)
    # What the job works on: "story:<pk>", "transcript:<pk>" or "index".
    target = models.CharField(max_length=64)
    article = models.ForeignKey(
        "coverage.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    transcript = models.ForeignKey(
        "coverage.Transcript",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.TextField(blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last claimed or moved forward: a running job untouched for long is requeued.
    touched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "background job"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target"],
                condition=Q(state__in=PENDING),
                name="one_pending_job_per_target",
            ),
        ]
        indexes = [models.Index(fields=["state", "requested_at"], name="job_state_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.subject})"

    @property
    def subject(self) -> str:
        """Name what the job works on, for editors."""
        if self.article_id:
            return f"“{self.article.headline}”"
        if self.transcript_id:
            return f"“{self.transcript.title}”"
        return "every record"

    @property
    def pending(self) -> bool:
        return self.state in PENDING

    @property
    def progress(self) -> str:
        """Say how far the job has gone: "120 of 400" or "" before it knows."""
        return f"{self.done:,} of {self.total:,}" if self.total else ""


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker process (`manage.py run_worker`)."""

    worker = models.CharField(max_length=64, unique=True)
    queue = models.CharField(max_length=16)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker} ({self.queue}, pid {self.pid})"
