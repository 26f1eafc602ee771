"""Readers' email alerts: when a person speaks, when a phrase appears in a transcript,
when a story cites a transcript; and each passage or story an alert has found."""

from django.db import models
from django.utils import timezone

from newsroom.coverage.models.fields import CharField


class AlertKind(models.TextChoices):
    PERSON = "person", "When a person speaks"
    PHRASE = "phrase", "When a phrase appears in a transcript"
    CITED = "cited", "When a story cites a transcript"


class AlertFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "As soon as it happens"
    DAILY = "daily", "In one email a day"


class Alert(models.Model):
    """One reader's alert. The address is never shown on any page: the reader reaches
    their alerts through signed links sent to it."""

    email = models.EmailField(help_text="Kept lower-case; shown to no one.")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    person = models.ForeignKey(
        "coverage.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    phrase = CharField(max_length=100, blank=True)
    transcript = models.ForeignKey(
        "coverage.Transcript", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        max_length=20, choices=AlertFrequency.choices, default=AlertFrequency.IMMEDIATE
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the reader follows the emailed link."
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["email"], name="coverage_alert_email"),
            models.Index(fields=["kind", "confirmed_at"], name="coverage_alert_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=AlertKind.PERSON, person__isnull=False)
                    | models.Q(kind=AlertKind.PHRASE) & ~models.Q(phrase="")
                    | models.Q(kind=AlertKind.CITED, transcript__isnull=False)
                ),
                name="coverage_alert_has_its_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> str:
        if self.kind == AlertKind.PERSON:
            return self.person.name
        if self.kind == AlertKind.CITED:
            return self.transcript.title
        return f"“{self.phrase}”"


class AlertMatch(models.Model):
    """What an alert found in one transcript (the paragraphs, by their keys) or one story,
    told once: at once, or in the day's digest. A revision that brings new paragraphs
    adds them to the match not yet told, or makes a new one."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="matches")
    transcript = models.ForeignKey(
        "coverage.Transcript", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    keys = models.JSONField(
        default=list, blank=True, help_text="The paragraphs found (`p<key>`), in order."
    )
    article = models.ForeignKey(
        "coverage.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    found_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["found_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "article"], name="coverage_alert_match_article_once"
            ),
            models.CheckConstraint(
                condition=models.Q(transcript__isnull=False) | models.Q(article__isnull=False),
                name="coverage_alert_match_found_something",
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at", "alert"], name="coverage_alert_unsent"),
            models.Index(fields=["transcript", "alert"], name="coverage_alert_found_in"),
        ]

    def __str__(self):
        return f"match {self.pk} of alert {self.alert_id}"
