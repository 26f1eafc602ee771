"""Root URL map: the public site, the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsroom.coverage.api.urls")),
    path("", include("newsroom.coverage.urls")),
]
