"""Project middleware: 503 while the database fails, the request size limit, compression."""

import gzip
import logging
import re

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


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
        # A lost connection, but also a statement timeout or a deadlock: never silent.
        logger.error(
            "Answered 503 to %s %s: the database failed: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        response = HttpResponse(
            "The site is briefly unavailable. Please try again in a few seconds.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "5"
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES with 413, before reading it.

    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files,
    which it would otherwise stream to disk whatever their size. The largest document
    an editor may import is 5 MB; the front proxy should refuse larger bodies too.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.limit = settings.MAX_REQUEST_BYTES

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        if length > self.limit:
            return HttpResponse(
                f"The request is {length:,} bytes; the largest accepted is {self.limit:,}.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class ReaderGZipMiddleware(GZipMiddleware):
    """Compress answers to anonymous readers only.

    Pages for signed-in staff and API clients carry secrets (CSRF tokens, drafts) that
    compression could leak to an attacker who can add text to them (BREACH); readers'
    pages hold none. Cached pages arrive compressed already and are left as they are.
    """

    # Django compresses at level 6: 15 ms for a 600 KB transcript page, against 5.6 ms at
    # level 4 for a 7% larger answer. Readers' pages carry no secret, so they need no
    # random padding (Django's guard against guessing one) either.
    LARGE = 64 * 1024
    LARGE_LEVEL = 4

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "Authorization" in request.headers or response.cookies:
            return response
        if (
            response.has_header("Content-Encoding")  # a cached page, compressed already
            or response.streaming
            or len(response.content) < self.LARGE
            or not ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", ""))
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        response.content = gzip.compress(response.content, self.LARGE_LEVEL, mtime=0)
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):  # the compressed answer is a weak match (RFC 9110)
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
