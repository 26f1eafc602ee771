"""The desk on the admin index: the work in progress, at a glance."""

from datetime import timedelta

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from newsroom.coverage.background.health import overdue
from newsroom.coverage.models import (
    AnchorState,
    Article,
    BackgroundJob,
    Citation,
    CitationStatus,
    Correction,
    JobState,
    PublicationStatus,
)

register = template.Library()
SHOWN = 5  # stories listed under each heading


@register.filter
def model_label(obj) -> str:
    """Return what kind of thing `obj` is, for editors: "person", "place", "event"."""
    return obj._meta.verbose_name


def revised_evidence() -> list[dict]:
    """Return the stories whose citations a transcript's revision moved off their words:
    re-anchored (to review again) or lost, with how many of each."""
    rows = (
        Citation.objects.filter(anchor_state__in=[AnchorState.REANCHORED, AnchorState.LOST])
        .exclude(status=CitationStatus.REJECTED)
        .exclude(anchor_state=AnchorState.REANCHORED, status=CitationStatus.CONFIRMED)
        .values("article_id", "article__headline", "anchor_state", "transcript__title")
        .annotate(n=Count("pk"))
        .order_by("article_id")
    )
    stories: dict[int, dict] = {}
    for row in rows:
        story = stories.setdefault(
            row["article_id"],
            {
                "pk": row["article_id"],
                "headline": row["article__headline"],
                "lost": 0,
                "reanchored": 0,
                "records": set(),
            },
        )
        story[row["anchor_state"]] += row["n"]
        story["records"].add(row["transcript__title"])
    for story in stories.values():
        story["records"] = sorted(story["records"])
    return list(stories.values())[:SHOWN]


def late_items(now) -> list[dict]:
    """Return the stories and transcripts scheduled more than a minute ago and still not
    published (none when a worker runs), the oldest first."""
    stories, records = overdue(now)
    items = [
        {"kind": "story", "title": s.headline, "publish_at": s.publish_at, "pk": s.pk}
        for s in stories.only("id", "headline", "publish_at").order_by("publish_at")[:SHOWN]
    ] + [
        {"kind": "transcript", "title": t.title, "publish_at": t.publish_at, "pk": t.pk}
        for t in records.only("id", "title", "publish_at").order_by("publish_at")[:SHOWN]
    ]
    for item in items:
        item["minutes"] = int((now - item["publish_at"]).total_seconds() // 60)
    return sorted(items, key=lambda item: item["publish_at"])[:SHOWN]


def background_jobs(now) -> list[BackgroundJob]:
    """Return the jobs waiting or running, and those that ended in the last day."""
    return list(
        BackgroundJob.objects.filter(
            Q(state__in=[JobState.QUEUED, JobState.RUNNING])
            | Q(finished_at__gte=now - timedelta(days=1))
        )
        .select_related("article", "transcript")
        .only(
            "kind",
            "state",
            "done",
            "total",
            "result",
            "error",
            "requested_at",
            "finished_at",
            "article__id",
            "article__headline",
            "transcript__id",
            "transcript__title",
        )[:SHOWN]
    )


@register.inclusion_tag("admin/coverage/desk.html", takes_context=True)
def desk(context):
    """Return the stories in progress, those the checks held at their time, the
    suggestions to review and the last corrections."""
    user = context["request"].user
    if not user.has_perm("coverage.view_article"):
        return {"shown": False}
    counts = Article.objects.aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in (
                PublicationStatus.DRAFT,
                PublicationStatus.IN_REVIEW,
                PublicationStatus.SCHEDULED,
            )
        }
    )
    columns = [
        ("Drafts", PublicationStatus.DRAFT, Article.objects.order_by("-pk")),
        ("In review", PublicationStatus.IN_REVIEW, Article.objects.order_by("-pk")),
        ("Scheduled", PublicationStatus.SCHEDULED, Article.objects.order_by("publish_at")),
    ]
    now = timezone.now()
    return {
        "shown": True,
        "late": late_items(now),
        "late_after": now - timedelta(minutes=1),
        "jobs": background_jobs(now),
        "columns": [
            {
                "title": title,
                "status": status,
                "count": counts[status],
                "stories": list(
                    queryset.filter(status=status).only(
                        "id", "headline", "publish_at", "held_at", "held_reason"
                    )[:SHOWN]
                ),
            }
            for title, status, queryset in columns
        ],
        "suggestions": Citation.objects.filter(
            status=CitationStatus.SUGGESTED, segment__isnull=False
        ).count(),
        "revised": revised_evidence(),
        "held": list(
            Article.objects.filter(status=PublicationStatus.SCHEDULED, held_at__isnull=False)
            .only("id", "headline", "held_at", "held_reason")
            .order_by("held_at")[:SHOWN]
        ),
        "corrections": list(
            Correction.objects.select_related("article")
            .only("created_at", "text", "article__id", "article__headline")
            .order_by("-created_at")[:SHOWN]
        ),
    }
