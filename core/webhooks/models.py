"""Outbound webhooks: who is told which events at which URL, and each message's delivery."""

import base64
import json
import secrets
import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The events a subscription may choose, with what each one tells.
EVENT_TYPES = {
    "response.created": _("A survey response was stored"),
    "case.opened": _("A complaint case was opened"),
    "case.escalated": _("A complaint case was escalated"),
    "case.resolved": _("A complaint case was resolved"),
    "sla.breached": _("An SLA measurement breached its objective"),
    "register.entry_reviewed": _("The DPO reviewed a register entry"),
    "journey.changed": _("A journey was created, changed or deleted"),
    "interview.validated": _("A stakeholder interview was validated"),
}
EVENT_TYPE_CHOICES = list(EVENT_TYPES.items())

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: the prefix and 24 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def new_webhook_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookSubscription(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("owner"),
    )
    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("event types"), default=list)
    secret = models.CharField(_("secret"), max_length=80, default=new_secret, editable=False)
    # While rotating, messages carry a second signature made with the former secret.
    previous_secret = models.CharField(max_length=80, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["url", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One message to one subscription: the same id and the same body on every attempt, so
    that receivers can tell a retry from a new message."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to send")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event_type = models.CharField(_("event type"), max_length=40, choices=EVENT_TYPE_CHOICES)
    webhook_id = models.CharField(_("webhook id"), max_length=40, unique=True)
    # The exact bytes sent, kept as text: a JSON column would not keep the key order. Ids
    # and states only: a few hundred bytes.
    body = models.TextField(_("body"), max_length=65_536)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="core_webhook_pending_due",
            )
        ]

    def __str__(self):
        return self.webhook_id

    @property
    def payload_data(self) -> dict:
        return json.loads(self.body)
