"""Partners' webhooks, for administrators: who is told what, every delivery and attempt,
and paused endpoints to resume. Partners register and read their own through the API."""

from django.contrib import admin, messages

from newsroom.coverage.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from newsroom.coverage.syndication import webhooks


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "events_told", "failures", "paused_at", "created_at"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    list_select_related = ["owner"]
    search_fields = ["url", "owner__username", "description"]
    readonly_fields = ["owner", "created_at", "failures", "paused_at", "paused_reason"]
    fields = ["url", "description", "events", *readonly_fields]
    actions = ["resume"]

    def has_add_permission(self, request):
        return False  # a partner registers through the API, and is given the secret there

    @admin.display(description="Events")
    def events_told(self, subscription):
        return ", ".join(subscription.events) or "every event"

    @admin.action(description="Resume the selected paused endpoints")
    def resume(self, request, queryset):
        paused = queryset.filter(paused_at__isnull=False)
        waiting = sum(webhooks.resume(subscription) for subscription in paused)
        self.message_user(
            request,
            f"Resumed {len(paused)} endpoint(s); {waiting} delivery(ies) are being sent again.",
            messages.SUCCESS,
        )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["number", "at", "status_code", "error", "duration_ms", "succeeded"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "item_uri", "subscription", "state", "attempts", "created_at"]
    list_filter = ["state", "event"]
    list_select_related = ["subscription"]
    search_fields = ["item_uri", "subscription__url"]
    inlines = [AttemptInline]
    readonly_fields = [
        "message_id",
        "subscription",
        "event",
        "item_uri",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "body",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
