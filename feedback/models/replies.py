"""Replies written to the customer on a complaint case, e-mailed through the outbox."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .cases import Case
from .surveys import Language


class CaseReply(models.Model):
    """A reply to the customer of a case, in their language: a plain-text e-mail holding the
    words as written, sent once through the outbox (services.replies). Without an address
    that may be written to, it is kept on the case, not sent, and says why."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to send")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        NO_ADDRESS = "no_address", _("not sent: no e-mail address")
        SUPPRESSED = "suppressed", _("not sent: the customer unsubscribed or was erased")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="replies", verbose_name=_("case")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    text = models.TextField(
        _("reply"), max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    send_after = models.DateTimeField(_("send after"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reply to the customer")
        verbose_name_plural = _("replies to the customer")
        indexes = [models.Index(fields=["status", "send_after"], name="feedback_reply_due")]

    def __str__(self):
        return f"{self.case_id}: {self.text[:40]}"
