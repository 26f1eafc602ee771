from django.db import models


class URLField(models.URLField):
    """A URL field whose forms assume https when no scheme is typed (Django 6 default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
