"""Wordings a reader's search takes as one: "cosmonaut" and "astronaut"."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from newsroom.coverage.models.fields import CharField, TextField

MAX_WORDS = 8  # a wording is a word or a short phrase, not a sentence
WORD = re.compile(r"\w+")


class Synonym(models.Model):
    """A group of wordings that mean the same to a reader, kept by editors in admin.

    A search for any wording of a group finds the others too, on every database; the
    search page says which it searched for.
    """

    wordings = TextField(
        help_text=(
            "One wording per line, as the records and stories write it: a word "
            "(“cosmonaut”) or a short phrase (“head of the region”). Plurals and other "
            "endings are found without being listed."
        )
    )
    note = CharField(max_length=200, blank=True, help_text="Why these mean the same here.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wordings"]
        verbose_name = "search synonym"

    def __str__(self) -> str:
        return " = ".join(self.forms)

    @property
    def forms(self) -> list[str]:
        """Return the group's wordings, each once, in the order written."""
        seen, forms = set(), []
        for line in self.wordings.splitlines():
            wording = " ".join(WORD.findall(line))
            if wording and wording.lower() not in seen:
                seen.add(wording.lower())
                forms.append(wording)
        return forms

    def clean(self):
        forms = self.forms
        if len(forms) < 2:
            raise ValidationError({"wordings": "Write at least two wordings, one per line."})
        long = [f for f in forms if len(f.split()) > MAX_WORDS]
        if long:
            raise ValidationError(
                {"wordings": f"A wording has at most {MAX_WORDS} words: “{long[0]}”."}
            )
        self.wordings = "\n".join(forms)
