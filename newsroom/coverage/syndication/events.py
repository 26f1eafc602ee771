"""Tell who wants to know that a story or transcript was published, corrected, revised or
withdrawn: partners' webhooks, and readers' alerts."""

from django.db import transaction

from newsroom.coverage.models import Article, PublicationStatus
from newsroom.coverage.syndication import webhooks

# The events readers' alerts look at: new words in the record, and new stories.
ALERTING = {"transcript.published", "transcript.revised", "story.published"}


def event_of(item, *, loaded_status: str | None) -> str | None:
    """Return the event a save of `item` makes, from its status as loaded, or None."""
    kind = "story" if isinstance(item, Article) else "transcript"
    if item.status == PublicationStatus.PUBLISHED and loaded_status != item.status:
        return f"{kind}.published"
    if item.status == PublicationStatus.WITHDRAWN and loaded_status == PublicationStatus.PUBLISHED:
        return f"{kind}.withdrawn"
    return None


def announce(event: str, item) -> None:
    """Announce `event` about `item` once the current transaction commits."""
    webhooks.announce(event, item)
    if event in ALERTING:
        label, pk = item._meta.label_lower, item.pk
        transaction.on_commit(lambda: _match_alerts(label, pk), robust=True)


def _match_alerts(label: str, pk: int) -> None:
    from newsroom.coverage.background.queueing import enqueue
    from newsroom.coverage.background.tasks import tell_alerts

    enqueue(tell_alerts, label, pk)
