"""Gather the keys of what a page, fragment or count shows while it is rendered.

Every content row a view loads names itself (`record_loaded`, connected to the models'
post_init in apps.py), so a page's keys follow what it actually shows, not a list kept
by hand. A view adds what rows cannot say: the lists it shows (`shows("stories")`) and
keys of rows it reads as plain values. Gathering nests: a fragment's keys are also its
page's, including when the fragment comes from the cache.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from newsroom.coverage.cache.keys import EVERYTHING, shown_by

_gathering: ContextVar[set[str] | None] = ContextVar("newsroom_cache_keys", default=None)


@contextmanager
def collecting():
    """Gather, into the set yielded, the keys of what is rendered inside the block."""
    outer = _gathering.get()
    keys = {EVERYTHING}
    token = _gathering.set(keys)
    try:
        yield keys
    finally:
        _gathering.reset(token)
        if outer is not None:
            outer |= keys


def shows(*keys: str) -> None:
    """Say that what is being rendered shows `keys`."""
    gathered = _gathering.get()
    if gathered is not None:
        gathered.update(key for key in keys if key)


def record_loaded(sender, instance, **kwargs) -> None:
    """Add the keys of a row loaded while something is rendered (post_init)."""
    gathered = _gathering.get()
    if gathered is not None:
        gathered.update(shown_by(instance))
