"""Root URL map: the public site, the admin."""

from django.contrib import admin
from django.urls import include, path

handler404 = "newsroom.errors.not_found"
handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsroom.coverage.api.urls")),
    path("", include("newsroom.coverage.urls")),
]
