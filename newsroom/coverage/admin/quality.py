from django.utils.html import format_html, format_html_join


def quality_report(findings) -> str:
    """Render data-quality findings for a change form, escaped."""
    if not findings:
        return "No warnings."
    items = format_html_join("", "<li>{}</li>", ((str(f),) for f in findings))
    return format_html('<ul class="quality-warnings">{}</ul>', items)
