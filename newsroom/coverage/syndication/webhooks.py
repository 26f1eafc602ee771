"""Tell partners' endpoints what was published, corrected, revised or withdrawn.

An event becomes one delivery per subscription that wants it, written once the change
commits, with the body built then (a ninjs document; for a withdrawal, its kill
notice). A worker POSTs it, signed as Standard Webhooks sign (https://www.standardwebhooks.com):
`webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
"id.timestamp.body">` under the subscription's secret. The receiver checks the
signature, and the timestamp against replay.

A failed attempt is tried again later, each wait twice the one before; every attempt
is logged for the subscriber to read. A subscription whose attempts keep failing is
paused: its deliveries wait, kept, until it is resumed. The sweep sends what is due
when a task was lost (the queue was down, the worker was stopped).
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsroom.coverage.models import (
    Article,
    DeliveryState,
    PublicationStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from newsroom.coverage.syndication import ninjs

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # over about 68 hours at the default one-minute first wait
PAUSE_AFTER = 10  # failed attempts in a row, whichever deliveries they were
LONGEST_WAIT = timedelta(hours=24)
LEASE = timedelta(minutes=2)  # an attempt in flight is not started again meanwhile
SECRET_PREFIX = "whsec_"
USER_AGENT = "newsroom-webhooks/1"


class Refused(ValueError):
    """An endpoint address newsroom will not send to."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """Return the `webhook-signature` header of `body` (Standard Webhooks, v1)."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".localdomain")


def check_address(url: str) -> None:
    """Refuse an address that is not http(s) or, unless allowed, that names this machine
    or a private network by itself (a partner's endpoint must not reach inside)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("The endpoint must be an http or https address.")
    if not url.isascii():
        raise Refused(
            "Write the address in ASCII: punycode for the host, percent-escapes in the path."
        )
    if settings.NEWSROOM_WEBHOOK_PRIVATE_HOSTS:
        return
    host = parts.hostname.lower()
    if host.endswith(LOCAL_NAMES):
        raise Refused(f"The host {host} is this machine or a local network.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return  # a name: what it resolves to is checked when a delivery is sent
    if not address.is_global:
        raise Refused(f"The address {host} is this machine or a private network.")


def check_endpoint(url: str) -> None:
    """Refuse, at the moment of sending, an endpoint whose name resolves to this
    machine or a private network (unless allowed)."""
    check_address(url)
    if settings.NEWSROOM_WEBHOOK_PRIVATE_HOSTS:
        return
    host = urlsplit(url).hostname
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        raise Refused(f"The host {host} could not be found.") from None
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise Refused(f"The host {host} is on a private network.")


def announce(event: str, item) -> None:
    """Deliver `event` about `item` to every subscription that wants it, once the
    current transaction commits (a rolled-back change is told to no one)."""
    model, pk = type(item), item.pk
    transaction.on_commit(lambda: _announce(event, model, pk), robust=True)


def _announce(event: str, model, pk: int) -> list[WebhookDelivery]:
    subscriptions = [s for s in WebhookSubscription.objects.all() if s.wants(event)]
    if not subscriptions:
        return []
    item = _document_rows(model).filter(pk=pk).first()
    if item is None:
        return []
    document = _document(event, item)
    if document is None:
        return []
    now = timezone.now()
    body = json.dumps(
        {"type": event, "timestamp": now.isoformat(), "data": document},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # Published but dated in the future: partners hear of it when readers can see it.
    first = max(now, item.published_at) if event.endswith(".published") else now
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event=event,
            item_uri=document["uri"],
            body=body,
            next_attempt_at=first,
        )
        for subscription in subscriptions
    )
    for delivery in deliveries:
        if delivery.subscription.paused_at is None:
            _queue(delivery, at=first)
    return deliveries


def _document_rows(model):
    if model is Article:
        return ninjs.with_story_parts(Article.objects.all())
    return ninjs.with_transcript_parts(model.objects.all())


def _document(event: str, item) -> dict | None:
    if event.endswith(".withdrawn"):
        return ninjs.withheld(item) if item.status == PublicationStatus.WITHDRAWN else None
    if item.status != PublicationStatus.PUBLISHED:
        return None  # unpublished again before the change was told: tell nothing
    return ninjs.story(item) if isinstance(item, Article) else ninjs.transcript(item)


def _queue(delivery: WebhookDelivery, *, at) -> None:
    from newsroom.coverage.background.queueing import enqueue
    from newsroom.coverage.background.tasks import deliver_webhook

    run_after = at if at > timezone.now() else None
    enqueue(deliver_webhook, delivery.pk, run_after=run_after)


def attempt(delivery_id: int, *, now=None) -> WebhookAttempt | None:
    """POST the delivery if it is due, log the attempt and plan the next; None when
    it is not due (delivered, given up, waiting, paused, or another worker has it)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("subscription")
            .filter(
                pk=delivery_id,
                state=DeliveryState.PENDING,
                next_attempt_at__lte=now,
                subscription__paused_at__isnull=True,
            )
            .first()
        )
        if due is None:
            return None
        # Leased: the sweep does not start it again while this attempt is in flight.
        number = due.attempts + 1
        WebhookDelivery.objects.filter(pk=due.pk).update(
            attempts=number, next_attempt_at=now + LEASE
        )
    status, error, took = _post(due, now=now)
    succeeded = status is not None and 200 <= status < 300
    return _record(due, number, status=status, error=error, took=took, ok=succeeded, now=now)


def _post(delivery: WebhookDelivery, *, now) -> tuple[int | None, str, int]:
    body = delivery.body.encode()
    timestamp = int(now.timestamp())
    message_id = str(delivery.message_id)
    request = urllib.request.Request(
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(
                delivery.subscription.secret, message_id, timestamp, body
            ),
        },
    )
    started = time.monotonic()
    try:
        check_endpoint(delivery.subscription.url)
        with _OPENER.open(request, timeout=settings.NEWSROOM_WEBHOOK_TIMEOUT) as answer:
            status, error = answer.status, ""
    except urllib.error.HTTPError as answer:
        status, error = answer.code, f"HTTP {answer.code} {answer.reason}"
    except (OSError, Refused) as failure:
        status, error = None, _said(failure)
    took = int((time.monotonic() - started) * 1000)
    return status, error[:300], took


def _said(failure: Exception) -> str:
    reason = getattr(failure, "reason", None)
    return f"{type(failure).__name__}: {reason or failure}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the endpoint's answer, not an address to POST to."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _record(delivery, number, *, status, error, took, ok, now) -> WebhookAttempt:
    subscription = delivery.subscription
    with transaction.atomic():
        logged = WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            at=now,
            status_code=status,
            error=error,
            duration_ms=took,
            succeeded=ok,
        )
        rows = WebhookDelivery.objects.filter(pk=delivery.pk)
        if ok:
            rows.update(state=DeliveryState.DELIVERED, delivered_at=timezone.now())
            WebhookSubscription.objects.filter(pk=subscription.pk).update(failures=0)
            return logged
        if number >= MAX_ATTEMPTS:
            rows.update(state=DeliveryState.FAILED)
        else:
            rows.update(next_attempt_at=now + wait_after(number))
        # Counted in the database: another worker's attempt at the same endpoint may
        # have failed meanwhile, and the subscription here was read before the POST.
        counted = WebhookSubscription.objects.filter(pk=subscription.pk)
        counted.update(failures=F("failures") + 1)
        failures = counted.values_list("failures", flat=True).get()
        paused = False
        if failures >= PAUSE_AFTER:
            reason = f"{failures} attempts in a row failed; the last: {error}"
            paused = bool(
                counted.filter(paused_at=None).update(paused_at=now, paused_reason=reason[:300])
            )
    if paused:
        logger.warning("Paused webhook %s after %s failed attempts", subscription.pk, failures)
    elif number < MAX_ATTEMPTS:
        _queue(delivery, at=now + wait_after(number))
    return logged


def wait_after(attempts: int) -> timedelta:
    """Return the wait before the next attempt, after `attempts` failed ones."""
    first = timedelta(seconds=settings.NEWSROOM_WEBHOOK_RETRY_SECONDS)
    return min(first * 2 ** (attempts - 1), LONGEST_WAIT)


def send_due(now=None) -> int:
    """Attempt every delivery that is due (the sweep's part: lost tasks, a stopped
    worker); return how many were attempted."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now,
        subscription__paused_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(attempt(pk, now=now) is not None for pk in list(due[:500]))


def resume(subscription: WebhookSubscription) -> int:
    """Resume a paused subscription: its waiting deliveries are due now, in order.
    Return how many wait."""
    now = timezone.now()
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            paused_at=None, paused_reason="", failures=0
        )
        waiting = WebhookDelivery.objects.filter(
            subscription=subscription, state=DeliveryState.PENDING
        )
        count = waiting.update(next_attempt_at=now)
        pks = list(waiting.order_by("created_at", "pk").values_list("pk", flat=True))
    subscription.refresh_from_db()
    for pk in pks:
        _queue(WebhookDelivery(pk=pk), at=now)
    return count
