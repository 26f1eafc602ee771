"""Answer 503 with Retry-After, not 500, while the database is unreachable or refusing."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a short 503 for readers and clients.

    Django drops the broken connection at the end of the request and opens a new one on
    the next (CONN_HEALTH_CHECKS), so the site recovers by itself when the database does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        response = HttpResponse(
            "The site is briefly unavailable. Please try again in a few seconds.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "5"
        return response
