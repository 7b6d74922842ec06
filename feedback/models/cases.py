"""Complaint cases and their logs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.labels import ChoiceDisplayMixin
from core.validators import TEXT_MAX_LENGTH, no_control_characters
from journeys.models import ChoiceListValidator, DissatisfactionRisk

from .. import compensation
from .surveys import Language, Respondent, Response


class Channel(models.TextChoices):
    """How the customer's words reached the company: a survey answer, or a complaint by one of
    the other channels. The one vocabulary of a case's channel and of a verbatim's."""

    SURVEY = "survey", _("survey")
    PHONE = "phone", _("phone call")
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    SOCIAL_MEDIA = "social_media", _("social media")
    REVIEW_SITE = "review_site", _("review site")
    IN_PERSON = "in_person", _("in person")
    OTHER = "other", _("other")


# The channels a complaint is opened from by hand: a survey answer opens its own case.
COMPLAINT_CHANNELS = [choice for choice in Channel.choices if choice[0] != Channel.SURVEY]


class JusticeCheck(models.TextChoices):
    """The short checklist of the three justice dimensions of a service recovery (seed 003):
    distributive (the outcome), procedural (the process), interactional (how the customer
    was treated). The key's prefix names its dimension."""

    OUTCOME_FIXED = "distributive_fixed", _("The problem itself was put right")
    OUTCOME_OFFERED = "distributive_offered", _("A fair compensation or gesture was offered")
    OUTCOME_ACCEPTED = "distributive_accepted", _("The customer accepted the outcome")
    PROCESS_ON_TIME = "procedural_on_time", _("Answered before the deadline")
    PROCESS_NO_CHASING = (
        "procedural_no_chasing",
        _("The customer did not have to chase us or tell their story twice"),
    )
    PROCESS_EXPLAINED = "procedural_explained", _("The customer was told the next steps")
    TREATMENT_LISTENED = "interactional_listened", _("Listened to the customer actively")
    TREATMENT_APOLOGISED = "interactional_apologised", _("Apologised and showed empathy")
    TREATMENT_THANKED = (
        "interactional_thanked",
        _("Checked the customer's satisfaction and thanked them"),
    )


JUSTICE_DIMENSIONS = {
    "distributive": _("Distributive (the outcome)"),
    "procedural": _("Procedural (the process)"),
    "interactional": _("Interactional (how the customer was treated)"),
}


# The case list's order, most urgent first (selectors.cases_by_urgency), and its index: open
# and in-progress cases first, the earliest due on top; then the others, the latest due first.
OPEN_CASE_STATUSES = ("open", "in_progress")
CASE_HANDLED = models.Case(
    models.When(status__in=OPEN_CASE_STATUSES, then=models.Value(0)), default=models.Value(1)
)
CASE_OPEN_DUE_AT = models.Case(models.When(status__in=OPEN_CASE_STATUSES, then="due_at"))


class Case(ChoiceDisplayMixin, models.Model):
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

    class Inconvenience(models.IntegerChoices):
        MINOR = 1, _("1 — minor")
        SIGNIFICANT = 2, _("2 — significant")
        SEVERE = 3, _("3 — severe")

    class Substitutability(models.TextChoices):
        HIGH = "high", _("high: the customer could easily go elsewhere")
        LOW = "low", _("low: the customer could hardly go elsewhere")

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
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel, default=Channel.OTHER, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("what the customer said"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    language = models.CharField(
        _("customer's language"), max_length=2, choices=Language, default=Language.EN
    )
    # Who complained, when no respondent is known: personal data, read by the roles that
    # read respondents (feedback.privacy) and blanked with them.
    contact_name = models.CharField(
        _("contact name"), max_length=200, blank=True, validators=[no_control_characters]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, validators=[no_control_characters]
    )
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
    customer_annual_value = models.DecimalField(
        _("customer's annual value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the customer spends with the company in a year."),
    )
    inconvenience = models.PositiveSmallIntegerField(
        _("inconvenience"), choices=Inconvenience, null=True, blank=True
    )
    substitutability = models.CharField(
        _("substitutability"),
        max_length=4,
        choices=Substitutability,
        blank=True,
        help_text=_("Could the customer easily have gone elsewhere?"),
    )
    justice_checks = models.JSONField(
        _("justice checklist"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(JusticeCheck)],
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
        indexes = [
            models.Index(
                CASE_HANDLED,
                # Ascending puts NULLs last on PostgreSQL, as the list asks; SQLite cannot
                # index NULLS LAST (`make run` then sorts in memory, on a small table).
                CASE_OPEN_DUE_AT.asc(),
                models.F("due_at").desc(),
                models.F("id").desc(),
                name="feedback_case_urgency",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(harm_amount__gte=0), name="feedback_case_harm_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(compensation_offered__gte=0),
                name="feedback_case_compensation_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(customer_annual_value__gte=0),
                name="feedback_case_annual_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(inconvenience__gte=1, inconvenience__lte=3),
                name="feedback_case_inconvenience_range",
            ),
        ]

    def __str__(self):
        return self.title

    def compensation_guideline(self) -> "compensation.Guideline | None":
        """The band a fair compensation falls in: 70-80 % of the harm, moved up by the
        customer's value, substitutability and inconvenience (feedback/compensation.py)."""
        return compensation.guideline_for(
            harm=self.harm_amount,
            annual_value=self.customer_annual_value,
            inconvenience=self.inconvenience,
            substitutability=self.substitutability,
        )

    def compensation_warning(self) -> str:
        """What an offer outside the guideline calls for; "" when it is within."""
        return compensation.offer_warning(self.compensation_guideline(), self.compensation_offered)

    def justice_checklist(self) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
        """The checklist by dimension: (dimension, its label, [(key, label, checked)])."""
        checked = set(self.justice_checks or ())
        return [
            (
                dimension,
                dimension_label,
                [
                    (key, label, key in checked)
                    for key, label in JusticeCheck.choices
                    if key.startswith(f"{dimension}_")
                ],
            )
            for dimension, dimension_label in JUSTICE_DIMENSIONS.items()
        ]


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
