import re

from django import forms
from django.core.validators import RegexValidator
from django.db import models

# Django's URLValidator lets control characters through in a query or fragment
# ("https://example.org/?\x03"); no real address holds one, and some cannot even be
# sent back in an HTTP header.
no_control_characters = RegexValidator(
    r"[\x00-\x1f\x7f]", inverse_match=True, message="A web address has no control characters."
)

# Word processors end a line inside a paragraph with U+000B and a page with U+000C, and
# both come along when their text is pasted; Unicode has its own line and paragraph
# separators. They are line breaks (spaces in a one-line field).
_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
_BREAK = re.compile("[" + "".join(_BREAKS) + "]")
# What no text of ours holds and XML 1.0 or HTML refuses: the other control characters
# (tab and line ends are kept), lone surrogates and the non-characters U+FFFE and U+FFFF.
NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def plain_breaks(value: str, *, one_line: bool = False) -> str:
    """Return `value` with pasted line breaks made plain ones (spaces, `one_line`)."""
    return _BREAK.sub(" " if one_line else "\n", value)


def plain_text(value, *, one_line: bool = False):
    """Return `value` with pasted line breaks made plain and characters no page or feed
    may carry removed (anything but a string is returned as it is)."""
    if not isinstance(value, str):
        return value
    return plain_breaks(NOT_TEXT.sub("", value), one_line=one_line)


class PlainTextFormField(forms.CharField):
    """A form's text field that reads a browser's line ends (CR LF) as the stored ones (LF).

    Browsers send a text box's lines ended by CR LF; read as they come, every save of a
    form would change a story's text that nobody touched (its "updated" time, the
    change message, the autosave).
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class _PlainText:
    """Store text as `plain_text` makes it, on every path that writes it: a save (the
    instance is cleaned too), an update, a bulk write."""

    one_line = False

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PlainTextFormField, **kwargs})

    def pre_save(self, model_instance, add):
        value = plain_text(getattr(model_instance, self.attname), one_line=self.one_line)
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return plain_text(super().get_prep_value(value), one_line=self.one_line)

    def deconstruct(self):
        # The column is Django's own: migrations need not know of the cleaning.
        name, _path, args, kwargs = super().deconstruct()
        return name, f"django.db.models.{type(self).__name__}", args, kwargs


class CharField(_PlainText, models.CharField):
    """A one-line text field that stores plain text (see `plain_text`)."""

    one_line = True


class TextField(_PlainText, models.TextField):
    """A text field that stores plain text (see `plain_text`)."""


class URLField(models.URLField):
    """A URL field whose forms assume https when no scheme is typed (Django 6 default), and
    which refuses control characters."""

    default_validators = [*models.URLField.default_validators, no_control_characters]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
