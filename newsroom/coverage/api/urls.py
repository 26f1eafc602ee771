from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from newsroom.coverage.api import search, views, webhooks

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("transcripts", views.TranscriptViewSet, basename="transcript")
router.register("segments", views.SegmentViewSet, basename="segment")
router.register("citations", views.CitationViewSet, basename="citation")
router.register("people", views.PersonViewSet, basename="person")
router.register("events", views.EventViewSet, basename="event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("places", views.PlaceViewSet, basename="place")
router.register("jobs", views.BackgroundJobViewSet, basename="job")
router.register("webhooks", webhooks.WebhookViewSet, basename="webhook")

urlpatterns = [
    # The schema and docs are not throttled with the data: a busy client can still read
    # what the API is.
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", throttle_classes=[]),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", throttle_classes=[]),
        name="redoc",
    ),
    path("search/", search.SearchView.as_view(), name="search"),
    *router.urls,
]
