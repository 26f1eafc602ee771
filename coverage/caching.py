"""Conditional GET and a rendered-page cache for anonymous readers, invalidated on change.

Every save or delete of coverage content bumps one content version. With a shared
cache (PAGE_CACHE on: Redis), pages carry an ETag made of that version and the path,
so a repeat visit is answered 304 without rendering, and rendered pages are kept with
the version they were rendered under, so a change invalidates them all at once. A
cached answer costs one cache round trip: the version and the page are read together.
Without a shared cache the version would differ between processes, so ETags come from
the rendered content (ConditionalGetMiddleware) instead. Signed-in users always get a
fresh page.
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


def public_page(view=None, *, negotiated=False):
    """Serve `view` with conditional GET and the page cache for anonymous GET requests.

    A `negotiated` view (the API) picks its format from the Accept header, so the header
    is part of the cache key. Requests that carry credentials are never cached.
    """
    if view is None:
        return functools.partial(public_page, negotiated=negotiated)
    varies = ["Cookie", "Authorization", *(["Accept"] if negotiated else [])]

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not getattr(settings, "PAGE_CACHE", False)
            or request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or "Authorization" in request.headers
        ):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, varies)
            return response
        variant = request.headers.get("Accept", "") if negotiated else ""
        page = f"{request.get_full_path()}\n{variant}"
        key = "newsroom:page:" + hashlib.sha256(page.encode()).hexdigest()[:32]
        # One round trip for both: the page is good only if saved under today's version.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        etag = quote_etag(hashlib.sha256(f"{version}\n{page}".encode()).hexdigest()[:32])
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _finish(HttpResponseNotModified(), etag, varies)
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _, content, content_type = cached
            return _finish(HttpResponse(content, content_type=content_type), etag, varies)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            entry = (version, response.content, response["Content-Type"])
            cache.set(key, entry, PAGE_TIMEOUT)
            return _finish(response, etag, varies)
        patch_vary_headers(response, varies)
        return response

    return wrapper


def _finish(response, etag, varies):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, varies)
    return response
