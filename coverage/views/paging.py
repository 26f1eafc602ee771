from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """Return the requested page; a page number that is not a number, or out of range,
    gives the first or last page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
