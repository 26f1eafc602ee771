"""Background work in admin: the jobs editors queued, and the actions that queue them."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django_rq.models import Dashboard
from django_tasks_db.models import DBTaskResult

from newsroom.coverage.background.queueing import queue_job
from newsroom.coverage.models import BackgroundJob, JobKind, JobState

# The queues' own pages are the machinery's, not the newsroom's: editors follow their
# work as background jobs, operators through /healthz and the worker's log.
for machinery in (Dashboard, DBTaskResult):
    if admin.site.is_registered(machinery):
        admin.site.unregister(machinery)


def announce(model_admin, request, job: BackgroundJob) -> None:
    """Tell the editor what became of the job they asked for: its outcome, or that it
    waits for a worker and where to follow it."""
    if job.state == JobState.DONE:
        model_admin.message_user(request, job.result, messages.SUCCESS)
    elif job.state == JobState.FAILED:
        model_admin.message_user(request, f"{job}: failed. {job.error}", messages.ERROR)
    else:
        model_admin.message_user(
            request,
            format_html(
                "{} is {}: a worker does it in the background. Follow it on the "
                '<a href="{}">desk</a>.',
                job,
                job.get_state_display().lower(),
                reverse("admin:index") + "#desk",
            ),
            messages.INFO,
        )


def queue_for_each(model_admin, request, queryset, kind: str, field: str) -> None:
    """Queue one job of `kind` for each selected object; say how many were queued."""
    jobs = [queue_job(kind, user=request.user, **{field: obj}) for obj in queryset]
    if len(jobs) == 1:
        announce(model_admin, request, jobs[0])
        return
    finished = sum(job.state == JobState.DONE for job in jobs)
    failed = sum(job.state == JobState.FAILED for job in jobs)
    waiting = len(jobs) - finished - failed
    model_admin.message_user(
        request,
        f"{len(jobs)} jobs: {finished} done, {waiting} waiting for a worker, {failed} failed. "
        "The desk shows each one.",
        messages.WARNING if failed else messages.SUCCESS,
    )


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    """What the workers do and did for editors; queued from the story and record pages."""

    list_display = ["kind", "what", "state", "progress", "requested_by", "requested_at", "outcome"]
    list_filter = ["state", "kind"]
    list_select_related = ["article", "transcript", "requested_by"]
    change_list_template = "admin/coverage/backgroundjob/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="On")
    def what(self, job):
        if job.article_id:
            url = reverse("admin:coverage_article_change", args=[job.article_id])
            return format_html('<a href="{}">{}</a>', url, job.article.headline)
        if job.transcript_id:
            url = reverse("admin:coverage_transcript_change", args=[job.transcript_id])
            return format_html('<a href="{}">{}</a>', url, job.transcript.title)
        return "every record"

    @admin.display(description="Outcome")
    def outcome(self, job):
        return job.error or job.result

    def get_urls(self):
        return [
            path(
                "rebuild-index/",
                self.admin_site.admin_view(self.rebuild_index_view),
                name="coverage_backgroundjob_rebuild_index",
            ),
            *super().get_urls(),
        ]

    def rebuild_index_view(self, request):
        if request.method != "POST":
            return redirect("admin:coverage_backgroundjob_changelist")
        # queue_job refuses (403) whoever may not rebuild the index.
        announce(self, request, queue_job(JobKind.REBUILD_INDEX, user=request.user))
        return redirect("admin:coverage_backgroundjob_changelist")
