"""Webhooks for API clients: register an endpoint, read every delivery and attempt,
resume a paused one. A client sees and changes only its own."""

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from newsroom.coverage.api.serializers import ConstraintsChecked
from newsroom.coverage.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from newsroom.coverage.syndication import webhooks


class WebhookSubscriptionSerializer(ConstraintsChecked):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        required=False,
        max_length=len(WebhookEvent.choices),
        help_text="The events to deliver; empty or left out for every event.",
    )
    secret = serializers.SerializerMethodField(
        help_text="The signing secret (`whsec_…`), given once: in the answer that "
        "registers the endpoint. Check each delivery's `webhook-signature` with it."
    )
    paused = serializers.SerializerMethodField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:webhook-detail")
    deliveries_url = serializers.HyperlinkedIdentityField(view_name="api:webhook-deliveries")

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "events",
            "secret",
            "created_at",
            "paused",
            "paused_at",
            "paused_reason",
            "failures",
            "api_url",
            "deliveries_url",
        ]
        read_only_fields = ["created_at", "paused_at", "paused_reason", "failures"]

    def get_secret(self, subscription) -> str | None:
        return (self.context.get("reveal_secret") and subscription.secret) or None

    def get_paused(self, subscription) -> bool:
        return subscription.paused_at is not None

    def validate_url(self, url: str) -> str:
        try:
            webhooks.check_address(url)
        except webhooks.Refused as refused:
            raise serializers.ValidationError(str(refused)) from None
        return url

    def validate_events(self, events: list[str]) -> list[str]:
        return sorted(set(events))


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "at", "status_code", "error", "duration_ms", "succeeded"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "message_id",
            "event",
            "item_uri",
            "created_at",
            "state",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "attempt_log",
        ]


class WebhookViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Your webhooks: on a story's publication, correction or withdrawal (the kill
    notice) and a transcript's publication, revision or withdrawal, each endpoint gets
    a signed POST (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
    `webhook-signature`) whose body is `{"type", "timestamp", "data"}`, `data` being
    the item's ninjs document. Failed deliveries are tried again, each wait twice the
    one before; an endpoint whose attempts keep failing is paused and its deliveries
    kept until you resume it."""

    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = "[0-9]{1,18}"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return WebhookSubscription.objects.filter(owner=self.request.user).order_by(
            "created_at", "pk"
        )

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user, secret=webhooks.new_secret())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        shown = self.get_serializer(serializer.instance, context=self._revealing())
        # A plain str: DRF's Hyperlink is a str subclass WSGI servers may refuse (wsgiref does).
        location = str(shown.data["api_url"])
        return Response(shown.data, status=201, headers={"Location": location})

    def _revealing(self):
        return {**self.get_serializer_context(), "reveal_secret": True}

    @extend_schema(request=None, responses=WebhookSubscriptionSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Resume a paused endpoint: its waiting deliveries are sent again, oldest first."""
        subscription = self.get_object()
        with transaction.atomic():
            webhooks.resume(subscription)
        return Response(self.get_serializer(subscription).data)

    @extend_schema(responses=WebhookDeliverySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """Every delivery to this endpoint, newest first, each with its attempts: when,
        what the endpoint answered, how long it took."""
        subscription = self.get_object()
        rows = WebhookDelivery.objects.filter(subscription=subscription).prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
        )
        page = self.paginate_queryset(rows.order_by("-created_at", "-pk"))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
