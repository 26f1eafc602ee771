"""The slow editorial work a worker does for editors, with its progress and outcome.

Each kind of work is idempotent: run twice, it changes nothing more than once. A job is
claimed with a conditional UPDATE, so two workers handed the same job (a task queued
twice, a job requeued after its worker died) run it once.
"""

import logging
import time
from collections import Counter

from django.db.models import F, Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from newsroom.coverage.background.reconnecting import LOST, with_reconnect
from newsroom.coverage.linking.index import analyze, index_pending
from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    Citation,
    JobKind,
    JobState,
    QuoteVerdict,
    Segment,
)
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.linking import suggest_citations

logger = logging.getLogger(__name__)


class Progress:
    """Count a job's steps and write them to its row, at most twice a second."""

    EVERY = 0.5  # seconds between writes

    def __init__(self, job: BackgroundJob):
        self.job, self.done, self.total, self._written = job, 0, 0, 0.0

    def start(self, total: int) -> None:
        self.done, self.total = 0, total
        self._write()

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total)
        if time.monotonic() - self._written >= self.EVERY:
            self._write()

    def _write(self) -> None:
        BackgroundJob.objects.filter(pk=self.job.pk).update(
            done=self.done, total=self.total, touched_at=timezone.now()
        )
        self._written = time.monotonic()


def suggest(job: BackgroundJob, progress: Progress) -> str:
    """Index the paragraphs not indexed yet, then suggest the story's citations."""
    progress.start(Segment.objects.filter(token_count__isnull=True).count() + 1)
    index_pending(progress=progress.advance)
    result = suggest_citations(article=job.article)
    progress.advance()
    log(job.requested_by, job.article, f"Suggested {result.suggested} citations")
    return result.summary()


def recheck(citations, progress: Progress) -> str:
    """Work out again the quote check of `citations`; say how the quotations stand."""
    progress.start(citations.count())
    verdicts = Counter()
    for citation in citations.select_related("segment").order_by("pk").iterator(chunk_size=200):
        citation.save(update_fields=["quote"])  # the save works the check out
        verdicts[citation.quote_verdict] += 1
        progress.advance()
    checked = sum(n for verdict, n in verdicts.items() if verdict)
    done = f"{progress.done} citation{pluralize(progress.done)} re-checked"
    if not checked:
        return f"{done}; none quotes the record's words."
    labels = dict(QuoteVerdict.choices)
    stand = ", ".join(
        f"{labels[verdict].lower()}: {n}" for verdict, n in sorted(verdicts.items()) if verdict
    )
    return f"{done}; their quotations — {stand}."


def recheck_story(job: BackgroundJob, progress: Progress) -> str:
    return recheck(Citation.objects.filter(article=job.article), progress)


def recheck_transcript(job: BackgroundJob, progress: Progress) -> str:
    """Re-check every citation of the stories that cite the record."""
    stories = Article.objects.filter(citations__transcript=job.transcript)
    return recheck(Citation.objects.filter(article__in=stories), progress)


def rebuild_index(job: BackgroundJob, progress: Progress) -> str:
    Segment.objects.filter(token_count__isnull=False).update(token_count=None)
    progress.start(Segment.objects.count())
    done = index_pending(progress=progress.advance)
    analyze()
    return f"{done:,} paragraphs indexed for the linking engine."


WORK = {
    JobKind.SUGGEST: suggest,
    JobKind.RECHECK_STORY: recheck_story,
    JobKind.RECHECK_TRANSCRIPT: recheck_transcript,
    JobKind.REBUILD_INDEX: rebuild_index,
}


def run(job_id: int, *, worker: str = "") -> str:
    """Do job `job_id` if it is still queued; return what became of it.

    A lost database connection is survived: the job is claimed again by this run and
    its work done again from the start (it is idempotent). Any other error fails the
    job with its reason, for the desk.
    """
    claimed = False

    def attempt() -> str:
        nonlocal claimed
        mine = Q(state=JobState.RUNNING, worker=worker) if claimed else Q(state=JobState.QUEUED)
        taken = BackgroundJob.objects.filter(mine, pk=job_id).update(
            state=JobState.RUNNING,
            worker=worker,
            started_at=timezone.now(),
            touched_at=timezone.now(),
            attempts=F("attempts") + 1,
            error="",
        )
        if not taken:
            return "not run: done, taken by another worker, or gone"
        claimed = True
        job = BackgroundJob.objects.select_related("article", "transcript", "requested_by").get(
            pk=job_id
        )
        progress = Progress(job)
        try:
            result = WORK[job.kind](job, progress)
        except LOST:
            raise
        except Exception as error:
            logger.exception("Background job %s (%s) failed", job.pk, job)
            finish(progress, state=JobState.FAILED, error=f"{type(error).__name__}: {error}")
            return "failed"
        finish(progress, state=JobState.DONE, result=result)
        return result

    # Given up on the database, the job stays running until the sweep sees it untouched
    # and queues it again.
    return with_reconnect(attempt)


def finish(progress: Progress, *, state: str, result: str = "", error: str = "") -> None:
    """Record the job's outcome and how far it got."""
    BackgroundJob.objects.filter(pk=progress.job.pk).update(
        done=progress.done,
        total=progress.total,
        state=state,
        result=result,
        error=error[:2000],
        finished_at=timezone.now(),
        touched_at=timezone.now(),
    )
