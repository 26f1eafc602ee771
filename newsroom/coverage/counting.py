"""Paginators whose total count is kept in the shared cache until content changes.

Counting a public list means reading every row of it: half a second for two hundred
thousand citations. The count only changes when content does, so with a shared cache
(SHARED_CACHE) an anonymous list's count is kept under the content version and the
list's address, like rendered pages, and for no longer (time moves scheduled rows).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsroom.coverage.caching import PAGE_TIMEOUT, anonymous_reader, content_version


def count_key(request, page_parameter: str = "page") -> str | None:
    """Return what identifies the list `request` asks for, or None if it is private."""
    if not anonymous_reader(request):
        return None
    params = request.GET.copy()
    params.pop(page_parameter, None)
    return f"{request.path}?{params.urlencode()}"


class CachedCountPaginator(Paginator):
    def __init__(self, *args, list_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_key = list_key

    @cached_property
    def count(self):
        if (
            self.list_key is None
            or not getattr(settings, "SHARED_CACHE", False)
            or not isinstance(
                self.object_list, QuerySet
            )  # a list (search results) is counted as it is
        ):
            return super().count
        digest = hashlib.sha256(f"{content_version()}\n{self.list_key}".encode()).hexdigest()
        key = f"newsroom:count:{digest[:32]}"
        found = cache.get(key)
        if found is None:
            found = super().count
            cache.set(key, found, PAGE_TIMEOUT)
        return found
