"""After a complaint: the recovery survey (how the customer rates its handling) and the
promoters' follow-up e-mail inviting a public review. Both are one-off e-mails to a
respondent, sent through the core outbox as the invitations are."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .cases import Case
from .surveys import Language, Respondent, Response


class CustomerEmailStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    ANSWERED = "answered", _("answered")
    SUPPRESSED = "suppressed", _("suppressed")
    FAILED = "failed", _("failed")


class CustomerEmail(models.Model):
    """A one-off e-mail to a respondent, as an outbox row (core/outbox.py)."""

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CustomerEmailStatus,
        default=CustomerEmailStatus.SCHEDULED,
        db_index=True,
    )
    send_after = models.DateTimeField(_("send after"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The error's class and SMTP code only, never the server's text (it quotes the address).
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class RecoverySurvey(CustomerEmail):
    """One short survey after a case is resolved: how well was the complaint handled (1-5)?
    One per case, whatever the times it is resolved; exempt from the fatigue window."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="recovery_survey", verbose_name=_("case")
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.CASCADE,
        related_name="recovery_surveys",
        verbose_name=_("respondent"),
    )
    expires_at = models.DateTimeField(_("expires at"))
    # Signed into the link with the id, as an invitation's nonce.
    nonce = models.CharField(_("nonce"), max_length=32, editable=False)
    score = models.PositiveSmallIntegerField(_("satisfaction with the handling"), null=True)
    comment = models.TextField(
        _("comment"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-send_after", "-id"]
        verbose_name = _("recovery survey")
        verbose_name_plural = _("recovery surveys")
        indexes = [models.Index(fields=["status", "send_after"], name="feedback_recovery_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="feedback_recovery_score_range",
            )
        ]

    def __str__(self):
        return f"{self.case_id} → {self.respondent_id}"


class PromoterFollowUp(CustomerEmail):
    """The e-mail inviting a promoter (NPS 9-10) to a public review, once per response."""

    response = models.OneToOneField(
        Response,
        on_delete=models.CASCADE,
        related_name="promoter_follow_up",
        verbose_name=_("response"),
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.CASCADE,
        related_name="promoter_follow_ups",
        verbose_name=_("respondent"),
    )

    class Meta:
        ordering = ["-send_after", "-id"]
        verbose_name = _("promoter follow-up")
        verbose_name_plural = _("promoter follow-ups")
        indexes = [models.Index(fields=["status", "send_after"], name="feedback_promoter_due")]

    def __str__(self):
        return f"{self.response_id} → {self.respondent_id}"
