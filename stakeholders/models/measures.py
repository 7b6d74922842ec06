"""What stakeholders measure for the journeys: KPI values per period, which KPI or SLA
objective feeds a moment of truth's standard, and which KPI an action should move. These
links live here, as journeys knows no stakeholder (it reads them through its extension
point)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from journeys.models import Action, MomentOfTruth, period_start

from .slas import SLAObjective
from .stakeholders import KPI


class KPIMeasurement(models.Model):
    """The value of a KPI over one period (its week or month)."""

    kpi = models.ForeignKey(
        KPI, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("KPI")
    )
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["kpi", "period_start"]
        verbose_name = _("KPI measurement")
        verbose_name_plural = _("KPI measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period_start"],
                name="stakeholders_kpimeasurement_unique_period",
                violation_error_message=_("This period already has a measurement."),
            ),
        ]

    def __str__(self):
        return f"{self.kpi} {self.period_start}: {self.value}"

    def clean(self):
        if (
            self.kpi_id is not None
            and self.period_start is not None
            and period_start(self.kpi.period, self.period_start) != self.period_start
        ):
            raise ValidationError(
                {"period_start": _("Give the first day of the KPI's measurement period.")}
            )


class StandardFeed(models.Model):
    """A KPI or an SLA objective whose measurements are a moment of truth's standard's: the
    map judges them against the standard's own comparison and target."""

    moment = models.OneToOneField(
        MomentOfTruth,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="standard_feed",
        verbose_name=_("moment of truth"),
    )
    kpi = models.ForeignKey(
        KPI,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_feeds",
        verbose_name=_("KPI"),
    )
    objective = models.ForeignKey(
        SLAObjective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_feeds",
        verbose_name=_("SLA objective"),
    )

    class Meta:
        ordering = ["moment"]
        verbose_name = _("standard feed")
        verbose_name_plural = _("standard feeds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kpi__isnull=False, objective__isnull=True)
                | models.Q(kpi__isnull=True, objective__isnull=False),
                name="stakeholders_standardfeed_one_source",
                violation_error_message=_("A standard is fed by a KPI or an SLA objective."),
            ),
        ]

    def __str__(self):
        return f"{self.moment} ← {self.kpi or self.objective}"

    @property
    def source(self) -> KPI | SLAObjective | None:
        return self.kpi or self.objective

    def clean(self):
        source = self.source
        if source is None or self.moment_id is None:
            return
        if self.kpi is not None and self.objective is not None:
            raise ValidationError(_("A standard is fed by a KPI or an SLA objective."))
        if source.period != self.moment.period:
            raise ValidationError(
                _(
                    "The standard is measured per %(standard)s and its source per "
                    "%(source)s: give them the same period."
                )
                % {
                    "standard": self.moment.get_period_display(),
                    "source": source.get_period_display(),
                }
            )


class ActionKPI(models.Model):
    """The KPI an improvement action of a journey should move."""

    action = models.OneToOneField(
        Action,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="measured_kpi",
        verbose_name=_("action"),
    )
    kpi = models.ForeignKey(
        KPI, on_delete=models.CASCADE, related_name="actions", verbose_name=_("KPI")
    )

    class Meta:
        ordering = ["action"]
        verbose_name = _("action's KPI")
        verbose_name_plural = _("actions' KPIs")

    def __str__(self):
        return f"{self.action} → {self.kpi}"
