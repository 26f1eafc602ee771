"""Root URL map: the public site, the admin."""

from django.contrib import admin
from django.urls import include, path

from newsroom.coverage.views.health import healthz

handler404 = "newsroom.errors.not_found"
handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsroom.coverage.api.urls")),
    path("", include("newsroom.coverage.urls")),
]
