from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .stakeholders import Stakeholder


class SLA(models.Model):
    """The service level agreement of an external stakeholder."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="slas", verbose_name=_("stakeholder")
    )
    service = models.CharField(_("service delivered"), max_length=200)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # What the SLA's service delivers in the journeys: a breach shows on these stages only
    # (and on the stages of these touchpoints). The link lives here, journeys knows no SLA.
    stages = models.ManyToManyField(
        "journeys.Stage",
        blank=True,
        related_name="+",
        verbose_name=_("stages served"),
        help_text=_("The journey stages this service delivers: the map shows a breach there."),
    )
    touchpoints = models.ManyToManyField(
        "journeys.Touchpoint",
        blank=True,
        related_name="+",
        verbose_name=_("touchpoints served"),
        help_text=_("Or only some touchpoints: a breach shows on their stages."),
    )

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


def period_start_before(period: str, day: date, *, periods: int = 0) -> date:
    """The first day of the `period` (week, month, quarter) containing `day`, or of the one
    `periods` before it."""
    if period == SLAObjective.Period.WEEK:
        return day - timedelta(days=day.weekday() + 7 * periods)
    months = 3 if period == SLAObjective.Period.QUARTER else 1
    index = day.year * 12 + (day.month - 1) // months * months - periods * months
    return date(index // 12, index % 12 + 1, 1)


class SLAMeasurementQuerySet(models.QuerySet):
    def breached_recently(self, *, today: date) -> "SLAMeasurementQuerySet":
        """Breaches of the current period or of the ones before it within the window
        (settings.SLA_BREACH_WINDOW_PERIODS), each objective counted in its own periods."""
        periods = max(settings.SLA_BREACH_WINDOW_PERIODS, 1) - 1
        recent = models.Q()
        for period in SLAObjective.Period.values:
            recent |= models.Q(
                objective__period=period,
                period_start__gte=period_start_before(period, today, periods=periods),
            )
        return self.filter(recent, met=False)


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

    objects = SLAMeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "period_start"]
        verbose_name = _("SLA measurement")
        verbose_name_plural = _("SLA measurements")
        # The breaches list, latest period first and an objective's together, reads its page
        # here instead of sorting every breach of the period.
        indexes = [
            models.Index(
                fields=["-period_start", "objective"],
                condition=Q(met=False),
                name="stakeholders_breaches",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_start"],
                name="stakeholders_measurement_unique_period",
                violation_error_message=_("This period already has a measurement."),
            ),
        ]

    def __str__(self):
        return f"{self.objective} {self.period_start}: {self.value}"
