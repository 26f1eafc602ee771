"""The mail readers' alerts send: confirmation links, what an alert found (at once, or in
the day's digest), and the link to manage an address's alerts.

Mail goes through Django's email backend: the console in `make run`, SMTP in
production (`EMAIL_HOST`). An alert mail names the exact passages (`…/#p46`) and
stories, and carries `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=
One-Click` (RFC 8058) so a mail client can stop it in one click.
"""

import hashlib
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom.coverage.models import (
    Alert,
    AlertFrequency,
    AlertKind,
    AlertMatch,
    Citation,
    PublicationStatus,
    Segment,
)
from newsroom.coverage.models.base import public
from newsroom.coverage.syndication import alerts, ninjs

logger = logging.getLogger(__name__)

PASSAGES_PER_ALERT = 10  # in one mail; the rest are on the transcript's page


def send_confirmation(alert: Alert) -> None:
    text = render_to_string(
        "coverage/alerts/confirm_mail.txt",
        {"alert": alert, "confirm_url": alerts.confirm_url(alert), "days": alerts.CONFIRM_DAYS},
    )
    EmailMessage(f"Confirm your alert: {_short(alert)}", text, to=[alert.email]).send()


MANAGE_LINKS_PER_DAY = 3


def send_manage_link(email: str) -> None:
    """Mail the link to manage `email`'s alerts, if it has any, at most three times a
    day (whoever asks, the address is not flooded)."""
    if not Alert.objects.filter(email=email).exists():
        return
    key = "alerts:manage-links:" + hashlib.sha256(email.encode()).hexdigest()
    cache.add(key, 0, timeout=24 * 3600)
    try:
        asked = cache.incr(key)
    except ValueError:  # the cache dropped the key meanwhile: count from one
        cache.set(key, asked := 1, timeout=24 * 3600)
    if asked > MANAGE_LINKS_PER_DAY:
        return
    text = render_to_string(
        "coverage/alerts/manage_mail.txt", {"manage_url": alerts.manage_url(email)}
    )
    EmailMessage("Your newsroom alerts", text, to=[email]).send()


def digest_time(now: datetime) -> datetime:
    """Return the latest time the daily digest was due at, at or before `now`."""
    hour = timezone.localtime(now).replace(
        hour=settings.NEWSROOM_ALERT_DIGEST_HOUR, minute=0, second=0, microsecond=0
    )
    return hour if hour <= now else hour - timedelta(days=1)


def send_found(*, daily: bool, now=None) -> int:
    """Mail what confirmed alerts found and have not told: the immediate ones now, or
    (daily) the day's digest of those not sent since it was due. One mail per address.
    Return the number of mails sent."""
    now = now or timezone.now()
    frequency = AlertFrequency.DAILY if daily else AlertFrequency.IMMEDIATE
    unsent = AlertMatch.objects.filter(
        sent_at=None, alert__confirmed_at__isnull=False, alert__frequency=frequency
    )
    if daily:
        unsent = unsent.exclude(alert__last_sent_at__gte=digest_time(now))
    # Never a draft: a transcript or story withdrawn since it was found waits, untold.
    unsent = unsent.filter(public(through="transcript") | public(through="article"))
    unsent = unsent.select_related("alert__person", "alert__transcript", "transcript", "article")
    by_address = defaultdict(lambda: defaultdict(list))
    for match in unsent.order_by("found_at", "pk"):
        by_address[match.alert.email][match.alert].append(match)
    if not by_address:
        return 0
    passages = _passages(by_address)
    messages, sent_matches, sent_alerts = [], [], []
    for email, found in by_address.items():
        messages.append(_found_mail(email, found, passages, daily=daily))
        for alert, matches in found.items():
            sent_alerts.append(alert.pk)
            sent_matches.extend(m.pk for m in matches)
    with get_connection() as connection:
        connection.send_messages(messages)
    AlertMatch.objects.filter(pk__in=sent_matches).update(sent_at=now)
    Alert.objects.filter(pk__in=sent_alerts).update(last_sent_at=now)
    return len(messages)


def _matches(by_address):
    for found in by_address.values():
        for alert, matches in found.items():
            for match in matches:
                yield alert, match


def _passages(by_address) -> dict:
    """Return the paragraphs each mail names, by (transcript id, key): the first ones a
    transcript match found, and those each story found cites in its alert's record."""
    shown = defaultdict(set)
    stories = set()
    for alert, match in _matches(by_address):
        if match.transcript_id:
            shown[match.transcript_id].update(match.keys[:PASSAGES_PER_ALERT])
        else:
            stories.add((match.article_id, alert.transcript_id))
    cited = defaultdict(list)
    if stories:
        rows = (
            Citation.objects.shown_on_stories()
            .filter(
                article_id__in={a for a, _ in stories},
                segment__transcript_id__in={t for _, t in stories},
            )
            .values_list("article_id", "segment__transcript_id", "segment__key")
            .order_by("segment__position")
        )
        for article_id, transcript_id, key in rows:
            if (article_id, transcript_id) in stories:
                shown[transcript_id].add(key)
                if key not in cited[(article_id, transcript_id)]:
                    cited[(article_id, transcript_id)].append(key)
    segments = Segment.objects.filter(
        transcript_id__in=list(shown), key__in={k for keys in shown.values() for k in keys}
    ).select_related("transcript", "speaker")
    by_key = {(s.transcript_id, s.key): s for s in segments if s.key in shown[s.transcript_id]}
    return {"segments": by_key, "cited": cited}


def _found_mail(email: str, found: dict, passages: dict, *, daily: bool) -> EmailMessage:
    segments = passages["segments"]

    def passage(transcript_id, key):
        segment = segments.get((transcript_id, key))
        return segment and {"segment": segment, "url": _url(segment)}

    sections = []
    for alert, matches in found.items():
        items = []
        for match in matches:
            if match.transcript_id:
                shown = match.keys[:PASSAGES_PER_ALERT]
                items.append(
                    {
                        "transcript": match.transcript,
                        "url": _url(match.transcript),
                        "passages": [
                            p for key in shown if (p := passage(match.transcript_id, key))
                        ],
                        "more": len(match.keys) - len(shown),
                    }
                )
            else:
                keys = passages["cited"].get((match.article_id, alert.transcript_id), [])
                items.append(
                    {
                        "article": match.article,
                        "url": _url(match.article),
                        "passages": [p for key in keys if (p := passage(alert.transcript_id, key))],
                    }
                )
        sections.append({"alert": alert, "items": items})
    stop_url = alerts.stop_url(found)
    context = {
        "sections": sections,
        "daily": daily,
        "manage_url": alerts.manage_url(email),
        "stop_url": stop_url,
    }
    count = sum(len(m.keys) or 1 for matches in found.values() for m in matches)
    subject = (
        f"Your daily newsroom alerts ({count} found)"
        if daily
        else f"newsroom alert: {_short(next(iter(found)))}"
    )
    return EmailMessage(
        subject,
        render_to_string("coverage/alerts/found_mail.txt", context),
        to=[email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "newsroom alerts <alerts.newsroom>",
        },
    )


def _url(obj) -> str:
    return ninjs.absolute(obj.get_absolute_url())


def _short(alert: Alert) -> str:
    if alert.kind == AlertKind.PERSON:
        return f"{alert.person.name} speaks"
    if alert.kind == AlertKind.CITED:
        return f"stories citing {alert.transcript.title}"[:120]
    return f"“{alert.phrase}” in a transcript"


def find_and_tell(label: str, pk: int) -> int:
    """Match the alerts against a published or revised transcript, or a published story,
    and mail the immediate ones what they found. Return the number of mails sent."""
    from django.apps import apps

    from newsroom.coverage.syndication import alert_matching

    model = apps.get_model(label)
    item = model.objects.filter(pk=pk, status=PublicationStatus.PUBLISHED).first()
    if item is None:
        return 0
    if model._meta.model_name == "transcript":
        alert_matching.match_transcript(item)
    else:
        alert_matching.match_story(item)
    return send_found(daily=False)
