from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from journeys.models import ChoiceListValidator, Touchpoint


class Office(models.TextChoices):
    FRONT = "front", _("front office")
    BACK = "back", _("back office")


class Stakeholder(models.Model):
    """An employee (internal) or a subcontractor or partner (external) who serves the journey."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal")
        EXTERNAL = "external", _("external")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    organisation = models.CharField(
        _("department or company"),
        max_length=200,
        blank=True,
        help_text=_("The department of an employee, the company of a subcontractor."),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    office = models.CharField(_("office"), max_length=8, choices=Office, default=Office.FRONT)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"], name="stakeholders_stakeholder_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class Involvement(models.Model):
    """Where a stakeholder takes part in a journey: a stage, or one touchpoint of it."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("stakeholder"),
    )
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("touchpoint"),
    )
    office = models.CharField(_("office"), max_length=8, choices=Office, default=Office.FRONT)
    channels = models.JSONField(
        _("channels handled"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Touchpoint.Channel)],
    )
    volume = models.PositiveIntegerField(_("volume"), null=True, blank=True)
    volume_period = models.CharField(
        _("volume period"), max_length=8, choices=Touchpoint.VolumePeriod, blank=True
    )
    tools = models.TextField(_("tools"), blank=True)

    class Meta:
        ordering = ["stage__journey", "stage__position", "id"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "stage"],
                condition=models.Q(touchpoint__isnull=True),
                name="stakeholders_involvement_unique_stage",
                violation_error_message=_("This stakeholder is already involved in this stage."),
            ),
            models.UniqueConstraint(
                fields=["stakeholder", "touchpoint"],
                condition=models.Q(touchpoint__isnull=False),
                name="stakeholders_involvement_unique_touchpoint",
                violation_error_message=_(
                    "This stakeholder is already involved in this touchpoint."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} — {self.stage}"

    def clean(self):
        errors = {}
        if self.touchpoint_id is not None and self.touchpoint.stage_id != self.stage_id:
            errors["touchpoint"] = _("The touchpoint must belong to the involvement's stage.")
        if self.volume is not None and not self.volume_period:
            errors["volume_period"] = _("Say per what period the volume is counted.")
        if errors:
            raise ValidationError(errors)

    def get_channels_display(self) -> list[str]:
        labels = dict(Touchpoint.Channel.choices)
        return [str(labels.get(channel, channel)) for channel in self.channels]


class KPI(models.Model):
    """An indicator a stakeholder is judged on, and how it sits with customer satisfaction."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", _("higher is better")
        LOWER_IS_BETTER = "lower_is_better", _("lower is better")

    class Alignment(models.TextChoices):
        ALIGNED = "aligned", _("aligned")
        NEUTRAL = "neutral", _("neutral")
        DISSONANT = "dissonant", _("dissonant")

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("stakeholder")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    current_value = models.DecimalField(
        _("current value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction, default=Direction.HIGHER_IS_BETTER
    )
    alignment = models.CharField(
        _("alignment with customer satisfaction"),
        max_length=10,
        choices=Alignment,
        default=Alignment.NEUTRAL,
    )
    rationale = models.TextField(_("rationale"), blank=True)

    class Meta:
        ordering = ["stakeholder", "name"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "name"], name="stakeholders_kpi_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class SLA(models.Model):
    """The service level agreement of an external stakeholder."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="slas", verbose_name=_("stakeholder")
    )
    service = models.CharField(_("service delivered"), max_length=200)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["stakeholder", "service"]
        verbose_name = _("SLA")
        verbose_name_plural = _("SLAs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="stakeholders_sla_valid_dates",
                violation_error_message=_("The SLA cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.service

    def clean(self):
        if self.stakeholder_id is not None and self.stakeholder.kind != Stakeholder.Kind.EXTERNAL:
            raise ValidationError(
                {"stakeholder": _("Only an external stakeholder works under an SLA.")}
            )


class SLAObjective(models.Model):
    """A minimum quality level of an SLA, measured once per period."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    class Period(models.TextChoices):
        WEEK = "week", _("week")
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")

    sla = models.ForeignKey(
        SLA, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("SLA")
    )
    metric = models.CharField(_("metric"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    comparison = models.CharField(_("comparison"), max_length=8, choices=Comparison)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    period = models.CharField(
        _("measurement period"), max_length=8, choices=Period, default=Period.MONTH
    )
    missing_period_start = models.DateField(
        _("measurement missing for the period starting"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the daily check when last period's measurement is missing."),
    )

    class Meta:
        ordering = ["sla", "metric"]
        verbose_name = _("SLA objective")
        verbose_name_plural = _("SLA objectives")

    def __str__(self):
        return self.metric

    def is_met_by(self, value) -> bool:
        if self.comparison == self.Comparison.AT_LEAST:
            return value >= self.target
        return value <= self.target


class SLAMeasurement(models.Model):
    """The value of an SLA objective over one period; `met` is computed, never typed."""

    objective = models.ForeignKey(
        SLAObjective,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("objective"),
    )
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    met = models.BooleanField(_("met"), editable=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["objective", "period_start"]
        verbose_name = _("SLA measurement")
        verbose_name_plural = _("SLA measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_start"],
                name="stakeholders_measurement_unique_period",
                violation_error_message=_("This period already has a measurement."),
            ),
        ]

    def __str__(self):
        return f"{self.objective} {self.period_start}: {self.value}"


class Incentive(models.Model):
    """A recognition, reward, bonus or commission, and the KPI that drives it."""

    class Type(models.TextChoices):
        RECOGNITION = "recognition", _("recognition")
        REWARD = "reward", _("reward")
        PERFORMANCE_BONUS = "performance_bonus", _("performance bonus")
        COMMISSION = "commission", _("commission")
        OTHER = "other", _("other")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="incentives",
        verbose_name=_("stakeholder"),
    )
    type = models.CharField(_("type"), max_length=20, choices=Type)
    name = models.CharField(_("name"), max_length=200)
    eligible_population = models.CharField(_("eligible population"), max_length=200, blank=True)
    calculation = models.TextField(_("how it is calculated"), blank=True)
    kpi = models.ForeignKey(
        KPI,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incentives",
        verbose_name=_("KPI"),
    )
    rewards_customer_satisfaction = models.BooleanField(
        _("rewards customer satisfaction"), default=False
    )

    class Meta:
        ordering = ["stakeholder", "name", "id"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kpi_id is not None and self.kpi.stakeholder_id != self.stakeholder_id:
            raise ValidationError({"kpi": _("The KPI must be the same stakeholder's.")})

    @property
    def alignment(self) -> str:
        """How it sits with customer satisfaction: a dissonant KPI drags the incentive with it,
        whatever else it rewards."""
        if self.kpi is not None and self.kpi.alignment == KPI.Alignment.DISSONANT:
            return KPI.Alignment.DISSONANT
        if self.rewards_customer_satisfaction:
            return KPI.Alignment.ALIGNED
        return self.kpi.alignment if self.kpi is not None else KPI.Alignment.NEUTRAL

    def get_alignment_display(self) -> str:
        return KPI.Alignment(self.alignment).label


class Interview(models.Model):
    """A structured conversation with one stakeholder; `answers` holds the form's sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        VALIDATED = "validated", _("validated")

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
