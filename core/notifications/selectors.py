"""Reads of the notifications: a user's inbox, their unread count and their preferences."""

from django.db.models import QuerySet

from .kinds import kinds_known
from .models import Delivery, DigestSchedule, Notification, NotificationPreference


def inbox(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first (the inbox index)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_of(*, user, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient=user, pk=pk).first()


def preferences_of(*, user) -> tuple[dict[str, str], DigestSchedule]:
    """How each known kind reaches the user (immediately unless they chose), and when their
    digest goes out (an unsaved default schedule until they chose)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    deliveries = {
        kind.name: chosen.get(kind.name, Delivery.IMMEDIATELY.value) for kind in kinds_known()
    }
    schedule = DigestSchedule.objects.filter(user=user).first() or DigestSchedule(user=user)
    return deliveries, schedule
