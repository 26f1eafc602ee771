from django.core.validators import RegexValidator
from django.db import models

# Django's URLValidator lets control characters through in a query or fragment
# ("https://example.org/?\x03"); no real address holds one, and some cannot even be
# sent back in an HTTP header.
no_control_characters = RegexValidator(
    r"[\x00-\x1f\x7f]", inverse_match=True, message="A web address has no control characters."
)


class URLField(models.URLField):
    """A URL field whose forms assume https when no scheme is typed (Django 6 default), and
    which refuses control characters."""

    default_validators = [*models.URLField.default_validators, no_control_characters]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
