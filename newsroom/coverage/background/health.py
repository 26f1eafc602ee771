"""What `/healthz` reports: the database, the cache, the workers and the scheduler.

Only states, ages and counts: no host names, addresses, versions or headlines, since
anyone may ask.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from newsroom.coverage.background.sweeping import live_workers
from newsroom.coverage.models import Article, PublicationStatus, Transcript, WorkerHeartbeat

LATE = timedelta(minutes=1)  # a scheduled item this far past its time is overdue


def report(now=None) -> dict:
    """Return every check, and "ok" when all of them pass."""
    now = now or timezone.now()
    checks = {"database": database()}
    checks["cache"] = shared_cache()
    if checks["database"]["ok"]:
        checks["worker"] = worker(now)
        checks["scheduler"] = scheduler(now)
    else:
        unknown = {"ok": False, "state": "unknown: the database is unavailable"}
        checks["worker"], checks["scheduler"] = dict(unknown), dict(unknown)
    return {"ok": all(check["ok"] for check in checks.values()), **checks}


def database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        connection.close()
        return {"ok": False, "state": "unavailable"}
    return {"ok": True, "state": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def shared_cache() -> dict:
    """Write and read back a value: with Redis down, errors are swallowed and it misses."""
    if not settings.SHARED_CACHE:
        return {"ok": True, "state": "local to each process"}
    key, value = "healthz:probe", get_random_string(12)
    cache.set(key, value, 30)
    if cache.get(key) != value:
        return {"ok": False, "state": "unavailable"}
    return {"ok": True, "state": "ok"}


def worker(now) -> dict:
    """The newest heartbeat of any worker, and how many beat recently."""
    queue = settings.TASK_QUEUE
    if queue == "immediate":
        return {"ok": True, "queue": queue, "state": "tasks run where they are queued"}
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
    last = newest.first()
    alive = len(live_workers(now))
    if last is None:
        return {"ok": False, "queue": queue, "state": "no worker has ever run", "workers": 0}
    age = max((now - last).total_seconds(), 0)
    return {
        "ok": alive > 0,
        "queue": queue,
        "state": "ok" if alive else "no worker is running",
        "workers": alive,
        "last_heartbeat": last.isoformat(),
        "heartbeat_age_seconds": round(age, 1),
    }


def overdue(now):
    """Return the scheduled stories and transcripts more than a minute past their time.

    A story held by its checks is not overdue: the scheduler did its part, and the desk
    shows why it waits.
    """
    late = now - LATE
    stories = Article.objects.filter(
        status=PublicationStatus.SCHEDULED, publish_at__lt=late, held_at__isnull=True
    )
    records = Transcript.objects.filter(status=PublicationStatus.SCHEDULED, publish_at__lt=late)
    return stories, records


def scheduler(now) -> dict:
    stories, records = overdue(now)
    times = [
        t
        for t in (
            stories.order_by("publish_at").values_list("publish_at", flat=True).first(),
            records.order_by("publish_at").values_list("publish_at", flat=True).first(),
        )
        if t is not None
    ]
    if not times:
        return {"ok": True, "state": "ok", "overdue": 0}
    oldest = min(times)
    return {
        "ok": False,
        "state": "scheduled items are overdue",
        "overdue": stories.count() + records.count(),
        "oldest_overdue": oldest.isoformat(),
        "oldest_overdue_seconds": round((now - oldest).total_seconds()),
    }
