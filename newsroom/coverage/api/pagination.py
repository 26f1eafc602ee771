import functools

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from newsroom.coverage.cache.counting import CachedCountPaginator, count_key


class Pagination(PageNumberPagination):
    """Pages of 20, `page_size` up to 100; a page size that is not a number is refused."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # the schema says a page is a number: "last" is not one

    def paginate_queryset(self, queryset, request, view=None):
        self.check_page(request)
        # DRF builds the paginator itself: hand it the list's identity for the count.
        self.django_paginator_class = functools.partial(
            CachedCountPaginator, list_key=count_key(request, self.page_query_param)
        )
        return super().paginate_queryset(queryset, request, view)

    def check_page(self, request) -> None:
        pages = request.query_params.getlist(self.page_query_param)
        if pages and (len(pages) > 1 or not pages[0].isascii() or not pages[0].isdigit()):
            raise ValidationError({self.page_query_param: ["Give one page number."]})

    def get_page_size(self, request):
        """Refuse (400) a page size that is not one whole number of at least 1.

        DRF would fall back to the default silently, so a client's typo went unnoticed;
        above the maximum the maximum is used, as the schema says.
        """
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if len(values) > 1 or not values[0].isascii() or not values[0].isdigit():
            raise ValidationError({self.page_size_query_param: ["Give one whole number."]})
        if int(values[0]) < 1:
            raise ValidationError({self.page_size_query_param: ["Give at least 1."]})
        return min(int(values[0]), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Number of results per page, {self.page_size} unless given; "
                    f"at most {self.max_page_size} are returned."
                )
        return parameters


class ResultsPagination(Pagination):
    """Pages of a list already in hand (search results): counted as it is, never kept."""

    def paginate_queryset(self, queryset, request, view=None):
        self.check_page(request)
        return PageNumberPagination.paginate_queryset(self, queryset, request, view)
