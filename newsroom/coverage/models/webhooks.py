"""Partners' webhooks: where to tell them of publications, corrections and kills, and
every delivery and attempt, kept for them to read."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsroom.coverage.models.fields import CharField, URLField


class WebhookEvent(models.TextChoices):
    STORY_PUBLISHED = "story.published", "A story was published"
    STORY_CORRECTED = "story.corrected", "A published story was corrected"
    STORY_WITHDRAWN = "story.withdrawn", "A published story was withdrawn (the kill notice)"
    TRANSCRIPT_PUBLISHED = "transcript.published", "A transcript was published"
    TRANSCRIPT_REVISED = "transcript.revised", "A published transcript's text was revised"
    TRANSCRIPT_WITHDRAWN = "transcript.withdrawn", "A published transcript was withdrawn"


class WebhookSubscription(models.Model):
    """An API client's endpoint, told of the events it chose, signed with its secret."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = URLField(max_length=500, help_text="Where deliveries are POSTed.")
    description = CharField(max_length=200, blank=True)
    events = models.JSONField(
        default=list, blank=True, help_text="The events to deliver; empty for every event."
    )
    secret = models.CharField(
        max_length=100, editable=False, help_text="Signs every delivery (Standard Webhooks)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    failures = models.PositiveIntegerField(
        default=0, help_text="Failed attempts in a row; a success starts the count again."
    )
    paused_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when attempts kept failing: deliveries wait, kept, until resumed.",
    )
    paused_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.url

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to be delivered"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Given up after every attempt failed"


class WebhookDelivery(models.Model):
    """One event for one subscription: the body exactly as signed, and where it stands."""

    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    item_uri = URLField(max_length=500)
    body = models.TextField(help_text="The JSON sent, byte for byte as signed.")
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="coverage_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event} to {self.subscription_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: when, how long, and what the endpoint answered."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self):
        return f"attempt {self.number} of {self.delivery_id}"
