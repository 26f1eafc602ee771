from django.db import models
from django.urls import reverse

from newsroom.coverage.models.base import SluggedModel, choices_check
from newsroom.coverage.models.fields import CharField, TextField, URLField


class SourceKind(models.TextChoices):
    OFFICIAL_WEBSITE = "official_website", "Official website"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    MESSAGING_CHANNEL = "messaging_channel", "Messaging channel"
    NEWS_AGENCY = "news_agency", "News agency"
    MEDIA_REPORT = "media_report", "Media report"
    OTHER = "other", "Other"


class Source(SluggedModel):
    """Where content comes from: a website, a channel, an agency, media reports."""

    name = CharField(max_length=200, help_text="The source's name as readers know it.")
    kind = CharField(max_length=30, choices=SourceKind.choices, default=SourceKind.OTHER)
    url = URLField(blank=True, help_text="The source's home address, if it has one.")
    description = TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [choices_check("kind", SourceKind, "coverage_source_kind_valid")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"slug": self.slug})
