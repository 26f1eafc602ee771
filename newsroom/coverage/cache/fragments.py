"""Rendered fragments kept until what they show changes: a story's text, a transcript's turns.

What takes a page its time is turning rows into HTML: anchoring a story's citations in
its text, numbering its notes, rendering a thousand transcript paragraphs. That work
depends only on coverage content, so it is done once and kept, as newsrooms render a
story when it is published rather than when it is read (warming.py renders it again
right after a change, so the first reader does not wait for it).

A fragment is a few named strings of HTML (and JSON-LD) that a view's render function
made from the database, escaped at render time by the template (a story) or by
`escape` (a transcript's turns). It holds nothing that depends on who asks: what may be
seen is decided by the view before it asks for the fragment (a draft's fragment is only
ever asked for by staff, who may open the draft). It is kept with the keys of what it
shows, and its page inherits them, also when it comes from the cache. Fragments are
kept only where every process shares the versions (SHARED_CACHE, on with REDIS_URL);
otherwise each request renders its own.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from newsroom.coverage.cache import versions
from newsroom.coverage.cache.collecting import collecting, shows
from newsroom.coverage.cache.store import Kept, LocalCopies, cache_key, keep, recall

FRAGMENT_BYTES = 64 * 1024 * 1024  # fragments kept in each process's memory, at most
# Part of every fragment key: entries of an older layout are never read back.
FRAGMENT_KEY_PREFIX = "newsroom:fragment:2:"
ORIGINS_KEY = "newsroom:fragment:origins"
MAX_ORIGINS = 4

_local = LocalCopies(FRAGMENT_BYTES)


def forget_local() -> None:
    """Drop this process's copies (for tests that clear the shared cache)."""
    _local.__init__(FRAGMENT_BYTES)


def _key(kind: str, pk: int, origin: str) -> str:
    return cache_key(FRAGMENT_KEY_PREFIX, f"{kind}\n{pk}\n{origin}")


def kept(
    kind: str, pk: int, request, render: Callable[[], dict[str, str]], *, again: bool = False
) -> dict[str, SafeString]:
    """Return the parts `render` makes for object `pk` of `kind`, rendered once per change.

    `render` must escape everything a document or a user wrote. The site's address is
    part of the key, as fragments may hold absolute URLs (JSON-LD). `again` renders and
    keeps it even when a fresh copy is kept (warming after a change).
    """
    if not getattr(settings, "SHARED_CACHE", False):
        return _safe(render())
    origin = request.build_absolute_uri("/")
    key = _key(kind, pk, origin)
    if not again and (hit := recall([key], _local)):
        shows(*hit[1].keys)
        return _safe(hit[1].value)
    made_at = versions.current()
    with collecting() as keys:
        keys.add(f"{kind}:{pk}")  # `kind` is the key prefix of what it renders
        parts = render()
    if made_at is not None and keep(
        key, Kept(frozenset(keys), made_at, parts, sum(map(len, parts.values()))), _local
    ):
        _remember(origin)
    return _safe(parts)


def origins() -> list[str]:
    """Return the site addresses fragments were lately rendered for (warming renders for each)."""
    return list(cache.get(ORIGINS_KEY) or ())


def _remember(origin: str) -> None:
    known = origins()
    if origin not in known:
        cache.set(ORIGINS_KEY, tuple([origin, *known][:MAX_ORIGINS]), None)


def _safe(parts: dict[str, str]) -> dict[str, SafeString]:
    # The render functions escaped what documents and editors wrote.
    return {name: mark_safe(part) for name, part in parts.items()}
