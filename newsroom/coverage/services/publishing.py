"""The editorial workflow: review, publish, schedule, withdraw, correct, confirm."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.coverage.models import (
    Article,
    ArticleRedirect,
    Citation,
    CitationStatus,
    Correction,
    PublicationStatus,
)
from newsroom.coverage.services.audit import log, require

PUBLISH = "coverage.publish_article"
CONFIRM = "coverage.confirm_citation"
# Statuses only users who may publish can set.
PUBLISHING_STATUSES = {
    PublicationStatus.PUBLISHED,
    PublicationStatus.SCHEDULED,
    PublicationStatus.WITHDRAWN,
}


def may_set_status(user, *, previous: str | None, status: str) -> bool:
    """Tell whether `user` may move a story from `previous` to `status`."""
    if status in PUBLISHING_STATUSES and status != previous:
        return user is not None and user.has_perm(PUBLISH)
    return True


def may_set_citation_status(user, *, previous: str | None, status: str) -> bool:
    """Tell whether `user` may give a citation `status` (confirming and rejecting are editors')."""
    decided = status in (CitationStatus.CONFIRMED, CitationStatus.REJECTED)
    if decided and status != previous:
        return user is not None and user.has_perm(CONFIRM)
    return True


def submit_for_review(*, article: Article, user) -> Article:
    require(user, "coverage.change_article", "submit stories for review")
    article.status = PublicationStatus.IN_REVIEW
    article.save()
    log(user, article, "Submitted for review")
    return article


def publish(*, article: Article, user) -> Article:
    require(user, PUBLISH, "publish stories")
    article.status = PublicationStatus.PUBLISHED
    article.publish_at = None
    article.save()
    log(user, article, "Published")
    return article


def withdraw(*, article: Article, user) -> Article:
    require(user, PUBLISH, "withdraw stories")
    article.status = PublicationStatus.WITHDRAWN
    article.save()
    log(user, article, "Withdrawn")
    return article


def add_correction(*, article: Article, user, text: str) -> Correction:
    require(user, "coverage.add_correction", "add corrections")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the correction readers will see."})
    with transaction.atomic():
        correction = Correction.objects.create(article=article, text=text, created_by=user)
        Article.objects.filter(pk=article.pk).update(updated_at=correction.created_at)
    log(user, article, f"Correction: {text[:200]}")
    return correction


def set_citation_status(*, citation: Citation, user, status: str) -> Citation:
    """Confirm or reject a citation (or return it to suggested), logged on both objects."""
    if status != CitationStatus.SUGGESTED:
        require(user, CONFIRM, "confirm or reject citations")
    citation.status = status
    citation.save(update_fields=["status"])
    message = f"Citation {citation.get_status_display().lower()}: “{citation.quote[:120]}”"
    log(user, citation, message)
    log(user, citation.article, message)
    return citation


def record_status_change(*, article: Article, user, previous: str) -> None:
    """Log a status set through the story form, naming the transition."""
    if previous == article.status:
        return
    if article.status == PublicationStatus.SCHEDULED:
        article.scheduled_by = user
        Article.objects.filter(pk=article.pk).update(scheduled_by=user)
    verbs = {
        PublicationStatus.PUBLISHED: "Published",
        PublicationStatus.WITHDRAWN: "Withdrawn",
        PublicationStatus.IN_REVIEW: "Submitted for review",
        PublicationStatus.SCHEDULED: f"Scheduled for {article.publish_at:%Y-%m-%d %H:%M %Z}"
        if article.publish_at
        else "Scheduled",
        PublicationStatus.DRAFT: "Returned to draft",
    }
    log(user, article, verbs[article.status])


def record_slug_change(*, article: Article, old_slug: str) -> None:
    """Keep a published story's old address answering with a redirect."""
    if old_slug and old_slug != article.slug:
        ArticleRedirect.objects.filter(old_slug=article.slug).delete()
        ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def publish_scheduled(*, now=None) -> list[Article]:
    """Publish every scheduled story that is due. Safe to run from cron every minute:
    concurrent runs skip rows another run holds, and a published story is not due."""
    now = now or timezone.now()
    published = []
    with transaction.atomic():
        due = (
            Article.objects.select_for_update(skip_locked=True)
            .filter(status=PublicationStatus.SCHEDULED, publish_at__lte=now)
            .order_by("publish_at")
        )
        for article in due:
            article.status = PublicationStatus.PUBLISHED
            article.save()
            log(article.scheduled_by, article, "Published as scheduled")
            published.append(article)
    return published
