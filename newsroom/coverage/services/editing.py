"""Autosave and who is editing: one rule for a story's open change forms.

A form reports in while it is open (`report`): what its editor has typed and not
saved is kept, apart from the story's versions and history, and the answer says who
else has the story open and whether someone saved it since the form was opened, so
an editor hears of another's work before a save is refused as stale. Saving the
form drops the autosave (`drop`); opening the form again offers it back (`kept`).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from reversion.models import Version

from newsroom.coverage.models import Article, EditSession

# What an editor writes about a story, not what they decide: the status, the
# schedule and the withdrawal are actions, taken on purpose, never restored.
AUTOSAVED = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "source",
    "other_sources",
    "source_url",
    "byline",
    "dateline",
    "source_date",
    "source_date_approximate",
    "people",
    "events",
    "places",
)
_Compared = forms.modelform_factory(Article, fields=AUTOSAVED)


def interval() -> float:
    """Seconds between an open form's reports."""
    return settings.NEWSROOM_AUTOSAVE_SECONDS


def present_for() -> timedelta:
    """How long a form that has not reported still counts as open: three reports missed."""
    return timedelta(seconds=3 * interval())


@dataclass
class Editing:
    """What an open form hears back."""

    saved_at: datetime | None = None  # when its unsaved changes were kept, if any
    changed: list[str] = field(default_factory=list)  # the labels of the fields kept
    others: list[str] = field(default_factory=list)  # who else has the story open
    saved_by: str = ""  # who saved the story since the form was opened…
    saved_since: datetime | None = None  # …and when

    def as_json(self) -> dict:
        return {
            "saved_at": clock(self.saved_at) or None,
            "changed": self.changed,
            "others": self.others,
            "saved_by": self.saved_by,
            "saved_since": clock(self.saved_since) or None,
        }


def clock(moment) -> str:
    """The time of day editors read an autosave's and a save's time in ("" for none)."""
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""


def name(user) -> str:
    return user.get_full_name() or user.get_username()


def unsaved_changes(*, article: Article, data) -> dict:
    """Return the story's fields that `data` (a form's values) changes, as typed."""
    form = _Compared(data=data, instance=article)
    return {key: form[key].data for key in form.changed_data}


def report(
    *, article: Article, user, data, opened_version: int | None, typed=True, now=None
) -> Editing:
    """Keep what `user`'s open form changes in `article`; say who else is at it.

    A form its editor has not `typed` in only says it is open: what an earlier form
    kept stays, to be restored or discarded.
    """
    now = now or timezone.now()
    editing = Editing()
    if typed:
        changes = unsaved_changes(article=article, data=data)
        kept = {"fields": changes, "saved_at": now if changes else None, "seen_at": now}
        editing.saved_at, editing.changed = kept["saved_at"], labels(changes)
    else:
        kept = {"seen_at": now}
    EditSession.objects.update_or_create(article=article, user=user, defaults=kept)
    editing.others = others_editing(article=article, user=user, now=now)
    if opened_version is not None and article.version != opened_version:
        editing.saved_by, editing.saved_since = last_saved(article, user)
    return editing


def leave(*, article: Article, user) -> None:
    """Mark `user`'s form closed; what it kept stays for them to restore."""
    EditSession.objects.filter(article=article, user=user).update(seen_at=None)
    EditSession.objects.filter(article=article, user=user, saved_at=None).delete()


def drop(*, article: Article, user) -> None:
    """Drop `user`'s autosave of `article`: their form was saved, or they discarded it."""
    EditSession.objects.filter(article=article, user=user).delete()


KEEP_AUTOSAVES = timedelta(days=30)


def forget_old(now=None) -> int:
    """Delete autosaves untouched for KEEP_AUTOSAVES, and forms gone without one; return
    how many (the sweep calls this)."""
    now = now or timezone.now()
    old = EditSession.objects.filter(saved_at__lt=now - KEEP_AUTOSAVES)
    gone = EditSession.objects.filter(saved_at=None).exclude(seen_at__gte=now - present_for())
    return old.delete()[0] + gone.delete()[0]


def kept(*, article: Article, user) -> EditSession | None:
    """Return `user`'s unsaved changes to `article`, if their form kept any."""
    return (
        EditSession.objects.filter(article=article, user=user, saved_at__isnull=False)
        .exclude(fields={})
        .first()
    )


def others_editing(*, article: Article, user, now=None) -> list[str]:
    """Name who else has `article`'s form open, longest there first."""
    since = (now or timezone.now()) - present_for()
    sessions = (
        EditSession.objects.filter(article=article, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("pk")
    )
    return [name(session.user) for session in sessions]


def last_saved(article: Article, viewer=None) -> tuple[str, datetime | None]:
    """Who saved `article` last (to `viewer`), and when (its latest version)."""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    if version is None:
        return "", None
    user = version.revision.user
    if user is None:
        return "Someone", version.revision.date_created
    return (
        "You (in another window)" if user == viewer else name(user)
    ), version.revision.date_created


def labels(changes: dict) -> list[str]:
    """The form labels of the changed fields, in the form's order."""
    return [
        str(Article._meta.get_field(key).verbose_name).capitalize()
        for key in AUTOSAVED
        if key in changes
    ]
