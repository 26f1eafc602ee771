"""Readers' alerts: ask, confirm, stop, and the signed links that do it.

A reader asks with an address; nothing is sent for the alert until they follow the
link mailed to that address (double opt-in). Every alert mail carries a one-click
unsubscribe (RFC 8058) and a link to a page managing every alert of that address. The
address itself is never shown on a page: the reader is known by the links sent to it.
"""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from newsroom.coverage.models import (
    Alert,
    AlertFrequency,
    AlertKind,
    PublicationStatus,
)
from newsroom.coverage.syndication import ninjs

CONFIRM_DAYS = 7
UNCONFIRMED_PER_DAY = 5  # asks for one address waiting to be confirmed, in a day
PHRASE_WORDS = (1, 12)
CONFIRM, STOP, MANAGE = "alerts.confirm", "alerts.stop", "alerts.manage"


class Refused(ValueError):
    """An alert that cannot be made, with the reason to show the reader."""

    def __init__(self, message: str, field: str = "__all__"):
        super().__init__(message)
        self.field = field


def normal_address(email: str) -> str:
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise Refused("Enter an email address, such as name@example.org.", "email") from None
    return address


def ask(*, email: str, kind: str, frequency: str, person=None, phrase="", transcript=None):
    """Keep an unconfirmed alert and mail its confirmation link. Return the alert, or
    None when the address asked too often today (the reader is told the same either
    way, so no one learns what an address asked for)."""
    from newsroom.coverage.syndication import alert_mail

    address = normal_address(email)
    if frequency not in AlertFrequency.values:
        raise Refused("Choose how often to be told.", "frequency")
    subject = _subject(kind, person=person, phrase=phrase, transcript=transcript)
    since = timezone.now() - timedelta(days=1)
    waiting = Alert.objects.filter(email=address, confirmed_at=None, created_at__gte=since)
    if waiting.count() >= UNCONFIRMED_PER_DAY:
        return None
    alert = Alert.objects.create(email=address, kind=kind, frequency=frequency, **subject)
    transaction.on_commit(lambda: alert_mail.send_confirmation(alert))
    return alert


def _subject(kind, *, person, phrase, transcript) -> dict:
    if kind == AlertKind.PERSON:
        if person is None:
            raise Refused("Choose whose words to be told of.", "person")
        return {"person": person}
    if kind == AlertKind.CITED:
        if transcript is None or transcript.status != PublicationStatus.PUBLISHED:
            raise Refused("Choose a published transcript.", "transcript")
        return {"transcript": transcript}
    if kind == AlertKind.PHRASE:
        from newsroom.coverage.syndication.alert_matching import words

        count = len(words(phrase or ""))
        if not PHRASE_WORDS[0] <= count <= PHRASE_WORDS[1]:
            raise Refused(
                f"Write a phrase of {PHRASE_WORDS[0]} to {PHRASE_WORDS[1]} words.", "phrase"
            )
        return {"phrase": " ".join(phrase.split())}
    raise Refused("Choose what to be told of.", "kind")


def confirm(token: str) -> Alert | None:
    """Confirm the alert a confirmation link names; None for a link that is not ours,
    expired, or whose alert was stopped."""
    try:
        pk = signing.loads(token, salt=CONFIRM, max_age=timedelta(days=CONFIRM_DAYS))["a"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    alert = Alert.objects.filter(pk=pk).first()
    if alert is not None and alert.confirmed_at is None:
        alert.confirmed_at = timezone.now()
        alert.save(update_fields=["confirmed_at"])
    return alert


def stop_names(token: str) -> list[int] | None:
    """Return the ids of the alerts an unsubscribe link names, or None for a link that
    is not ours."""
    try:
        pks = signing.loads(token, salt=STOP)["a"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not isinstance(pks, list) or not all(isinstance(pk, int) for pk in pks):
        return None
    return pks


def stop(token: str) -> int | None:
    """Delete the alerts an unsubscribe link names; return how many, or None for a link
    that is not ours. Following it twice is harmless."""
    pks = stop_names(token)
    if pks is None:
        return None
    return Alert.objects.filter(pk__in=pks).delete()[1].get(Alert._meta.label, 0)


def address_of(token: str) -> str | None:
    """Return the address a manage link was sent to, or None for a link not ours."""
    try:
        return signing.loads(token, salt=MANAGE)["e"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def confirm_url(alert) -> str:
    token = signing.dumps({"a": alert.pk}, salt=CONFIRM)
    return ninjs.absolute(reverse("alert-confirm", args=[token]))


def stop_url(alerts) -> str:
    token = signing.dumps({"a": sorted(a.pk for a in alerts)}, salt=STOP, compress=True)
    return ninjs.absolute(reverse("alert-stop", args=[token]))


def manage_url(email: str) -> str:
    token = signing.dumps({"e": email}, salt=MANAGE, compress=True)
    return ninjs.absolute(reverse("alert-manage", args=[token]))
