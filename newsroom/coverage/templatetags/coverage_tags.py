import json

from django import template
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script: these characters cannot end a <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """Render `data` as a JSON-LD script element, safe whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.filter
def event_date(event) -> str:
    """Return an event's date as precisely as it is known."""
    if event.date is None:
        return "date not known"
    pattern = {"day": "j F Y", "month": "F Y", "year": "Y"}[event.date_precision]
    return format_date(event.date, pattern)


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    """Return the absolute URL of `path` on this site."""
    return context["request"].build_absolute_uri(path)
