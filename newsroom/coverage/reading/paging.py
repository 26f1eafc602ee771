from newsroom.coverage.cache.counting import CachedCountPaginator, count_key

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE, keys=None):
    """Return the requested page; a page number that is not a number, or out of range,
    gives the first or last page instead of an error.

    `keys` name the list for the cache (a person's passages); by default, the whole
    public list of the queryset's model."""
    paginator = CachedCountPaginator(queryset, per_page, list_key=count_key(request), keys=keys)
    return paginator.get_page(request.GET.get("page"))
