"""Conditional GET and a rendered-page cache for anonymous readers, invalidated on change.

Every save or delete of coverage content bumps one content version. With a shared
cache (PAGE_CACHE on: Redis), pages carry an ETag made of that version and the path,
so a repeat visit is answered 304 without rendering, and rendered pages are kept under
the version, so a change invalidates them all at once. Without a shared cache the
version would differ between processes, so ETags come from the rendered content
(ConditionalGetMiddleware) instead. Signed-in users always get a fresh page.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag

VERSION_KEY = "newsroom:content-version"
PAGE_TIMEOUT = 300  # seconds; bounds staleness from time alone (a scheduled story's hour)


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version(**kwargs) -> None:
    """Invalidate every cached page and ETag (connected to coverage models' signals)."""
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def public_page(view):
    """Serve `view` with conditional GET and the page cache for anonymous GET requests."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not getattr(settings, "PAGE_CACHE", False)
            or request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
        ):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        path = request.get_full_path()
        version = content_version()
        digest = hashlib.sha256(f"{version}\n{path}".encode()).hexdigest()[:32]
        etag = quote_etag(digest)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _finish(HttpResponseNotModified(), etag)
        key = f"newsroom:page:{digest}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return _finish(HttpResponse(content, content_type=content_type), etag)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
            return _finish(response, etag)
        return response

    return wrapper


def _finish(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response
