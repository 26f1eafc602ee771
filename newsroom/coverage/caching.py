"""The cache's rules: conditional GET and rendered pages for anonymous readers.

This module is the one place that says what is cached, for whom and for how long.

- **Who.** Only anonymous readers: a request with no signed-in user and no API
  credentials (`anonymous_reader`). Signed-in staff and API clients with a token
  always get a fresh answer, as they may see drafts.
- **What.** GET and HEAD answers of the views wrapped by `public_page` (site pages,
  feeds, sitemaps, API reads), and only 200 answers that set no cookie. The API's
  answers vary by `Accept`, which is then part of the key. List counts are kept under
  the same rules (`counting.py`).
- **Invalidation.** Every save or delete of coverage content bumps one content
  version (signals connected in `apps.py`). A page is stored with the version it was
  rendered under and served only under that version, so a change invalidates every
  page at once. ETags are made of the version and the page, weak because the same
  page is sent plain or gzipped, so a repeat visit is answered 304 without rendering.
- **Time.** Entries live PAGE_TIMEOUT seconds in the shared cache: a scheduled story
  becomes public by the clock, with no save to bump the version.
- **Where.** Redis, shared by every app process (PAGE_CACHE, on with REDIS_URL), and
  each process's memory: an LRU of up to LOCAL_BYTES of pages it served lately, so a
  hit costs little more than a constant answer. Each process trusts its copy of the
  version for VERSION_TTL seconds (NEWSROOM_VERSION_TTL; 0 asks Redis every time): a
  change made in one process reaches the others' readers within that time, its own
  at once. Without a shared cache the version would differ between processes, so
  nothing is stored and ETags come from the rendered content
  (ConditionalGetMiddleware) instead.
- **How early.** `PageCacheMiddleware` answers hits before the session, CSRF and
  authentication middleware run, for requests without a session cookie or
  credentials; everything else reaches the view, where `public_page` decides.
- **Redis down.** The backend ignores its errors (django-redis, IGNORE_EXCEPTIONS):
  reads miss, writes are dropped, pages are rendered, and the error is logged to
  "newsroom.cache" once a minute.
"""

import functools
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag

VERSION_KEY = "newsroom:content-version"
PAGE_TIMEOUT = 300  # seconds; bounds staleness from time alone (a scheduled story's hour)
LOCAL_BYTES = 32 * 1024 * 1024  # pages kept in each process's memory, at most
# Part of every page key: entries of an older layout are never read back.
PAGE_KEY_PREFIX = "newsroom:page:2:"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A rendered page as the caches keep it, compressed once for every reader."""

    version: str  # the content version it was rendered under
    content: bytes
    content_type: str
    varies: tuple[str, ...]  # the Vary headers of the view that rendered it
    gzipped: bytes

    @classmethod
    def of(cls, response, *, version: str, varies: tuple[str, ...]) -> "CachedPage":
        content = response.content
        return cls(
            version=version,
            content=content,
            content_type=response["Content-Type"],
            varies=varies,
            gzipped=gzip.compress(content, compresslevel=6, mtime=0),
        )

    @property
    def size(self) -> int:
        return len(self.content) + len(self.gzipped)


class LocalCopies:
    """This process's copy of the version and its recently served pages (an LRU).

    What it keeps has a `version` and a `size` in bytes: pages, and rendered fragments
    (fragments.py), each in their own.
    """

    def __init__(self, limit: int = LOCAL_BYTES):
        self.limit = limit
        self.lock = threading.Lock()
        self.version: str | None = None
        self.checked = 0.0
        self.pages: OrderedDict[str, CachedPage] = OrderedDict()
        self.size = 0

    def get(self, key: str, version: str) -> CachedPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None or page.version != version:
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            self.size += page.size - (old.size if old else 0)
            self.pages[key] = page
            while self.size > self.limit and self.pages:
                _, dropped = self.pages.popitem(last=False)
                self.size -= dropped.size


_local = LocalCopies()


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
    return page, PAGE_KEY_PREFIX + hashlib.sha256(page.encode()).hexdigest()[:32]


def _etag(version: str, page: str) -> str:
    return "W/" + quote_etag(hashlib.sha256(f"{version}\n{page}".encode()).hexdigest()[:32])


def anonymous_reader(request) -> bool:
    """Tell whether the request carries no signed-in user and no API credentials."""
    return not request.user.is_authenticated and "Authorization" not in request.headers


def _may_be_cached(request) -> bool:
    return getattr(settings, "PAGE_CACHE", False) and request.method in ("GET", "HEAD")


def _lookup(keys: list[str], version: str) -> tuple[str, CachedPage] | None:
    """Return (key, page) of the first of `keys` cached under `version`, or None."""
    for key in keys:
        if page := _local.get(key, version):
            return key, page
    found = cache.get_many(keys)
    for key in keys:
        page = found.get(key)
        if isinstance(page, CachedPage) and page.version == version:
            _local.put(key, page)
            return key, page
    return None


def _answer(request, page: CachedPage, etag: str, varies) -> HttpResponse:
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return _finish(HttpResponseNotModified(), etag, varies)
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page.gzipped, content_type=page.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.content, content_type=page.content_type)
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
            _, cached = hit
            return _answer(request, cached, etag, varies)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            rendered = CachedPage.of(response, version=version, varies=varies)
            cache.set(key, rendered, PAGE_TIMEOUT)
            _local.put(key, rendered)
            return _answer(request, rendered, etag, varies)
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
        # The view may or may not vary by Accept: its cached page says which it was.
        pages = dict([_page(request, ""), _page(request, request.headers.get("Accept", ""))])
        version = content_version()
        hit = _lookup(list(pages.values()), version)
        if hit is None:
            return self.get_response(request)
        key, cached = hit
        page = next(p for p, k in pages.items() if k == key)
        response = _answer(request, cached, _etag(version, page), cached.varies)
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


def _finish(response, etag, varies):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, varies)
    return response
