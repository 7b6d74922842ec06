"""Every write of the notifications: telling users, marking read, preferences, and the
e-mails (now, or in one digest a day) sent through the core outbox."""

import logging
import zoneinfo
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.outbox import Outbox
from core.selectors import organisation_current

from .kinds import Notice, kind_title
from .models import (
    Delivery,
    Digest,
    DigestSchedule,
    EmailStatus,
    Notification,
    NotificationPreference,
)

logger = logging.getLogger(__name__)

NOTIFICATION_OUTBOX = Outbox(
    model=Notification,
    pending=EmailStatus.PENDING,
    claimed=EmailStatus.CLAIMED,
    failed=EmailStatus.FAILED,
    status_field="email_status",
    due_field="email_after",
)
DIGEST_OUTBOX = Outbox(
    model=Digest,
    pending=EmailStatus.PENDING,
    claimed=EmailStatus.CLAIMED,
    failed=EmailStatus.FAILED,
)

_EMAIL_STATUS = {
    Delivery.IMMEDIATELY: EmailStatus.PENDING,
    Delivery.DIGEST: EmailStatus.DIGEST,
    Delivery.OFF: EmailStatus.NONE,
}


@transaction.atomic
def notify(*, kind: str, recipient_ids: Iterable[int], key: str, params=None, url: str = "") -> int:
    """Tells each active recipient once per `key` (a second call with the same key is a
    no-op) and queues the e-mail their preference asks for; returns how many were told."""
    from core.models import User

    ids = {pk for pk in recipient_ids if pk is not None}
    if not ids:
        return 0
    recipients = dict(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", "email"))
    already = set(
        Notification.objects.filter(recipient_id__in=recipients, key=key[:80]).values_list(
            "recipient_id", flat=True
        )
    )
    recipients = {pk: email for pk, email in recipients.items() if pk not in already}
    if not recipients:
        return 0
    preferences = dict(
        NotificationPreference.objects.filter(user_id__in=recipients, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    now = timezone.now()
    rows = []
    for user_id, email in sorted(recipients.items()):
        status = _EMAIL_STATUS[preferences.get(user_id, Delivery.IMMEDIATELY)]
        if not email:
            status = EmailStatus.NONE
        rows.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                key=key[:80],
                params=params or {},
                url=url,
                email_status=status,
                email_after=now if status == EmailStatus.PENDING else None,
            )
        )
    # A concurrent run telling the same user about the same step loses to the constraint.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notify_notices(*, kind: str, notices: Iterable[Notice]) -> int:
    return sum(
        notify(
            kind=kind,
            recipient_ids=notice.recipient_ids,
            key=notice.key,
            params=notice.params,
            url=notice.url,
        )
        for notice in notices
    )


def notification_mark_read(*, notification: Notification) -> bool:
    """Marks one notification read; False when it already was."""
    return bool(
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_update(
    *, user, deliveries: dict[str, str], hour: int | None = None, time_zone: str | None = None
) -> None:
    """Sets how each kind reaches `user` and, if given, when their digest goes out."""
    for kind, delivery in deliveries.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": Delivery(delivery)}
        )
    if hour is not None or time_zone is not None:
        schedule, _created = DigestSchedule.objects.get_or_create(user=user)
        if hour is not None:
            schedule.hour = hour
        if time_zone is not None:
            zoneinfo.ZoneInfo(time_zone)  # an unknown zone raises here
            schedule.time_zone = time_zone
        schedule.full_clean()
        schedule.save()


# E-mail


def _message(*, user, subject: str, template: str, context: dict) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                **context,
                "user": user,
                "site_url": settings.PARCOURS_BASE_URL.rstrip("/"),
                "organisation": organisation_current(),
            },
        )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def _send(message: EmailMessage) -> None:
    mailers.default.send_messages([message])


def notifications_email_due(*, limit: int = 200, now: datetime | None = None) -> int:
    """Sends the e-mails of the notifications due now, one each; returns how many went."""
    now = now or timezone.now()
    outbox = NOTIFICATION_OUTBOX
    outbox.recover(now=now)
    ids = outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=limit)
    sent = 0
    for row in Notification.objects.filter(pk__in=ids).select_related("recipient"):
        with translation.override(settings.LANGUAGE_CODE):
            title = kind_title(row.kind, row.params)
        try:
            _send(
                _message(
                    user=row.recipient,
                    subject=f"[Parcours] {title}",
                    template="core/notifications/email.txt",
                    context={"notifications": [row], "title": title},
                )
            )
        except Exception:  # the mail server refused or is away: tried again later
            logger.exception("notification %s: e-mail not sent", row.pk)
            outbox.retry_later(row=row, now=timezone.now(), changes={})
            continue
        sent += outbox.mark(pk=row.pk, changes={"email_status": EmailStatus.SENT})
    return sent


def _local_now(schedule: DigestSchedule | None, now: datetime) -> datetime:
    zone = zoneinfo.ZoneInfo(schedule.time_zone if schedule else settings.TIME_ZONE)
    return now.astimezone(zone)


def digests_prepare(*, now: datetime | None = None) -> int:
    """Opens today's digest of each user whose digest hour has come in their time zone and
    who has notifications waiting for it, once a day (the unique user and day); returns how
    many were opened."""
    now = now or timezone.now()
    waiting = set(
        Notification.objects.filter(
            email_status=EmailStatus.DIGEST, digest__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    schedules = {s.user_id: s for s in DigestSchedule.objects.filter(user_id__in=waiting)}
    opened = 0
    for user_id in sorted(waiting):
        schedule = schedules.get(user_id)
        local = _local_now(schedule, now)
        if local.hour < (schedule.hour if schedule else 8):
            continue
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(
                user_id=user_id, day=local.date(), defaults={"send_after": now}
            )
            if created:
                Notification.objects.filter(
                    recipient_id=user_id, email_status=EmailStatus.DIGEST, digest__isnull=True
                ).update(digest=digest)
                opened += 1
    return opened


def digests_send_due(*, limit: int = 100, now: datetime | None = None) -> int:
    """Sends the digests due, one e-mail each listing everything waiting for it."""
    now = now or timezone.now()
    outbox = DIGEST_OUTBOX
    outbox.recover(now=now)
    ids = outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=limit)
    sent = 0
    for digest in Digest.objects.filter(pk__in=ids).select_related("user"):
        notifications = list(digest.notifications.order_by("created_at", "pk"))
        with translation.override(settings.LANGUAGE_CODE):
            titles = [kind_title(row.kind, row.params) for row in notifications]
            subject = "[Parcours] " + str(
                translation.ngettext(
                    "%(count)d notification today", "%(count)d notifications today", len(titles)
                )
                % {"count": len(titles)}
            )
        try:
            _send(
                _message(
                    user=digest.user,
                    subject=subject,
                    template="core/notifications/digest.txt",
                    context={"items": list(zip(titles, notifications, strict=True))},
                )
            )
        except Exception:
            logger.exception("digest %s: e-mail not sent", digest.pk)
            outbox.retry_later(row=digest, now=timezone.now(), changes={})
            continue
        if outbox.mark(pk=digest.pk, changes={"status": EmailStatus.SENT, "sent_at": now}):
            Notification.objects.filter(digest=digest).update(email_status=EmailStatus.DIGESTED)
            sent += 1
    return sent


def notifications_deliver(*, now: datetime | None = None) -> None:
    """What beat runs every minute: the immediate e-mails, then today's digests."""
    notifications_email_due(now=now)
    digests_prepare(now=now)
    digests_send_due(now=now)


# Keeps old read notifications from growing without end.
READ_KEPT = timedelta(days=180)


def notifications_prune(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _rows = Notification.objects.filter(read_at__lt=now - READ_KEPT).delete()
    return deleted
