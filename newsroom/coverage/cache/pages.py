"""Whole pages for anonymous readers, kept until what they show changes.

`public_page` wraps the site's pages, feeds, sitemaps and API reads. For an anonymous
GET or HEAD it gathers the keys of what the view shows (collecting.py), sends them to
the layer in front (headers.py), and, with PAGE_CACHE, keeps the 200 answer that sets
no cookie: compressed once, with an ETag, so a repeat visit is answered 304 and a hit
never renders. `PageCacheMiddleware` answers hits before the session, CSRF and
authentication middleware run.
"""

import functools
import gzip
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag

from newsroom.coverage.cache import headers, versions
from newsroom.coverage.cache.collecting import collecting
from newsroom.coverage.cache.readers import (
    anonymous_reader,
    may_answer_from_cache,
    surely_anonymous,
)
from newsroom.coverage.cache.store import Kept, LocalCopies, cache_key, keep, recall

LOCAL_BYTES = 32 * 1024 * 1024  # pages kept in each process's memory, at most
# Part of every page key: entries of an older layout are never read back.
PAGE_KEY_PREFIX = "newsroom:page:3:"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A rendered page as the caches keep it, compressed once for every reader."""

    content: bytes
    content_type: str
    varies: tuple[str, ...]  # the Vary headers of the view that rendered it
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, response, *, page: str, made_at: int, varies: tuple[str, ...]) -> "CachedPage":
        content = response.content
        tag = hashlib.sha256(f"{made_at}\n{page}".encode()).hexdigest()[:32]
        return cls(
            content=content,
            content_type=response["Content-Type"],
            varies=varies,
            gzipped=gzip.compress(content, compresslevel=6, mtime=0),
            etag="W/" + quote_etag(tag),  # weak: the same page is sent plain or gzipped
        )

    @property
    def size(self) -> int:
        return len(self.content) + len(self.gzipped)


_local = LocalCopies(LOCAL_BYTES)


def forget_local() -> None:
    """Drop this process's copies (for tests that clear the shared cache)."""
    _local.__init__(LOCAL_BYTES)


def _page(request, variant: str) -> tuple[str, str]:
    """Return (what identifies the page, its cache key) for `request` and `variant`."""
    page = f"{request.get_full_path()}\n{variant}"
    return page, cache_key(PAGE_KEY_PREFIX, page)


def _answer(request, kept: Kept) -> HttpResponse:
    page: CachedPage = kept.value
    if page.etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    elif ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page.gzipped, content_type=page.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.content, content_type=page.content_type)
    # The stored page carries no secret (readers' pages have no CSRF token), so
    # compressing it does not expose one to BREACH-style guessing.
    response["ETag"] = page.etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, (*page.varies, "Accept-Encoding"))
    headers.name_keys(response, kept.keys)
    return response


def public_page(view=None, *, negotiated=False, lists=()):
    """Serve `view` to anonymous readers with its keys, and from the page cache.

    `lists` names the public lists the view shows beyond what its rows say (a page of
    the latest stories shows `stories`). A `negotiated` view (the API) picks its format
    from the Accept header, so the header is part of the cache key. Requests that
    carry credentials are never cached.
    """
    if view is None:
        return functools.partial(public_page, negotiated=negotiated, lists=lists)
    varies = ("Cookie", "Authorization", *(["Accept"] if negotiated else []))

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not anonymous_reader(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, varies)
            return response
        cacheable = may_answer_from_cache(request)
        page, key = _page(request, request.headers.get("Accept", "") if negotiated else "")
        if cacheable and (hit := recall([key], _local)):
            return _answer(request, hit[1])
        made_at = versions.current() if cacheable else None
        with collecting() as keys:
            keys.update(lists)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()  # DRF and template responses render lazily
        patch_vary_headers(response, varies)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if made_at is not None:
            rendered = CachedPage.of(response, page=page, made_at=made_at, varies=varies)
            kept = Kept(frozenset(keys), made_at, rendered, rendered.size)
            if keep(key, kept, _local):
                return _answer(request, kept)
        headers.name_keys(response, keys)
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
        if not (
            may_answer_from_cache(request) and surely_anonymous(request) and _cached_view(request)
        ):
            return self.get_response(request)
        # The view may or may not vary by Accept: its cached page says which it was.
        keys = [_page(request, "")[1], _page(request, request.headers.get("Accept", ""))[1]]
        hit = recall(list(dict.fromkeys(keys)), _local)
        if hit is None:
            return self.get_response(request)
        response = _answer(request, hit[1])
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
