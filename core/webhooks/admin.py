from django.contrib import admin

from .models import WebhookDelivery, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """The secret is neither listed nor shown here: the subscription's page shows it to
    those who manage webhooks."""

    list_display = ("url", "owner", "is_active", "consecutive_failures", "updated_at")
    list_filter = ("is_active",)
    list_select_related = ("owner",)
    search_fields = ("url", "description")
    readonly_fields = ("paused_at", "consecutive_failures", "previous_secret_expires_at")
    autocomplete_fields = ("owner",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "webhook_id",
        "subscription",
        "event_type",
        "status",
        "attempts",
        "status_code",
        "duration_ms",
        "created_at",
    )
    list_filter = ("status", "event_type")
    list_select_related = ("subscription",)
    search_fields = ("webhook_id",)
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
