"""Show a story's checks before publishing, and who published over them and why."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from newsroom.coverage.services.checks import publication_obstacles


def checks_report(article) -> str:
    """Render what stands between the story and readers, and any override, escaped."""
    obstacles = publication_obstacles(article)
    if obstacles:
        items = format_html_join("", "<li>{}</li>", ((o.message,) for o in obstacles))
        report = format_html('<ul class="publication-obstacles">{}</ul>', items)
    else:
        report = format_html(
            "<p>{}</p>",
            "Ready: a source, no suggestion waiting, every quotation as in the record.",
        )
    return format_html("{}{}", report, override_note(article))


def override_note(article) -> str:
    """Render the last override of the story's checks, or nothing."""
    if not article.checks_override_reason:
        return ""
    who = article.checks_overridden_by
    return format_html(
        '<p class="checks-override">Published over the checks by {} on {}: “{}”</p>',
        who.get_username() if who else "an editor",
        date_format(article.checks_overridden_at, "DATETIME_FORMAT")
        if article.checks_overridden_at
        else "an unknown date",
        article.checks_override_reason,
    )
