"""Paginators whose total count is kept until the list changes.

Counting a public list means reading every row of it: half a second for two hundred
thousand citations. With a shared cache (SHARED_CACHE) an anonymous list's count is
kept under the list's address and the list key of what it counts (`stories` for a list
of stories), and made stale by the same changes as the pages that show it.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsroom.coverage.cache import versions
from newsroom.coverage.cache.collecting import shows
from newsroom.coverage.cache.keys import EVERYTHING, list_of
from newsroom.coverage.cache.readers import anonymous_reader
from newsroom.coverage.cache.store import Kept, LocalCopies, cache_key, keep, recall

COUNT_KEY_PREFIX = "newsroom:count:2:"
_local = LocalCopies(4 * 1024 * 1024)


def forget_local() -> None:
    """Drop this process's copies (for tests that clear the shared cache)."""
    _local.__init__(4 * 1024 * 1024)


def count_key(request, page_parameter: str = "page") -> str | None:
    """Return what identifies the list `request` asks for, or None if it is private."""
    if not anonymous_reader(request):
        return None
    params = request.GET.copy()
    params.pop(page_parameter, None)
    return f"{request.path}?{params.urlencode()}"


class CachedCountPaginator(Paginator):
    def __init__(self, object_list, *args, list_key: str | None = None, keys=None, **kwargs):
        super().__init__(object_list, *args, **kwargs)
        self.list_key = list_key
        if keys is None:
            model = getattr(object_list, "model", None)
            keys = [list_of(model)] if model is not None and list_of(model) else []
        self.keys = frozenset({EVERYTHING, *keys})
        shows(*self.keys)  # the page shows this list

    @cached_property
    def count(self):
        if (
            self.list_key is None
            or not getattr(settings, "SHARED_CACHE", False)
            # a list (search results) is counted as it is
            or not isinstance(self.object_list, QuerySet)
        ):
            return super().count
        key = cache_key(COUNT_KEY_PREFIX, self.list_key)
        if hit := recall([key], _local):
            return hit[1].value
        made_at = versions.current()
        found = super().count
        if made_at is not None:
            keep(key, Kept(self.keys, made_at, found, 64), _local)
        return found
