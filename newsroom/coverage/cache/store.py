"""Where kept things live: the shared cache (Redis) and each process's memory.

Each process keeps an LRU of what it served lately, so a hit costs little more than a
constant answer; the shared cache lets every process use what one rendered. Either
copy is used only while `versions.fresh` says nothing it shows changed.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache

from newsroom.coverage.cache import versions

# Kept things are made stale by their keys; this only lets Redis reclaim what nobody reads.
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class Kept:
    """Something rendered once, with what it shows and when its rendering began."""

    keys: frozenset[str]
    made_at: int  # the sequence's number before it was rendered
    value: object
    size: int


class LocalCopies:
    """This process's recently used kept things, up to `limit` bytes (an LRU)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.lock = threading.Lock()
        self.items: OrderedDict[str, Kept] = OrderedDict()
        self.size = 0

    def get(self, key: str) -> Kept | None:
        with self.lock:
            kept = self.items.get(key)
            if kept is not None:
                self.items.move_to_end(key)
            return kept

    def put(self, key: str, kept: Kept) -> None:
        with self.lock:
            old = self.items.pop(key, None)
            self.size += kept.size - (old.size if old else 0)
            self.items[key] = kept
            while self.size > self.limit and self.items:
                _, dropped = self.items.popitem(last=False)
                self.size -= dropped.size


def cache_key(prefix: str, name: str) -> str:
    """Return the shared cache's key for the kept thing called `name`."""
    return prefix + hashlib.sha256(name.encode()).hexdigest()[:32]


def recall(keys: list[str], local: LocalCopies) -> tuple[str, Kept] | None:
    """Return (key, kept) of the first of `keys` kept and still fresh, or None."""
    for key in keys:
        kept = local.get(key)
        if kept is not None and versions.fresh(kept.keys, kept.made_at):
            return key, kept
    found = cache.get_many(keys)
    for key in keys:
        kept = found.get(key)
        if isinstance(kept, Kept) and versions.fresh(kept.keys, kept.made_at):
            local.put(key, kept)
            return key, kept
    return None


def keep(key: str, kept: Kept, local: LocalCopies) -> bool:
    """Keep `kept` under `key` if nothing it shows changed while it was rendered."""
    if not versions.settle(kept.keys, kept.made_at):
        return False
    cache.set(key, kept, KEEP_SECONDS)
    local.put(key, kept)
    return True
