"""Every write of the webhooks: subscriptions, a message per event and subscription, and its
delivery through the core outbox with retries on the WEBHOOK_RETRY_SCHEDULE."""

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.outbox import Outbox
from core.services import check_editable

from . import delivery, signing
from .models import (
    EVENT_TYPES,
    WebhookDelivery,
    WebhookSubscription,
    new_secret,
    new_webhook_id,
)
from .selectors import SUBSCRIBED_CACHE_KEY, subscribed_event_types

logger = logging.getLogger(__name__)

PAYLOAD_VERSION = 1
SUBSCRIPTION_FIELDS = ("url", "description", "event_types", "is_active")


def _outbox() -> Outbox:
    return Outbox(
        model=WebhookDelivery,
        pending=WebhookDelivery.Status.PENDING,
        claimed=WebhookDelivery.Status.SENDING,
        failed=WebhookDelivery.Status.FAILED,
        due_field="next_attempt_at",
        max_attempts=len(settings.WEBHOOK_RETRY_SCHEDULE) + 1,
    )


def _subscriptions_changed() -> None:
    transaction.on_commit(lambda: cache.delete(SUBSCRIBED_CACHE_KEY))


def _check_event_types(event_types: Any) -> None:
    if (
        not isinstance(event_types, list)
        or not event_types
        or not set(event_types) <= set(EVENT_TYPES)
    ):
        raise ValidationError(
            {"event_types": _("Choose one or more of: %s.") % ", ".join(EVENT_TYPES)}
        )


def _save(subscription: WebhookSubscription) -> WebhookSubscription:
    _check_event_types(subscription.event_types)
    subscription.event_types = sorted(set(subscription.event_types))
    subscription.full_clean()
    subscription.save()
    _subscriptions_changed()
    return subscription


@transaction.atomic
def subscription_create(
    *, owner, url: str, event_types: list[str], description: str = "", is_active: bool = True
) -> WebhookSubscription:
    """Subscribes `url` to events; its secret is made here."""
    return _save(
        WebhookSubscription(
            owner=owner,
            url=url,
            event_types=event_types,
            description=description,
            is_active=is_active,
            paused_at=None if is_active else timezone.now(),
        )
    )


@transaction.atomic
def subscription_update(
    *, subscription: WebhookSubscription, data: dict[str, Any]
) -> WebhookSubscription:
    """Changes a subscription; turned active again, its failure count starts over."""
    # As stored: a model form has already copied its fields onto the instance.
    was_active = WebhookSubscription.objects.filter(pk=subscription.pk, is_active=True).exists()
    check_editable(data, SUBSCRIPTION_FIELDS)
    for field, value in data.items():
        setattr(subscription, field, value)
    if subscription.is_active and not was_active:
        subscription.paused_at = None
        subscription.consecutive_failures = 0
    elif was_active and not subscription.is_active:
        subscription.paused_at = timezone.now()
    _save(subscription)
    if subscription.is_active and not was_active:
        _nudge()
    return subscription


def subscription_pause(*, subscription: WebhookSubscription) -> WebhookSubscription:
    return subscription_update(subscription=subscription, data={"is_active": False})


def subscription_resume(*, subscription: WebhookSubscription) -> WebhookSubscription:
    return subscription_update(subscription=subscription, data={"is_active": True})


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription) -> None:
    subscription.delete()
    _subscriptions_changed()


@transaction.atomic
def subscription_rotate_secret(
    *, subscription: WebhookSubscription, now: datetime | None = None
) -> WebhookSubscription:
    """Gives the subscription a new secret; messages are signed with the former one too
    until WEBHOOK_SECRET_OVERLAP has passed, so the receiver can switch in that time."""
    now = now or timezone.now()
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = now + settings.WEBHOOK_SECRET_OVERLAP
    subscription.secret = new_secret()
    subscription.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    return subscription


def payload_body(*, event_type: str, data: dict[str, Any], now: datetime) -> str:
    """The message's JSON, written once: every attempt sends these exact bytes."""
    return json.dumps(
        {
            "type": event_type,
            "version": PAYLOAD_VERSION,
            "timestamp": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "data": data,
        },
        separators=(",", ":"),
    )


def deliveries_create(*, event_type: str, data: dict[str, Any]) -> int:
    """One message for each active subscription to `event_type`, sent after the commit;
    returns how many. Called in the announcing service's transaction."""
    if event_type not in subscribed_event_types():
        return 0
    subscriptions = list(
        WebhookSubscription.objects.filter(
            is_active=True, event_types__contains=[event_type]
        ).values_list("pk", flat=True)
    )
    now = timezone.now()
    body = payload_body(event_type=event_type, data=data, now=now)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription_id=pk,
            event_type=event_type,
            webhook_id=new_webhook_id(),
            body=body,
            next_attempt_at=now,
        )
        for pk in subscriptions
    )
    if subscriptions:
        _nudge()
    return len(subscriptions)


def _send_nudge() -> None:
    from core.tasks import webhooks_deliver_task

    webhooks_deliver_task.apply_async(retry=False)


def _nudge() -> None:
    """Asks a worker to deliver after the commit; best effort, beat delivers within a minute
    otherwise."""
    transaction.on_commit(_send_nudge, robust=True)


@transaction.atomic
def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Sends a message again, with its id and body, as a new series of attempts."""
    WebhookDelivery.objects.filter(pk=delivery.pk).exclude(
        status=WebhookDelivery.Status.SENDING
    ).update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        error="",
    )
    _nudge()
    delivery.refresh_from_db()
    return delivery


def _secrets(subscription: WebhookSubscription, now: datetime) -> list[str]:
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires and expires > now:
        return [subscription.secret, subscription.previous_secret]
    return [subscription.secret]


def _failed(*, outbox: Outbox, row: WebhookDelivery, outcome: delivery.Outcome) -> None:
    now = timezone.now()
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    attempts = row.attempts
    last = attempts > len(schedule)
    outbox.mark(
        pk=row.pk,
        changes={
            "status": WebhookDelivery.Status.FAILED if last else WebhookDelivery.Status.PENDING,
            "next_attempt_at": None if last else now + timedelta(seconds=schedule[attempts - 1]),
            "status_code": outcome.status_code,
            "duration_ms": outcome.duration_ms,
            "error": outcome.error or f"HTTP {outcome.status_code}",
        },
    )
    subscriptions = WebhookSubscription.objects.filter(pk=row.subscription_id)
    subscriptions.update(consecutive_failures=F("consecutive_failures") + 1)
    with transaction.atomic():
        paused = subscriptions.filter(
            is_active=True, consecutive_failures__gte=settings.WEBHOOK_PAUSE_AFTER_FAILURES
        ).update(is_active=False, paused_at=now)
        if paused:
            _subscriptions_changed()
            events.announce("webhook.paused", subscription_id=row.subscription_id)


def deliveries_send_due(*, limit: int = 100, now: datetime | None = None) -> int:
    """Sends the messages due to active subscriptions, one POST each; returns how many were
    accepted (a 2xx answer)."""
    now = now or timezone.now()
    outbox = _outbox()
    outbox.recover(now=now)
    due = outbox.due(now=now).filter(subscription__is_active=True)
    ids = outbox.claim_due(queryset=due, now=now, limit=limit)
    delivered = 0
    rows = WebhookDelivery.objects.filter(pk__in=ids).select_related("subscription")
    for row in rows.order_by("next_attempt_at", "pk"):
        attempt_at = timezone.now()
        outcome = delivery.post(
            url=row.subscription.url,
            body=row.body,
            headers=signing.headers(
                secrets=_secrets(row.subscription, attempt_at),
                webhook_id=row.webhook_id,
                timestamp=int(attempt_at.timestamp()),
                body=row.body,
            ),
        )
        if not outcome.ok:
            logger.info("webhook %s: attempt %s failed", row.webhook_id, row.attempts)
            _failed(outbox=outbox, row=row, outcome=outcome)
            continue
        delivered += outbox.mark(
            pk=row.pk,
            changes={
                "status": WebhookDelivery.Status.DELIVERED,
                "status_code": outcome.status_code,
                "duration_ms": outcome.duration_ms,
                "error": "",
                "delivered_at": timezone.now(),
            },
        )
        WebhookSubscription.objects.filter(pk=row.subscription_id).exclude(
            consecutive_failures=0
        ).update(consecutive_failures=0)
    return delivered
