"""The checks a story passes before readers see it: its evidence, not its layout.

A story is not published while suggested citations wait for a decision, a quotation
is not found in the record or differs from it, or it has no source. Every face that
publishes (the status field, the buttons, the bulk action, the API, the scheduler)
asks `check_evidence`, which refuses with the list of what stands in the way. An
editor may publish over the checks with a written reason: the reason, who gave it,
when, and the obstacles it covered are kept on the story (so in its history) and shown
on the review screen. An override covers the obstacles it was written for; a new one
(a further suggestion, another quotation) needs a new decision.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from newsroom.coverage.linking import quotes
from newsroom.coverage.models import AnchorState, Article, Citation, CitationStatus
from newsroom.coverage.services.quotes import check_story, record_of

PUBLISH = "coverage.publish_article"
OVERRIDE_FIELDS = [
    "checks_override_reason",
    "checks_override_keys",
    "checks_overridden_by",
    "checks_overridden_at",
]
VERDICT_WORDS = {
    quotes.NOT_FOUND: "is not found in the record",
    quotes.CLOSE: "differs from the record",
    quotes.NUMBER_DIFFERS: "has a number the record does not",
}


@dataclass(frozen=True)
class Obstacle:
    """One thing that stands between a story and its readers."""

    keys: tuple[str, ...]  # what it is about, stable across checks: "no-source", "suggested:12"
    message: str  # for the editor, saying what to do

    def __str__(self):
        return self.message


class PublicationRefused(ValidationError):
    """Publishing was refused: the story fails its checks and no editor overrode them."""

    def __init__(self, obstacles: list[Obstacle]):
        self.obstacles = obstacles
        super().__init__({"status": [refusal(obstacles)]}, code="checks")


def refusal(obstacles: list[Obstacle]) -> str:
    listed = " ".join(f"({n}) {o.message}" for n, o in enumerate(obstacles, start=1))
    return (
        f"Not published: {listed} An editor may publish over the checks by writing why in "
        "“Reason to publish over the checks”."
    )


def publication_obstacles(article: Article, *, events=None, checks=None) -> list[Obstacle]:
    """Return what stands in the way of publishing `article`, in the order to mend it.

    `events`, when given, stand for the story's events (a form or an API request about
    to change them); otherwise they are read from the database. `checks` are the story's
    quote checks, when the caller has them already.
    """
    obstacles = []
    if article.source_id is None:
        obstacles.append(
            Obstacle(
                ("no-source",),
                "The story has no source: choose where its information comes from.",
            )
        )
    if article.pk:
        # Suggestions to decide, and citations a revision left without their words: one
        # query for both.
        pending = list(
            Citation.objects.filter(article=article)
            .filter(Q(status=CitationStatus.SUGGESTED) | Q(anchor_state=AnchorState.LOST))
            .exclude(status=CitationStatus.REJECTED)
            .order_by("pk")
            .values_list("pk", "segment_id", "transcript__title")
        )
        undecided = [pk for pk, segment, _ in pending if segment is not None]
        lost = [(pk, title) for pk, segment, title in pending if segment is None]
        if undecided:
            count = len(undecided)
            obstacles.append(
                Obstacle(
                    tuple(f"suggested:{pk}" for pk in undecided),
                    f"{count} suggested citation{'s' if count != 1 else ''} "
                    f"{'wait' if count != 1 else 'waits'} for a decision: confirm or reject "
                    "on the review screen.",
                )
            )
        if lost:
            records = ", ".join(sorted({f"“{title}”" for _, title in lost}))
            many = len(lost) != 1
            obstacles.append(
                Obstacle(
                    tuple(f"lost:{pk}" for pk, _ in lost),
                    f"{len(lost)} citation{'s' * many} lost {'their' if many else 'its'} words "
                    f"in a revision of {records}: cite the sentence again or reject "
                    f"the citation{'s' * many}.",
                )
            )
    if checks is None:
        checks = check_story(article, transcripts=record_of(article, events))
    for check in checks:
        if check.verdict in VERDICT_WORDS:
            where = f" ({check.segment.transcript.title}, {check.where})" if check.segment else ""
            obstacles.append(
                Obstacle(
                    (f"quote:{check.verdict}:{check.quotation}",),
                    f"The quotation “{_short(check.quotation)}” "
                    f"{VERDICT_WORDS[check.verdict]}{where}.",
                )
            )
    return obstacles


def check_evidence(*, article: Article, user, override: str = "", events=None) -> str:
    """Refuse to publish `article` while it fails its checks, unless an editor overrides.

    Return what to add to the log: "" when the story passes, else "over the checks
    (…)" with the reason. A written `override`
    records who published over which obstacles and why, on the unsaved `article` (the
    caller saves it, with `OVERRIDE_FIELDS`). An earlier override covers the obstacles it
    was written for. Raise PublicationRefused otherwise.
    """
    obstacles = publication_obstacles(article, events=events)
    if not obstacles:
        return ""
    keys = sorted({key for o in obstacles for key in o.keys})
    listed = "; ".join(o.message for o in obstacles)
    override = (override or "").strip()
    if override:
        if user is None or not user.has_perm(PUBLISH):
            raise PermissionDenied("Only editors may publish over the checks.")
        article.checks_override_reason = override
        article.checks_override_keys = keys
        article.checks_overridden_by = user if user.pk else None
        article.checks_overridden_at = timezone.now()
        return f"over the checks ({listed}). Reason: {override}"
    if set(keys) <= set(article.checks_override_keys or []):
        return f"over the checks, as an editor decided earlier ({listed})"
    raise PublicationRefused(obstacles)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
