from django.conf import settings
from django.db import models


class TranscriptRevision(models.Model):
    """One version of a transcript's text, and what it changed from the one before.

    `paragraphs` holds the whole text of this version, paragraph by paragraph, as
    [key, kind, speaker label, text], so any two versions can be compared word by word.
    """

    transcript = models.ForeignKey(
        "coverage.Transcript", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(help_text="1 for the text as first stored.")
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.CharField(max_length=300, blank=True)
    paragraphs = models.JSONField(default=list)
    changes = models.JSONField(
        default=dict,
        help_text="How many paragraphs stayed, were edited, moved, added and removed.",
    )
    redirects = models.JSONField(
        default=dict,
        help_text="The key of each removed paragraph → the key of where its words went "
        "(or of the paragraph that took its place).",
    )
    citations = models.JSONField(
        default=list,
        help_text="The citations this revision touched: id, story, what happened, from, to.",
    )

    class Meta:
        ordering = ["transcript", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "number"], name="coverage_revision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.transcript} — version {self.number}"

    @property
    def summary(self) -> str:
        """Say in words what this revision changed: "1 paragraph added, 2 edited"."""
        parts = []
        for key, verb in (
            ("edited", "edited"),
            ("added", "added"),
            ("removed", "removed"),
            ("moved", "moved"),
        ):
            count = self.changes.get(key, 0)
            if count:
                parts.append(f"{count} paragraph{'s' * (count != 1)} {verb}")
        return ", ".join(parts) or "no paragraph changed"
