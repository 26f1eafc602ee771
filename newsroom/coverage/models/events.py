from django.db import models
from django.urls import reverse

from newsroom.coverage.models.base import SluggedModel, choices_check
from newsroom.coverage.models.fields import CharField, TextField


class EventKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    ELECTION = "election", "Election"
    VISIT = "visit", "Visit"
    SESSION = "session", "Session"
    OTHER = "other", "Other"


class EventStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month only (approximate)"
    YEAR = "year", "Year only (approximate)"


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEOCONFERENCE = "videoconference", "Videoconference"


class Event(SluggedModel):
    """Something that happens: a meeting, an election, a visit, a session."""

    title = CharField(max_length=300)
    kind = CharField(max_length=20, choices=EventKind.choices)
    status = CharField(
        max_length=20,
        choices=EventStatus.choices,
        help_text="As the documents tell it: announced until a document shows it took place.",
    )
    date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty when the documents give no date. For a month or year, "
        "enter its first day and set the precision.",
    )
    date_precision = CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.ForeignKey(
        "coverage.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    format = CharField(
        max_length=20, choices=EventFormat.choices, blank=True, help_text="Empty when not known."
    )
    participants = models.ManyToManyField("coverage.Person", blank=True, related_name="events")
    summary = TextField(blank=True)

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "title"]
        constraints = [
            choices_check("kind", EventKind, "coverage_event_kind_valid"),
            choices_check("status", EventStatus, "coverage_event_status_valid"),
            choices_check("date_precision", DatePrecision, "coverage_event_precision_valid"),
            choices_check("format", EventFormat, "coverage_event_format_valid", blank=True),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"slug": self.slug})
