from django.db import models
from django.urls import reverse

from newsroom.coverage.models.base import SluggedModel, choices_check
from newsroom.coverage.models.fields import CharField, TextField
from newsroom.coverage.models.names import OtherName, other_name_constraints


class PlaceKind(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    CITY = "city", "City"
    VENUE = "venue", "Venue"
    AREA = "area", "Geographic area"


class Place(SluggedModel):
    """A region, city, venue or wider area that content is about."""

    name = CharField(max_length=200)
    kind = CharField(max_length=20, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The place this one lies in, where the documents say so.",
    )
    summary = TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [choices_check("kind", PlaceKind, "coverage_place_kind_valid")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("place-detail", kwargs={"slug": self.slug})


class PlaceName(OtherName):
    owner_field = "place"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="other_names")

    class Meta:
        ordering = ["name"]
        verbose_name = "other name"
        constraints = other_name_constraints("placename", "place")
