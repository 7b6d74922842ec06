"""Moments of truth and their standards: what the company (or an outside body) sets as the
measurable level of a moment, and the measurements judged against it."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .map import Stage, Touchpoint
from .risks import DissatisfactionRisk, risk_labels
from .validators import ChoiceListValidator


class MeasurementPeriod(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")


def period_start(period: str, day: date, *, periods: int = 0) -> date:
    """The first day of the `period` (week or month) containing `day`, or of the one
    `periods` later (negative: earlier)."""
    if period == MeasurementPeriod.WEEK:
        return day - timedelta(days=day.weekday()) + timedelta(weeks=periods)
    index = day.year * 12 + day.month - 1 + periods
    return date(index // 12, index % 12 + 1, 1)


class MomentOfTruth(models.Model):
    """A stage or touchpoint where the customer forms a lasting opinion, with the standard
    set for it: a metric, a comparison and a target per period ("counter wait ≤ 10 min a
    month"), set by the company itself (a standard) or by an outside body (a norm)."""

    class Criticality(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    class StandardKind(models.TextChoices):
        STANDARD = "standard", _("standard (set by the company)")
        NORM = "norm", _("norm (law, ISO…)")

    class Comparison(models.TextChoices):
        AT_MOST = "at_most", "≤"
        AT_LEAST = "at_least", "≥"
        EQUAL = "equal", "="

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="moments_of_truth", verbose_name=_("stage")
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moments_of_truth",
        verbose_name=_("touchpoint"),
    )
    description = models.TextField(
        _("description"), max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    criticality = models.CharField(
        _("criticality"), max_length=8, choices=Criticality, default=Criticality.MEDIUM
    )
    standard = models.CharField(
        _("standard"),
        max_length=300,
        blank=True,
        help_text=_(
            "The standard in words, e.g. “answered in under 2 minutes”; the metric, "
            "comparison and target below make it measurable."
        ),
    )
    standard_kind = models.CharField(
        _("kind of standard"), max_length=8, choices=StandardKind, default=StandardKind.STANDARD
    )
    metric = models.CharField(
        _("metric"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("What is measured, e.g. “counter wait time”."),
    )
    comparison = models.CharField(_("comparison"), max_length=8, choices=Comparison, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    period = models.CharField(
        _("measurement period"),
        max_length=8,
        choices=MeasurementPeriod,
        default=MeasurementPeriod.MONTH,
    )
    risks = models.JSONField(
        _("dissatisfaction risks"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(DissatisfactionRisk)],
        help_text=_("Which of the 13 dissatisfaction risks this moment runs."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "id"]
        verbose_name = _("moment of truth")
        verbose_name_plural = _("moments of truth")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(comparison="", target__isnull=True)
                | (~models.Q(comparison="") & models.Q(target__isnull=False)),
                name="journeys_moment_standard_comparison_and_target",
                violation_error_message=_("A standard needs both a comparison and a target."),
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def get_risks_display(self) -> list[str]:
        return risk_labels(self.risks)

    # A standard is measurable once it says what it compares, to what: the journey health
    # check lists the moments without one.
    MEASURABLE_STANDARD = ~models.Q(metric="") & ~models.Q(comparison="")

    @property
    def measurable(self) -> bool:
        return bool(self.metric and self.comparison and self.target is not None)

    def is_met_by(self, value: Decimal) -> bool:
        if self.comparison == self.Comparison.AT_MOST:
            return value <= self.target
        if self.comparison == self.Comparison.AT_LEAST:
            return value >= self.target
        return value == self.target

    @property
    def higher_is_better(self) -> bool:
        return self.comparison == self.Comparison.AT_LEAST

    @property
    def target_display(self) -> str:
        """ "≤ 10 min": the comparison, the target without needless decimals, the unit."""
        if not self.measurable:
            return ""
        return " ".join(
            filter(None, [self.get_comparison_display(), number_display(self.target), self.unit])
        )

    def clean(self):
        if self.touchpoint_id is not None and self.touchpoint.stage_id != self.stage_id:
            raise ValidationError(
                {"touchpoint": _("The touchpoint must belong to the moment's stage.")}
            )
        if bool(self.comparison) != (self.target is not None):
            raise ValidationError({"target": _("A standard needs both a comparison and a target.")})
        if self.comparison and not self.metric:
            raise ValidationError({"metric": _("Say what the standard measures.")})


def number_display(value: Decimal | None) -> str:
    """A decimal without trailing zeros: 10, 9.5."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class StandardMeasurement(models.Model):
    """The value of a moment's standard over one period, measured by the company itself
    (a standard fed by a KPI or an SLA objective takes theirs)."""

    moment = models.ForeignKey(
        MomentOfTruth,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("moment of truth"),
    )
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[no_control_characters]
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["moment", "period_start"]
        verbose_name = _("standard measurement")
        verbose_name_plural = _("standard measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "period_start"],
                name="journeys_standardmeasurement_unique_period",
                violation_error_message=_("This period already has a measurement."),
            ),
        ]

    def __str__(self):
        return f"{self.moment} {self.period_start}: {self.value}"

    def clean(self):
        if (
            self.moment_id is not None
            and self.period_start is not None
            and period_start(self.moment.period, self.period_start) != self.period_start
        ):
            raise ValidationError(
                {"period_start": _("Give the first day of the standard's period.")}
            )
