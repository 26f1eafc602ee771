"""Make stale what a change touched: at once, and again when the change is committed.

Saves and deletes of content reach `changed` through the models' signals (connected
in apps.py); writes that send none (bulk updates, the paragraph editor's renumbering,
merging people) call `changed` themselves with the same keys. The keys are made stale
at once, so the process that changed them sees the change, and again when the
transaction commits: a reader who rendered meanwhile read the older rows, after the
first bump, and only the second makes that page stale. Once committed, the layer in
front is told to purge them (purging.py) and the public stories and transcripts among
them are rendered again (warming.py), both through the task queue.
"""

import logging
import threading

from django.db import transaction
from django.utils import timezone

from newsroom.coverage.cache import keys as cache_keys
from newsroom.coverage.cache import versions
from newsroom.coverage.models import PublicationStatus

logger = logging.getLogger(__name__)
_pending = threading.local()


def changed(keys) -> None:
    """Make `keys` stale now, and again when the current transaction commits."""
    keys = set(keys)
    if not keys:
        return
    _bump(keys)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _pass_on(keys)
        return
    pending = getattr(_pending, "keys", None)
    if pending is None:
        pending = _pending.keys = set()
    pending |= keys
    # The first flush after the commit does the work, the rest find nothing left. A
    # rolled-back transaction leaves its keys for the next flush, which makes them
    # stale needlessly but harmlessly.
    transaction.on_commit(flush)


def flush() -> None:
    """Make the keys of the committed transaction stale again, and pass them on."""
    keys, _pending.keys = getattr(_pending, "keys", None) or set(), set()
    if keys:
        _bump(keys)
        _pass_on(keys)


def forget_pending() -> None:
    """Drop keys gathered for a commit that will not come (tests' transactions)."""
    _pending.keys = set()


def _bump(keys) -> None:
    said = versions.missed()  # said once per outage, not once per change
    if versions.bump(keys) is None and not said:
        logger.warning(
            "Could not mark %d cache keys stale: the shared cache is unreachable", len(keys)
        )


def _pass_on(keys) -> None:
    from newsroom.coverage.cache import purging, warming

    purging.purge_later(keys)
    warming.warm_later(keys)


def came_due(items) -> None:
    """Touch what shows `items`, published items whose date has come (by the clock)."""
    keys = set()
    for item in items:
        if item.status == PublicationStatus.PUBLISHED and item.published_at <= timezone.now():
            keys |= cache_keys.came_public(item)
    changed(keys)


def on_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    changed(cache_keys.touched_by(instance, created=created))


def on_delete(sender, instance, **kwargs) -> None:
    changed(cache_keys.touched_by(instance, deleted=True))


def on_relation(sender, instance, action, model, pk_set, **kwargs) -> None:
    """Touch both sides of a many-to-many change (a story's people, an event's participants)."""
    if action in ("post_add", "post_remove"):
        changed(cache_keys.relation_changed(instance, model, pk_set, kwargs["reverse"]))
    elif action == "post_clear":
        # The rows that were related are no longer known (clear() is rare: set() adds
        # and removes what differs), so every row of their kind counts as touched.
        changed(cache_keys.all_of(instance._meta.model) | cache_keys.all_of(model))
