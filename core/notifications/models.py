"""What a user is told: the inbox, how each kind reaches them, and the daily digest."""

import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_time_zone() -> str:
    return settings.TIME_ZONE


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Delivery(models.TextChoices):
    """How a kind of notification is e-mailed; the inbox always shows it."""

    IMMEDIATELY = "immediately", _("e-mail immediately")
    DIGEST = "digest", _("in the daily digest")
    OFF = "off", _("inbox only")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    CLAIMED = "claimed", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    DIGEST = "digest", _("waiting for the digest")
    DIGESTED = "digested", _("sent in a digest")
    NONE = "none", _("not e-mailed")


class Notification(models.Model):
    """One thing a user is told about, in their inbox and, as they chose, by e-mail.

    Its text is the kind's title filled with `params` when shown, in the reader's language;
    `params` never carry what a respondent typed (case numbers and stage names only)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # The same step of the same object tells a user once ("case.overdue:42").
    key = models.CharField(_("key"), max_length=80)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus, default=EmailStatus.NONE
    )
    email_after = models.DateTimeField(_("e-mail after"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    digest = models.ForeignKey(
        "core.Digest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("digest"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="core_notification_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="core_notif_inbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="core_notif_unread",
            ),
            models.Index(
                fields=["email_after"],
                condition=models.Q(email_status="pending"),
                name="core_notif_email_due",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def title(self) -> str:
        from .kinds import kind_title

        return kind_title(self.kind, self.params)


class NotificationPreference(models.Model):
    """How one user wants one kind e-mailed; without a row, immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(
        _("delivery"), max_length=12, choices=Delivery, default=Delivery.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_preference_once_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"


class DigestSchedule(models.Model):
    """When a user's daily digest goes out: an hour of the day in their time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_schedule",
        verbose_name=_("user"),
    )
    hour = models.PositiveSmallIntegerField(
        _("digest hour"), default=8, validators=[MaxValueValidator(23)]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default=default_time_zone
    )

    class Meta:
        verbose_name = _("digest schedule")
        verbose_name_plural = _("digest schedules")
        constraints = [
            models.CheckConstraint(condition=models.Q(hour__lte=23), name="core_digest_hour")
        ]

    def __str__(self):
        return f"{self.user_id} {self.hour}h {self.time_zone}"


class Digest(models.Model):
    """One user's e-mail of one day: the notifications waiting for it, sent once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=_("user"),
    )
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus, default=EmailStatus.PENDING
    )
    send_after = models.DateTimeField(_("send after"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="core_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.user_id} {self.day}"
