from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .stakeholders import KPI, Incentive, Involvement, Stakeholder


class Interview(models.Model):
    """A structured conversation with one stakeholder; `answers` holds the form's sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        VALIDATED = "validated", _("validated")
        SENT_BACK = "sent_back", _("sent back")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("stakeholder"),
    )
    journey = models.ForeignKey(
        "journeys.Journey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("journey"),
        help_text=_("The journey whose stages the interview goes through."),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("interviewer"),
    )
    scheduled_at = models.DateTimeField(_("scheduled at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    ease_of_satisfying = models.PositiveSmallIntegerField(
        _("ease of satisfying the customer"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("From 1 (very hard) to 5 (very easy)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True, editable=False)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="validated_interviews",
        verbose_name=_("validated by"),
    )

    class Meta:
        ordering = ["-scheduled_at", "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ease_of_satisfying__gte=1, ease_of_satisfying__lte=5),
                name="stakeholders_interview_ease_range",
                violation_error_message=_("The ease of satisfying the customer runs from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} — {self.scheduled_at:%Y-%m-%d}"

    @property
    def is_answerable(self) -> bool:
        """Whether the interviewer may still change the answers: a draft, or an interview the
        CX manager sent back."""
        return self.status in (self.Status.DRAFT, self.Status.SENT_BACK)


class InterviewSendBack(models.Model):
    """A CX manager sending a submitted interview back to its interviewer, with why: the log
    the interview page shows."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="send_backs", verbose_name=_("interview")
    )
    comment = models.TextField(
        _("comment"), max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent back by"),
    )
    sent_at = models.DateTimeField(_("sent back at"), auto_now_add=True)

    class Meta:
        ordering = ["interview", "-sent_at", "-id"]
        verbose_name = _("interview sent back")
        verbose_name_plural = _("interviews sent back")

    def __str__(self):
        return f"{self.interview} — {self.sent_at:%Y-%m-%d}"


class InterviewOutcome(models.Model):
    """What a validated interview created; the unique key makes validating twice a no-op."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("interview")
    )
    key = models.CharField(_("key"), max_length=100)
    observation = models.ForeignKey(
        "journeys.Observation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("observation"),
    )
    kpi = models.ForeignKey(KPI, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    incentive = models.ForeignKey(
        Incentive, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    involvement = models.ForeignKey(
        Involvement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["interview", "id"]
        verbose_name = _("interview outcome")
        verbose_name_plural = _("interview outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "key"], name="stakeholders_outcome_unique_key"
            ),
        ]

    def __str__(self):
        return self.key
