"""The project's URLs plus a constant-string view: the fastest a Django process answers."""

from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("_bench/ceiling/", ceiling),
    path("", include("newsroom.urls")),
]
