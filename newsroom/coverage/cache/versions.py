"""When each key last changed, as numbers of one sequence in the shared cache.

A change takes the next number of the sequence and writes it as the version of every
key it touches. Whatever is kept records the number the sequence had *before* it was
rendered: it is fresh while none of its keys has a higher version, that is, while
nothing it shows changed after its rendering began. Reading the number first closes
the race where a change commits while a page is being rendered from the older rows.

The sequence starts from the clock (microseconds), so it never goes back to a number
already handed out if the shared cache loses it. A key with no version yet (never
changed, or evicted) is given the sequence's current number when something is kept
under it: whatever was kept before is then stale, never wrongly fresh.

Each process trusts its copy of a key's version for NEWSROOM_VERSION_TTL seconds (0 asks
Redis every time), and for longer while the sequence has not moved (nothing changed, so a
quiet site asks Redis once a second, not once a request): a change made in one process
reaches the others' readers within that time, its own at once.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache

from newsroom.coverage.cache.keys import EVERYTHING

SEQUENCE = "newsroom:cache:sequence"
VERSION_PREFIX = "newsroom:cache:key:"


class KnownVersions:
    """This process's copies: key versions, each with when it was read and the sequence's
    number then, and the sequence's number with when it was read."""

    def __init__(self):
        self.lock = threading.Lock()
        self.versions: dict[str, tuple[int, float, int | None]] = {}
        self.sequence: int | None = None
        self.sequence_read = float("-inf")

    def fresh(self, keys, now: float, ttl: float, sequence) -> tuple[dict[str, int], list[str]]:
        """Split `keys` into the versions trusted still and the keys to read again.

        A copy is trusted while it is younger than `ttl`, or while the sequence has not
        moved since it was read: then nothing has changed at all.
        """
        known, stale = {}, []
        with self.lock:
            for key in keys:
                found = self.versions.get(key)
                if found is not None and (
                    now - found[1] < ttl or (sequence is not None and found[2] == sequence)
                ):
                    known[key] = found[0]
                else:
                    stale.append(key)
        return known, stale

    def remember(self, versions: dict[str, int], now: float, sequence) -> None:
        with self.lock:
            for key, version in versions.items():
                self.versions[key] = (version, now, sequence)


_known = KnownVersions()
_missed = threading.Event()  # a change could not be marked: mark everything when possible


def forget_local() -> None:
    """Drop this process's copies (for tests that clear the shared cache)."""
    _known.__init__()


def current() -> int | None:
    """Return the sequence's number now, or None if the shared cache cannot be reached."""
    number = cache.get(SEQUENCE)
    if number is None:
        cache.add(SEQUENCE, time.time_ns() // 1000, None)
        number = cache.get(SEQUENCE)
    if number is not None and _missed.is_set():
        # A change this process made while the cache was unreachable could not mark
        # its keys stale: now that it answers, everything kept is.
        _missed.clear()
        number = bump([EVERYTHING])
    return number


def versions(keys) -> dict[str, int]:
    """Return the version of each of `keys` that has one."""
    now = time.monotonic()
    ttl = getattr(settings, "NEWSROOM_VERSION_TTL", 0)
    sequence = _sequence(now, ttl)
    known, stale = _known.fresh(keys, now, ttl, sequence)
    if stale:
        found = cache.get_many([VERSION_PREFIX + key for key in stale])
        read = {key: found[VERSION_PREFIX + key] for key in stale if VERSION_PREFIX + key in found}
        _known.remember(read, now, sequence)
        known |= read
    return known


def _sequence(now: float, ttl: float) -> int | None:
    """Return this process's copy of the sequence's number, read again when older than `ttl`."""
    if now - _known.sequence_read >= ttl:
        _known.sequence, _known.sequence_read = cache.get(SEQUENCE), now
    return _known.sequence


def fresh(keys, made_at: int) -> bool:
    """Tell whether nothing named by `keys` changed since the sequence stood at `made_at`."""
    if _missed.is_set():
        current()  # marks everything stale, if the cache answers again
    found = versions(keys)
    return len(found) == len(keys) and all(found[key] <= made_at for key in keys)


def settle(keys, made_at: int) -> bool:
    """Give versions to `keys` that have none, and tell whether what was rendered from
    `made_at` is fresh (nothing it shows changed while it was rendered)."""
    found = versions(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        now = current()
        if now is None:
            return False
        for key in missing:
            cache.add(VERSION_PREFIX + key, now, None)
        found |= versions(missing)
    return len(found) == len(keys) and all(found[key] <= made_at for key in keys)


def bump(keys) -> int | None:
    """Make everything kept under any of `keys` stale; return the new version."""
    keys = list(keys)
    if not keys:
        return None
    try:
        number = cache.incr(SEQUENCE)
    except ValueError:  # no sequence yet: start it
        cache.add(SEQUENCE, time.time_ns() // 1000, None)
        try:
            number = cache.incr(SEQUENCE)
        except ValueError:  # the cache does not keep what it is given
            number = None
    if number is None:  # the shared cache is unreachable (its errors are ignored)
        _missed.set()
        return None
    cache.set_many({VERSION_PREFIX + key: number for key in keys}, None)
    # Moved again once the versions are written: a process that read the number in
    # between, and the versions before they were written, sees the sequence move on.
    after = cache.incr(SEQUENCE) or number
    now = time.monotonic()
    _known.remember(dict.fromkeys(keys, number), now, after)
    _known.sequence, _known.sequence_read = after, now
    return number
