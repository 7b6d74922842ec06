"""Reads of the webhooks: the subscriptions a user may manage and their delivery logs."""

from django.core.cache import cache
from django.db.models import QuerySet

from .models import WebhookDelivery, WebhookSubscription

SUBSCRIBED_CACHE_KEY = "core.webhooks.subscribed"
SUBSCRIBED_CACHE_SECONDS = 300


def subscriptions_visible() -> QuerySet[WebhookSubscription]:
    """Every subscription, with its owner: those who manage webhooks manage them all."""
    return WebhookSubscription.objects.select_related("owner")


def deliveries_of(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).defer("body")


def subscribed_event_types() -> frozenset[str]:
    """The event types some active subscription wants, kept in the shared cache: an event
    nobody subscribed to costs no query (every service that announces one stays as cheap)."""
    types = cache.get(SUBSCRIBED_CACHE_KEY)
    if types is None:
        types = frozenset(
            event_type
            for event_types in WebhookSubscription.objects.filter(is_active=True).values_list(
                "event_types", flat=True
            )
            for event_type in event_types
        )
        cache.set(SUBSCRIBED_CACHE_KEY, types, SUBSCRIBED_CACHE_SECONDS)
    return types
