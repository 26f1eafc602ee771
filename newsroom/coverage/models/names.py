from django.db import models

from newsroom.coverage.models.base import choices_check
from newsroom.coverage.models.fields import CharField


class NameKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    TRANSLITERATION = "transliteration", "Transliteration"
    SHORT = "short", "Short form"
    FORMER = "former", "Former name"


class OtherNameQuerySet(models.QuerySet):
    def get_by_natural_key(self, name, owner_slug):
        return self.get(name=name, **{f"{self.model.owner_field}__slug": owner_slug})


class OtherName(models.Model):
    """Another way documents write a name; used to match mentions ("Lugansk"/"Luhansk").

    Subclasses add a foreign key to the owner and name it in `owner_field`.
    """

    owner_field = ""

    name = CharField(max_length=200)
    kind = CharField(max_length=20, choices=NameKind.choices, default=NameKind.ALIAS)
    note = CharField(
        max_length=300, blank=True, help_text="Where this spelling appears, for other editors."
    )

    objects = OtherNameQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name, getattr(self, self.owner_field).slug)


def other_name_constraints(model_name: str, owner_field: str) -> list:
    """Return the constraints of an other-names table owned through `owner_field`."""
    return [
        models.UniqueConstraint(fields=[owner_field, "name"], name=f"coverage_{model_name}_unique"),
        models.CheckConstraint(
            condition=~models.Q(name=""), name=f"coverage_{model_name}_name_not_empty"
        ),
        choices_check("kind", NameKind, f"coverage_{model_name}_kind_valid"),
    ]
