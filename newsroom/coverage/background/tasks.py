"""What a worker runs. Each task is idempotent: run twice, it does its work once."""

from django.apps import apps
from django_tasks import task

from newsroom.coverage.background import jobs, sweeping
from newsroom.coverage.background.reconnecting import with_reconnect


def _worker(context) -> str:
    ids = context.task_result.worker_ids
    return ids[-1] if ids else ""


@task(takes_context=True)
def run_job(context, job_id: int) -> str:
    """Do an editor's background job (`jobs.run`)."""
    return jobs.run(job_id, worker=_worker(context))


@task()
def publish_when_due(label: str, pk: int) -> list[str]:
    """Publish one scheduled story or transcript if it is due and still scheduled.

    Queued for its time when it is scheduled; when it was rescheduled or unscheduled
    since, it is not due and nothing happens (the new time has its own task). Queued
    too for a published item dated in the future: at its date, what shows it is made
    stale, as readers now see it.
    """
    from newsroom.coverage.cache.invalidation import came_due
    from newsroom.coverage.services.publishing import publish_scheduled

    model = apps.get_model(label)
    published = with_reconnect(lambda: publish_scheduled(only=(model, pk)))
    if not published:
        with_reconnect(lambda: came_due(model.objects.filter(pk=pk)))
    return [obj.slug for obj in published]


@task()
def sweep() -> dict:
    """Publish whatever is due and requeue work dead workers left (`sweeping.sweep`)."""
    return with_reconnect(sweeping.sweep)


@task()
def purge_keys(keys: list[str]) -> int:
    """Tell the layer in front (Varnish, a CDN) that `keys` changed (`cache.purging`)."""
    from newsroom.coverage.cache import purging

    return purging.purge(keys)


@task()
def warm_fragments(targets: list[list]) -> int:
    """Render the changed stories' and transcripts' fragments before a reader asks."""
    from newsroom.coverage.cache import warming

    return with_reconnect(lambda: warming.warm(targets))


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """POST one webhook delivery if it is due (`syndication.webhooks.attempt`)."""
    from newsroom.coverage.syndication import webhooks

    logged = with_reconnect(lambda: webhooks.attempt(delivery_id))
    return bool(logged and logged.succeeded)


@task()
def tell_alerts(label: str, pk: int) -> int:
    """Match readers' alerts against a published item and mail the immediate ones."""
    from newsroom.coverage.syndication import alert_mail

    return with_reconnect(lambda: alert_mail.find_and_tell(label, pk))
