"""The owner hears that their subscription was paused after repeated failures."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.notifications import Kind, Notice

from .models import WebhookSubscription


def webhook_paused(*, subscription_id: int) -> list[Notice]:
    subscription = (
        WebhookSubscription.objects.filter(pk=subscription_id).values("pk", "owner_id").first()
    )
    if subscription is None:
        return []
    return [
        Notice(
            recipient_ids=[subscription["owner_id"]],
            # Each pause tells again: the owner may have resumed it since the last one.
            key=f"webhook.paused:{subscription_id}:{int(timezone.now().timestamp())}",
            params={"subscription": subscription_id},
            url=reverse("core:webhook_detail", args=[subscription_id]),
        )
    ]


KINDS = [
    Kind(
        name="webhook.paused",
        label=_("A webhook subscription was paused"),
        title=_("Webhook %(subscription)s paused after repeated failures"),
        notices=webhook_paused,
    )
]
