from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from newsroom.coverage.models.base import SluggedModel, SlugQuerySet
from newsroom.coverage.models.fields import CharField, TextField
from newsroom.coverage.models.names import OtherName, other_name_constraints


class PersonQuerySet(SlugQuerySet):
    def named(self, name: str):
        """Return people whose name or any other name is `name`, ignoring case."""
        name = name.strip()
        return self.filter(
            models.Q(name__iexact=name) | models.Q(other_names__name__iexact=name)
        ).distinct()


class Person(SluggedModel):
    """Someone content is about: a speaker, an official, a spokesman."""

    name = CharField(max_length=200, help_text="The name as this site prints it.")
    sort_name = CharField(
        max_length=200, help_text='How the name sorts in lists, e.g. "Putin, Vladimir".'
    )
    summary = TextField(
        blank=True, help_text="Who this is, in a sentence, from what the documents say."
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(Lower("name"), name="coverage_person_name_lower")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("person-detail", kwargs={"slug": self.slug})


class PersonName(OtherName):
    owner_field = "person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")

    class Meta:
        ordering = ["name"]
        verbose_name = "other name"
        constraints = other_name_constraints("personname", "person")


class RoleQuerySet(models.QuerySet):
    def get_by_natural_key(self, title, person_slug):
        return self.get(title=title, person__slug=person_slug)


class Role(models.Model):
    """A post a person holds, with the title as printed (a Popolo post and membership)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = CharField(
        max_length=300, help_text='The title as printed, e.g. "Krasnoyarsk Territory Governor".'
    )
    organisation = CharField(max_length=200, blank=True)
    place = models.ForeignKey(
        "coverage.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    start_date = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the post is held.")
    note = TextField(blank=True, help_text="Other wordings, and where the title is printed.")

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["person", "start_date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["person", "title"], name="coverage_role_unique"),
            models.CheckConstraint(
                condition=~models.Q(title=""), name="coverage_role_title_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="coverage_role_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.person.name})"

    def natural_key(self):
        return (self.title, *self.person.natural_key())
