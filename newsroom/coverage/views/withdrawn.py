"""What a reader finds at the address of something withdrawn: 410 Gone and why."""

from django.shortcuts import render

from newsroom.coverage.models import PublicationStatus


def gone(request, model, slug, *, kind: str):
    """Answer 410 with the notice of a withdrawn item once published here, or None.

    Only what the notice needs is read: the title, the times and the reason, never the
    text that was withdrawn.
    """
    title_field = "headline" if hasattr(model, "headline") else "title"
    withdrawn = (
        model.objects.filter(
            slug=slug, status=PublicationStatus.WITHDRAWN, published_at__isnull=False
        )
        .values(title_field, "published_at", "withdrawn_at", "withdrawal_reason")
        .first()
    )
    if withdrawn is None:
        return None
    notice = {
        "kind": kind,
        "title": withdrawn[title_field],
        "published_at": withdrawn["published_at"],
        "withdrawn_at": withdrawn["withdrawn_at"],
        "reason": withdrawn["withdrawal_reason"],
    }
    return render(request, "coverage/withdrawn.html", {"notice": notice}, status=410)
