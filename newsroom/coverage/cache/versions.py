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

Each process keeps copies of the versions it has read, and follows the changes: every
change also writes which keys it touched under its number (the change log), and at
most every NEWSROOM_VERSION_TTL seconds (0: on every request) a process reads the
sequence and the log entries since it last looked, and updates the copies of those keys
only. So a busy desk costs each process one or two reads a second, not one a request,
and a change made in one process reaches the others' readers within that time, its own
at once. A process that finds a gap in the log (an entry evicted, or more changes than
it follows at once) drops every copy and reads them again.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache

from newsroom.coverage.cache.keys import EVERYTHING

SEQUENCE = "newsroom:cache:sequence"
VERSION_PREFIX = "newsroom:cache:key:"
LOG_PREFIX = "newsroom:cache:change:"
LOG_SECONDS = 3600  # a process that looked away longer starts again from scratch
FOLLOW_AT_MOST = 500  # log entries read at once; beyond, every copy is dropped


class KnownVersions:
    """This process's copies of key versions, and how far it followed the change log."""

    def __init__(self):
        self.lock = threading.Lock()
        self.versions: dict[str, int] = {}
        self.followed: int | None = None  # the sequence's number when it last looked
        self.looked = float("-inf")

    def take(self, found: dict[str, int]) -> None:
        with self.lock:
            for key, version in found.items():
                if version > self.versions.get(key, version - 1):
                    self.versions[key] = version


_known = KnownVersions()
_missed = threading.Event()  # a change could not be marked: mark everything when possible


def missed() -> bool:
    """Tell whether a change could not be marked since the shared cache last answered."""
    return _missed.is_set()


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


def _follow() -> None:
    """Bring this process's copies up to date with the changes made since it last looked."""
    now = time.monotonic()
    if now - _known.looked < getattr(settings, "NEWSROOM_VERSION_TTL", 0):
        return
    _known.looked = now
    number, seen = cache.get(SEQUENCE), _known.followed
    if number is None or seen is None or not 0 <= number - seen <= FOLLOW_AT_MOST:
        with _known.lock:
            _known.versions.clear()
        _known.followed = number
        return
    if number == seen:
        return
    # From the entry last seen on: one written late, after it was looked at, is not missed.
    numbers = range(seen, number + 1)
    entries = cache.get_many([LOG_PREFIX + str(n) for n in numbers])
    if any(LOG_PREFIX + str(n) not in entries for n in numbers[1:]):
        with _known.lock:
            _known.versions.clear()  # a gap: what it held cannot be told
    else:
        changed = {}
        for n in numbers:
            for key in entries.get(LOG_PREFIX + str(n), ()):
                changed[key] = n
        _known.take(changed)
    _known.followed = number


def versions(keys) -> dict[str, int]:
    """Return the version of each of `keys` that has one."""
    _follow()
    with _known.lock:
        known = {key: _known.versions[key] for key in keys if key in _known.versions}
    if len(known) < len(keys):
        missing = [key for key in keys if key not in known]
        found = cache.get_many([VERSION_PREFIX + key for key in missing])
        read = {
            key: found[VERSION_PREFIX + key] for key in missing if VERSION_PREFIX + key in found
        }
        _known.take(read)
        known |= read
    return known


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
    cache.set(LOG_PREFIX + str(number), tuple(keys), LOG_SECONDS)
    _known.take(dict.fromkeys(keys, number))
    return number
