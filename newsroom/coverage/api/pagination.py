import functools

from rest_framework.pagination import PageNumberPagination

from newsroom.coverage.counting import CachedCountPaginator, count_key


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # DRF builds the paginator itself: hand it the list's identity for the count.
        self.django_paginator_class = functools.partial(
            CachedCountPaginator, list_key=count_key(request, self.page_query_param)
        )
        return super().paginate_queryset(queryset, request, view)
