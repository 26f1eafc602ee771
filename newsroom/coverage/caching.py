"""Conditional GET and a rendered-page cache for anonymous readers, invalidated on change.

Every save or delete of coverage content bumps one content version. With a shared
cache (PAGE_CACHE on: Redis), pages carry an ETag made of that version and the path,
so a repeat visit is answered 304 without rendering, and rendered pages are kept with
the version they were rendered under, so a change invalidates them all at once.

A cache hit should cost little more than a constant answer, so each process also keeps
the pages it served lately in memory, and trusts its copy of the version for
VERSION_TTL seconds (NEWSROOM_VERSION_TTL; 0 asks Redis every time): a change made in
one process reaches the others' readers within that time, and its own at once.
PageCacheMiddleware answers hits before the session, CSRF and authentication
middleware run. Each page is also kept gzipped, compressed once when rendered, for
the readers whose browsers accept it; its ETag is weak, as both encodings are the
same page. Without a shared cache the version would differ between processes, so
ETags come from the rendered content (ConditionalGetMiddleware) instead. Signed-in
users always get a fresh page.
"""

import functools
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag

VERSION_KEY = "newsroom:content-version"
PAGE_TIMEOUT = 300  # seconds; bounds staleness from time alone (a scheduled story's hour)
LOCAL_BYTES = 32 * 1024 * 1024  # pages kept in each process's memory, at most
ENTRY_FIELDS = 5  # version, content, content type, varies, gzipped content
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class _Local:
    """This process's copy of the version and its recently served pages (an LRU)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version: str | None = None
        self.checked = 0.0
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.size = 0

    def get(self, key: str, version: str):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry[0] != version:
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            self.size += _bytes(entry) - (_bytes(old) if old else 0)
            self.pages[key] = entry
            while self.size > LOCAL_BYTES and self.pages:
                _, dropped = self.pages.popitem(last=False)
                self.size -= _bytes(dropped)


def _bytes(entry: tuple) -> int:
    return len(entry[1]) + len(entry[4])


_local = _Local()


def forget_local() -> None:
    """Drop this process's copies (for tests that clear the shared cache)."""
    _local.__init__()


def content_version() -> str:
    """Return the content version, from this process's copy while it is fresh."""
    ttl = getattr(settings, "NEWSROOM_VERSION_TTL", 0)
    now = time.monotonic()
    if ttl and _local.version is not None and now - _local.checked < ttl:
        return _local.version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    _local.version, _local.checked = version, now
    return version


def bump_content_version(**kwargs) -> None:
    """Invalidate every cached page and ETag (connected to coverage models' signals)."""
    version = str(time.time_ns())
    cache.set(VERSION_KEY, version, None)
    _local.version, _local.checked = version, time.monotonic()


def _page(request, variant: str) -> tuple[str, str]:
    """Return (what identifies the page, its cache key) for `request` and `variant`."""
    page = f"{request.get_full_path()}\n{variant}"
    return page, "newsroom:page:" + hashlib.sha256(page.encode()).hexdigest()[:32]


def _etag(version: str, page: str) -> str:
    return "W/" + quote_etag(hashlib.sha256(f"{version}\n{page}".encode()).hexdigest()[:32])


def anonymous_reader(request) -> bool:
    """Tell whether the request carries no signed-in user and no API credentials."""
    return not request.user.is_authenticated and "Authorization" not in request.headers


def _may_be_cached(request) -> bool:
    return getattr(settings, "PAGE_CACHE", False) and request.method in ("GET", "HEAD")


def _lookup(keys: list[str], version: str) -> tuple[str, tuple] | None:
    """Return (key, entry) of the first of `keys` cached under `version`, or None."""
    for key in keys:
        if entry := _local.get(key, version):
            return key, entry
    found = cache.get_many(keys)
    for key in keys:
        entry = found.get(key)
        if entry is not None and entry[0] == version and len(entry) == ENTRY_FIELDS:
            _local.put(key, entry)
            return key, entry
    return None


def _entry(version: str, response, varies) -> tuple:
    """Return what the caches keep of a rendered page, compressed once for all readers."""
    content = response.content
    squeezed = gzip.compress(content, compresslevel=6, mtime=0)
    return (version, content, response["Content-Type"], varies, squeezed)


def _answer(request, entry: tuple, etag: str, varies) -> HttpResponse:
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return _finish(HttpResponseNotModified(), etag, varies)
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(entry[4], content_type=entry[2])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(entry[1], content_type=entry[2])
    # The stored page carries no secret (readers' pages have no CSRF token), so
    # compressing it does not expose one to BREACH-style guessing.
    return _finish(response, etag, (*varies, "Accept-Encoding"))


def public_page(view=None, *, negotiated=False):
    """Serve `view` with conditional GET and the page cache for anonymous GET requests.

    A `negotiated` view (the API) picks its format from the Accept header, so the header
    is part of the cache key. Requests that carry credentials are never cached.
    """
    if view is None:
        return functools.partial(public_page, negotiated=negotiated)
    varies = ("Cookie", "Authorization", *(["Accept"] if negotiated else []))

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (_may_be_cached(request) and anonymous_reader(request)):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, varies)
            return response
        page, key = _page(request, request.headers.get("Accept", "") if negotiated else "")
        version = content_version()
        etag = _etag(version, page)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _finish(HttpResponseNotModified(), etag, varies)
        if hit := _lookup([key], version):
            return _answer(request, hit[1], etag, varies)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            entry = _entry(version, response, varies)
            cache.set(key, entry, PAGE_TIMEOUT)
            _local.put(key, entry)
            return _answer(request, entry, etag, varies)
        patch_vary_headers(response, varies)
        return response

    wrapper.page_cached = True  # lets PageCacheMiddleware look for it in the cache
    return wrapper


def _cached_view(request) -> bool:
    """Tell whether the request goes to a view wrapped by `public_page`."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    viewset = getattr(view, "cls", None)  # DRF: public_page decorates dispatch
    return getattr(view, "page_cached", False) or (
        viewset is not None and getattr(viewset.dispatch, "page_cached", False)
    )


class PageCacheMiddleware:
    """Answer a cached page before the session, CSRF and authentication middleware run.

    Only for requests without a session cookie or credentials, which can only be
    anonymous; the rest reach the view, where `public_page` decides. Placed after the
    security middleware, so cached answers carry the same security headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not _may_be_cached(request)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "Authorization" in request.headers
            or not _cached_view(request)
        ):
            return self.get_response(request)
        # The view may or may not vary by Accept: its entry says which it was.
        pages = dict([_page(request, ""), _page(request, request.headers.get("Accept", ""))])
        version = content_version()
        hit = _lookup(list(pages.values()), version)
        if hit is None:
            return self.get_response(request)
        key, entry = hit
        page = next(p for p, k in pages.items() if k == key)
        response = _answer(request, entry, _etag(version, page), entry[3])
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


def _finish(response, etag, varies):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, varies)
    return response
