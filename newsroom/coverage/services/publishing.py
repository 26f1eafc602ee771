"""The editorial workflow of stories and transcripts: one function per action.

The admin (form fields, buttons, bulk actions), the API and the scheduler all go
through these functions, so a rule (who may publish, what a schedule or a withdrawal
needs, what is logged) has one path.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsroom.coverage.models import (
    Article,
    ArticleRedirect,
    Citation,
    CitationStatus,
    Correction,
    PublicationStatus,
    Transcript,
    WebhookEvent,
)
from newsroom.coverage.services.audit import log, require
from newsroom.coverage.services.checks import (
    PublicationRefused,
    check_evidence,
    refusal,
)
from newsroom.coverage.services.revisions import keep_version, keep_version_of, say_in_version
from newsroom.coverage.syndication import events

PUBLISH = "coverage.publish_article"
CONFIRM = "coverage.confirm_citation"
# Statuses only users who may publish can set.
PUBLISHING_STATUSES = {
    PublicationStatus.PUBLISHED,
    PublicationStatus.SCHEDULED,
    PublicationStatus.WITHDRAWN,
}
NEEDS_EDITOR = "Only editors may publish, schedule or withdraw."
NEEDS_REASON = "Tell readers why it is withdrawn: they will see this in place of the text."
NEEDS_FUTURE = "Choose a publication time in the future."


class StaleWrite(Exception):
    """A write made from a version of the object that is no longer the stored one."""

    def __init__(self, *, current: int, expected: int):
        self.current, self.expected = current, expected
        super().__init__(
            f"Someone else saved this after you opened it (version {current}, yours "
            f"{expected}). Nothing was saved: reload it and apply your changes again."
        )


def may_set_status(user, *, previous: str | None, status: str) -> bool:
    """Tell whether `user` may move content from `previous` to `status`."""
    if status in PUBLISHING_STATUSES and status != previous:
        return user is not None and user.has_perm(PUBLISH)
    return True


def may_set_citation_status(user, *, previous: str | None, status: str) -> bool:
    """Tell whether `user` may give a citation `status` (confirming and rejecting are editors')."""
    decided = status in (CitationStatus.CONFIRMED, CitationStatus.REJECTED)
    if decided and status != previous:
        return user is not None and user.has_perm(CONFIRM)
    return True


def check_status_change(
    *, user, previous: str | None, status: str, publish_at=None, reason=""
) -> None:
    """Refuse a status change `user` may not make, a schedule without a future time and
    a withdrawal without a reason.

    Raises PermissionDenied for the first (a form error on the status, 403 in the API)
    and a ValidationError naming the field to mend for the others (beside that field,
    400 in the API).
    """
    if not may_set_status(user, previous=previous, status=status):
        raise PermissionDenied(NEEDS_EDITOR)
    if status == previous:
        return
    if status == PublicationStatus.SCHEDULED and (
        publish_at is None or publish_at <= timezone.now()
    ):
        raise ValidationError({"publish_at": NEEDS_FUTURE})
    if status == PublicationStatus.WITHDRAWN and not (reason or "").strip():
        raise ValidationError({"withdrawal_reason": NEEDS_REASON})


def apply_status(
    *,
    obj,
    user,
    status: str,
    previous: str | None,
    publish_at=None,
    reason="",
    override="",
    evidence=True,
) -> str:
    """Set `status` and what goes with it on `obj`, unsaved; return what to log.

    The one rule for every way a status changes: the admin form and the API apply it
    before their own save, `change_status` before its. A story is published only when
    it passes its checks (`checks.check_evidence`) or an editor gives an `override`
    reason; `evidence=False` leaves that to a caller who checks the story as it will be
    saved (the admin after its inlines, the API with the request's fields).
    """
    check_status_change(
        user=user, previous=previous, status=status, publish_at=publish_at, reason=reason
    )
    note = ""
    if isinstance(obj, Article) and evidence and evidence_due(status, previous, override):
        note = check_evidence(article=obj, user=user, override=override)
    obj.status = status
    if status == PublicationStatus.PUBLISHED:
        obj.publish_at = None
        obj.withdrawn_at = None
        obj.withdrawal_reason = ""
        if isinstance(obj, Article):
            obj.held_at, obj.held_reason = None, ""
        return f"Published {note}" if note else "Published"
    if status == PublicationStatus.SCHEDULED:
        obj.publish_at = publish_at
        obj.scheduled_by = user if user is not None and user.pk else None
        if isinstance(obj, Article):
            obj.held_at, obj.held_reason = None, ""
        scheduled = f"Scheduled for {publish_at:%Y-%m-%d %H:%M %Z}"
        return (
            f"{scheduled}. {note.replace('Published over', 'To publish over')}"
            if note
            else scheduled
        )
    if status == PublicationStatus.WITHDRAWN:
        obj.withdrawal_reason = reason.strip()
        if previous != PublicationStatus.WITHDRAWN:
            obj.withdrawn_at = timezone.now()
        return f"Withdrawn: {obj.withdrawal_reason[:200]}"
    if status == PublicationStatus.IN_REVIEW:
        return "Submitted for review"
    return "Returned to draft"


def evidence_due(status: str, previous: str | None, override: str) -> bool:
    """Tell whether a save checks a story: when it publishes it, or gives an override.

    A story may be scheduled while it fails its checks (the scheduler holds it at its
    time); an override written when scheduling, or later, is recorded then.
    """
    overriding = bool((override or "").strip())
    if status == PublicationStatus.PUBLISHED:
        return status != previous or overriding
    return status == PublicationStatus.SCHEDULED and overriding


def change_status(
    *, obj, user, status: str, publish_at=None, reason="", override="", evidence=True
) -> str:
    """Move `obj` to `status`, save it and log it; return the logged message."""
    with transaction.atomic(), keep_version(user):
        message = apply_status(
            obj=obj,
            user=user,
            status=status,
            previous=obj.status,
            publish_at=publish_at,
            reason=reason,
            override=override,
            evidence=evidence,
        )
        obj.save()
        log(user, obj, message)
    return message


def submit_for_review(*, article: Article | Transcript, user) -> Article | Transcript:
    require(user, f"coverage.change_{article._meta.model_name}", "submit for review")
    change_status(obj=article, user=user, status=PublicationStatus.IN_REVIEW)
    return article


def publish(*, article: Article | Transcript, user, override: str = "") -> Article | Transcript:
    """Publish now; a story must pass its checks, or an editor write why it need not."""
    change_status(obj=article, user=user, status=PublicationStatus.PUBLISHED, override=override)
    return article


def schedule(*, article: Article | Transcript, user, when) -> Article | Transcript:
    change_status(obj=article, user=user, status=PublicationStatus.SCHEDULED, publish_at=when)
    return article


def withdraw(*, article: Article | Transcript, user, reason: str) -> Article | Transcript:
    change_status(obj=article, user=user, status=PublicationStatus.WITHDRAWN, reason=reason)
    return article


def lock_version(*, obj, expected: int | None) -> None:
    """Hold `obj`'s row until the transaction commits; refuse a write from an older version.

    `expected` is the version the writer read (the admin form's hidden field, the API's
    If-Match); None skips the check. On SQLite the lock is the database's own: one
    writer at a time.
    """
    current = (
        type(obj)
        .objects.select_for_update()
        .filter(pk=obj.pk)
        .values_list("version", flat=True)
        .first()
    )
    if expected is not None and current is not None and current != expected:
        raise StaleWrite(current=current, expected=expected)


def rename(*, article: Article, old_slug: str) -> None:
    """Keep a published story's old address answering with a redirect to its new one."""
    if article.published_at is None or not old_slug or old_slug == article.slug:
        return
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def add_correction(*, article: Article, user, text: str) -> Correction:
    require(user, "coverage.add_correction", "add corrections")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the correction readers will see."})
    with transaction.atomic(), keep_version(user):
        keep_version_of(article)
        correction = Correction.objects.create(article=article, text=text, created_by=user)
        # A correction changes what readers are given: a new version (its ETag, the
        # ninjs version partners see) as an edit is.
        Article.objects.filter(pk=article.pk).update(
            updated_at=correction.created_at, version=F("version") + 1
        )
        say_in_version(f"correction: “{text[:60]}”")
    log(user, article, f"Correction: {text[:200]}")
    if article.is_public:
        events.announce(WebhookEvent.STORY_CORRECTED, article)
    return correction


def set_citation_status(*, citation: Citation, user, status: str) -> Citation:
    """Confirm or reject a citation (or return it to suggested), logged on both objects."""
    if not may_set_citation_status(user, previous=None, status=status):
        require(user, CONFIRM, "confirm or reject citations")
    # The story's history keeps the decision as a version, noted with it (one version
    # for all the decisions of one save, review or request).
    with transaction.atomic(), keep_version(user):
        keep_version_of(citation.article)
        citation.status = status
        citation.save(update_fields=["status"])
        message = f"Citation {citation.get_status_display().lower()}: “{citation.quote[:120]}”"
        log(user, citation, message)
        log(user, citation.article, message)
        say_in_version(f"citation {citation.get_status_display().lower()}: “{citation.quote[:60]}”")
    return citation


def publish_scheduled(*, now=None, only=None) -> list[Article | Transcript]:
    """Publish every scheduled story and transcript that is due (`only`: the one
    (model, pk) given). Safe to run at once from many workers, and from cron: concurrent
    runs skip rows another run holds, and a published item is not due.

    A story that fails its checks at its time stays scheduled, unpublished, and is held:
    the desk shows why, and it goes live at the first run after it passes them (or an
    editor overrides them).
    """
    now = now or timezone.now()
    published = []
    with transaction.atomic():
        for model in (Article, Transcript):
            due = (
                model.objects.select_for_update(skip_locked=True)
                .filter(status=PublicationStatus.SCHEDULED, publish_at__lte=now)
                .order_by("publish_at")
            )
            if only is not None:
                if only[0] is not model:
                    continue
                due = due.filter(pk=only[1])
            for obj in due:
                message = "Published as scheduled"
                if isinstance(obj, Article):
                    try:
                        note = check_evidence(article=obj, user=obj.scheduled_by)
                    except PublicationRefused as refused:
                        hold(obj, refusal(refused.obstacles), now=now)
                        continue
                    if note:
                        message = f"{message}, {note}"
                    obj.held_at, obj.held_reason = None, ""
                obj.status = PublicationStatus.PUBLISHED
                with keep_version(obj.scheduled_by, message):
                    obj.save()
                log(obj.scheduled_by, obj, message)
                published.append(obj)
    return published


def hold(article: Article, why: str, *, now) -> None:
    """Mark a due story the scheduler could not publish; log it once for each reason.

    Written with an UPDATE: holding changes nothing an editor edits, so a form open on
    the story stays current.
    """
    if article.held_reason == why:
        return
    Article.objects.filter(pk=article.pk).update(held_at=now, held_reason=why)
    article.held_at, article.held_reason = now, why
    log(article.scheduled_by, article, f"Held at its publication time. {why}")
