"""Who may be answered from what is kept: anonymous readers, and only them.

Signed-in staff and API clients with a token may see drafts, so they always get a
fresh answer; nothing rendered for them is kept.
"""

from django.conf import settings


def anonymous_reader(request) -> bool:
    """Tell whether the request carries no signed-in user and no API credentials."""
    return not request.user.is_authenticated and "Authorization" not in request.headers


def surely_anonymous(request) -> bool:
    """Tell, before authentication has run, whether the request can only be anonymous."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
    )


def may_answer_from_cache(request) -> bool:
    """Tell whether whole pages are kept (PAGE_CACHE) and the request only reads."""
    return getattr(settings, "PAGE_CACHE", False) and request.method in ("GET", "HEAD")
