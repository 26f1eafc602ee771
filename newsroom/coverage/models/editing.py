from django.conf import settings
from django.db import models


class EditSession(models.Model):
    """One editor's open change form of a story: what they typed and have not saved
    (the autosave), and when their form last reported in (who is editing now).

    Kept apart from the story's versions and history: an autosave is not a save, and
    saving the form deletes it.
    """

    article = models.ForeignKey(
        "coverage.Article", on_delete=models.CASCADE, related_name="edit_sessions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(
        default=dict,
        help_text="Each field the editor changed and has not saved → its value as typed.",
    )
    saved_at = models.DateTimeField(
        null=True, blank=True, help_text="When `fields` were last kept; empty when none are."
    )
    seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the form last reported in; empty once closed."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="coverage_edit_session_unique")
        ]
        indexes = [models.Index(fields=["article", "seen_at"], name="coverage_edit_session_seen")]

    def __str__(self):
        return f"{self.user} editing {self.article}"
