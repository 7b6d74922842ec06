"""Complaint cases and their logs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .surveys import Respondent, Response


class DissatisfactionRisk(models.TextChoices):
    """The 13 dissatisfaction risks a complaint is classified by."""

    KNOW_HOW = "know_how", _("knowledge / know-how")
    ATTITUDE = "attitude", _("attitude")
    RELATIONAL = "relational", _("relational")
    SUPPORT = "support", _("support (involvement)")
    PSYCHOLOGICAL = "psychological", _("psychological")
    COGNITIVE = "cognitive", _("cognitive")
    FINANCIAL = "financial", _("financial")
    TEMPORAL = "temporal", _("temporal")
    SENSORY = "sensory", _("sensory")
    SECURITY = "security", _("security")
    ETHICAL = "ethical", _("ethical")
    SPACE = "space", _("space")
    OPERATIONAL = "operational", _("operational")


class Case(models.Model):
    """A complaint to close the loop on: answer the customer, then fix the cause."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class Severity(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")
        CRITICAL = 4, _("critical")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("not escalated")
        CONTACT = 1, _("escalated to the journey's contact")
        CX_MANAGERS = 2, _("escalated to the CX managers")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    response = models.OneToOneField(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("response"),
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("respondent"),
    )
    stage = models.ForeignKey(
        "journeys.Stage", on_delete=models.CASCADE, related_name="cases", verbose_name=_("stage")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_cases",
        verbose_name=_("owner"),
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(
        _("dissatisfaction risk"), max_length=16, choices=DissatisfactionRisk, blank=True
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.OPEN, db_index=True
    )
    due_at = models.DateTimeField(_("due at"))
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    # The deadline's steps, each taken once by a conditional UPDATE (see services.cases).
    due_soon_notified_at = models.DateTimeField(_("owner told due soon at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation, default=Escalation.NONE, db_index=True
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # Reopened because the customer rated the complaint's handling low: the second failure.
    double_failure_at = models.DateTimeField(
        _("double failure at"), null=True, blank=True, db_index=True
    )
    harm_amount = models.DecimalField(
        _("harm amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    compensation_offered = models.DecimalField(
        _("compensation offered"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    distributive_justice = models.TextField(
        _("distributive justice (the outcome)"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    procedural_justice = models.TextField(
        _("procedural justice (the process)"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    interactional_justice = models.TextField(
        _("interactional justice (how the customer was treated)"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    recontacted_at = models.DateTimeField(_("customer re-contacted at"), null=True, blank=True)
    # The external loop: the improvement action this case's recurring cause was turned into.
    improvement_action = models.ForeignKey(
        "journeys.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("improvement action"),
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(harm_amount__gte=0), name="feedback_case_harm_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(compensation_offered__gte=0),
                name="feedback_case_compensation_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def compensation_guideline(self):
        """70-80 % of the harm: the range a fair compensation ideally falls in."""
        if self.harm_amount is None:
            return None
        return (self.harm_amount * 70 / 100, self.harm_amount * 80 / 100)


class CaseLogEntry(models.Model):
    """One action taken on a case, in the case's log."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="log_entries", verbose_name=_("case")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    text = models.TextField(
        _("text"), max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case log entry")
        verbose_name_plural = _("case log entries")

    def __str__(self):
        return self.text[:50]
