"""Rendered fragments kept until content changes: a story's text and notes, a transcript's turns.

What takes a page its time is turning rows into HTML: anchoring a story's citations in
its text, numbering its notes, rendering a thousand transcript paragraphs. That work
depends only on coverage content, so it is done once and kept, as newsrooms render a
story when it is published rather than when it is read:

- **What.** A fragment is a few named strings of HTML (and JSON-LD) that a view's
  `render` function made from the database, escaped at render time by the template
  (a story) or by `escape` (a transcript's turns, `transcript_html.py`). It holds
  nothing that depends on who asks: what may be seen is decided by the view before it
  asks for the fragment (a draft's fragment is only ever asked for by staff, who may
  open the draft).
- **Invalidation.** Under the content version of the page cache (caching.py): every
  save or delete of coverage content makes every fragment stale. A fragment also
  expires after PAGE_TIMEOUT seconds, as pages do, because time alone makes a
  scheduled transcript public.
- **Where.** The shared cache and each process's memory (an LRU of FRAGMENT_BYTES),
  only where every process shares the content version (SHARED_CACHE, on with
  REDIS_URL); otherwise each request renders its fragment.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from newsroom.coverage.caching import PAGE_TIMEOUT, LocalCopies, content_version

FRAGMENT_BYTES = 64 * 1024 * 1024  # fragments kept in each process's memory, at most
# Part of every fragment key: entries of an older layout are never read back.
FRAGMENT_KEY_PREFIX = "newsroom:fragment:1:"


@dataclass(frozen=True, slots=True)
class Fragment:
    version: str  # the content version it was rendered under
    expires: float  # time.time() after which it is rendered again
    parts: dict[str, str]

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts.values())


_local = LocalCopies(FRAGMENT_BYTES)


def forget_local() -> None:
    """Drop this process's copies (for tests that clear the shared cache)."""
    _local.__init__(FRAGMENT_BYTES)


def kept(
    kind: str, pk: int, request, render: Callable[[], dict[str, str]]
) -> dict[str, SafeString]:
    """Return the parts `render` makes for object `pk` of `kind`, rendered once per version.

    `render` must escape everything a document or a user wrote. The site's address is
    part of the key, as fragments may hold absolute URLs (JSON-LD).
    """
    if not getattr(settings, "SHARED_CACHE", False):
        return _safe(render())
    # The version is read before rendering: a change made meanwhile leaves this
    # fragment under the older version, where it is never served.
    version = content_version()
    name = f"{kind}\n{pk}\n{request.build_absolute_uri('/')}"
    key = FRAGMENT_KEY_PREFIX + hashlib.sha256(name.encode()).hexdigest()[:32]
    now = time.time()
    fragment = _local.get(key, version)
    if fragment is None or fragment.expires <= now:
        fragment = cache.get(key)
        if not (
            isinstance(fragment, Fragment)
            and fragment.version == version
            and fragment.expires > now
        ):
            fragment = Fragment(version, now + PAGE_TIMEOUT, render())
            cache.set(key, fragment, PAGE_TIMEOUT)
        _local.put(key, fragment)
    return _safe(fragment.parts)


def _safe(parts: dict[str, str]) -> dict[str, SafeString]:
    # The render functions escaped what documents and editors wrote.
    return {name: mark_safe(part) for name, part in parts.items()}
