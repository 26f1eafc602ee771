from newsroom.coverage.counting import CachedCountPaginator, count_key

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """Return the requested page; a page number that is not a number, or out of range,
    gives the first or last page instead of an error."""
    paginator = CachedCountPaginator(queryset, per_page, list_key=count_key(request))
    return paginator.get_page(request.GET.get("page"))
