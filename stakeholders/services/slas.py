"""SLAs of external stakeholders, their objectives and the measurements judged against them."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core import events
from core.services import instance_apply
from journeys.models import Stage, Touchpoint

from ..models import SLA, SLAMeasurement, SLAObjective, Stakeholder
from .measures import fed_standards_changed
from .stakeholders import validated_save

SLA_FIELDS = ("service", "contract_reference", "valid_from", "valid_until")
# The stages and touchpoints the SLA's service delivers (many-to-many).
SLA_SERVED = ("stages", "touchpoints")
SLA_OBJECTIVE_FIELDS = ("metric", "unit", "comparison", "target", "period")

MEASUREMENTS_PER_UPLOAD = 1000


@transaction.atomic
def sla_create(
    *,
    stakeholder: Stakeholder,
    service: str,
    valid_from: date,
    contract_reference: str = "",
    valid_until: date | None = None,
    stages: list[Stage] | None = None,
    touchpoints: list[Touchpoint] | None = None,
) -> SLA:
    """Records the SLA of an external stakeholder, with the stages and touchpoints it
    serves."""
    sla = validated_save(
        SLA(
            stakeholder=stakeholder,
            service=service,
            contract_reference=contract_reference,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )
    _set_served(sla, {"stages": stages or [], "touchpoints": touchpoints or []})
    return sla


def _set_served(sla: SLA, data: dict[str, Any]) -> None:
    """Sets the stages and touchpoints served that `data` names (the map's ETag follows:
    its stakeholder lane carries the breaches)."""
    for name in SLA_SERVED:
        if name in data:
            getattr(sla, name).set(list(data[name]))


@transaction.atomic
def sla_update(*, sla: SLA, data: dict[str, Any]) -> SLA:
    """Changes an SLA's fields, and the stages and touchpoints it serves when given."""
    instance_apply(sla, {k: v for k, v in data.items() if k not in SLA_SERVED}, SLA_FIELDS)
    _set_served(sla, data)
    return sla


@transaction.atomic
def sla_delete(*, sla: SLA) -> None:
    """Deletes an SLA with its objectives and measurements."""
    sla.delete()


@transaction.atomic
def sla_objective_create(
    *,
    sla: SLA,
    metric: str,
    comparison: str,
    target: Decimal,
    period: str = SLAObjective.Period.MONTH,
    unit: str = "",
) -> SLAObjective:
    """Adds an objective to an SLA."""
    return validated_save(
        SLAObjective(
            sla=sla, metric=metric, comparison=comparison, target=target, period=period, unit=unit
        )
    )


@transaction.atomic
def sla_objective_update(*, objective: SLAObjective, data: dict[str, Any]) -> SLAObjective:
    """Changes an objective; its measurements are judged again against the new target."""
    instance_apply(objective, data, SLA_OBJECTIVE_FIELDS)
    measurements = list(objective.measurements.all())
    for measurement in measurements:
        measurement.met = objective.is_met_by(measurement.value)
    SLAMeasurement.objects.bulk_update(measurements, ["met"])
    return objective


@transaction.atomic
def sla_objective_delete(*, objective: SLAObjective) -> None:
    """Deletes an objective with its measurements (standards it fed take their own again)."""
    fed_standards_changed(objective=objective)
    objective.delete()


def _period_start(objective: SLAObjective, day: date) -> date:
    """The first day of the objective's period that contains `day`."""
    if objective.period == SLAObjective.Period.WEEK:
        return day - timedelta(days=day.weekday())
    if objective.period == SLAObjective.Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _previous_period_start(period: str, today: date) -> date:
    if period == SLAObjective.Period.WEEK:
        return today - timedelta(days=today.weekday() + 7)
    if period == SLAObjective.Period.QUARTER:
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        previous = quarter_start - timedelta(days=1)
        return previous.replace(month=(previous.month - 1) // 3 * 3 + 1, day=1)
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _judged(objective: SLAObjective, period_start: date, value: Decimal) -> SLAMeasurement:
    """The measurement as it is to be saved, validated but not yet saved."""
    if period_start != _period_start(objective, period_start):
        raise ValidationError(
            {"period_start": _("Give the first day of the objective's measurement period.")}
        )
    measurement = SLAMeasurement(
        objective=objective,
        period_start=period_start,
        value=value,
        met=objective.is_met_by(Decimal(value)),
    )
    measurement.full_clean(exclude=["objective"], validate_unique=False)
    return measurement


@transaction.atomic
def measurement_record(
    *, objective: SLAObjective, period_start: date, value: Decimal
) -> SLAMeasurement:
    """Records (or corrects) the value of one period; met or breached follows from the
    objective's comparison and target. A new breach is announced as `sla.breached`."""
    judged = _judged(objective, period_start, value)
    # The unique constraint decides between two requests recording the same period: the
    # second one's insert fails, and get_or_create then locks and corrects the first one's row.
    measurement, created = SLAMeasurement.objects.select_for_update().get_or_create(
        objective=objective,
        period_start=period_start,
        defaults={"value": judged.value, "met": judged.met},
    )
    newly_breached = not judged.met and (created or measurement.met)
    if not created:
        measurement.value, measurement.met = judged.value, judged.met
        measurement.save()
    if objective.missing_period_start == period_start:
        SLAObjective.objects.filter(pk=objective.pk, missing_period_start=period_start).update(
            missing_period_start=None
        )
        objective.missing_period_start = None
    fed_standards_changed(objective=objective)
    if newly_breached:
        events.announce(
            "sla.breached",
            measurement_id=measurement.pk,
            stakeholder_id=objective.sla.stakeholder_id,
        )
    return measurement


@transaction.atomic
def measurements_record_many(*, rows: list[dict[str, Any]]) -> list[SLAMeasurement]:
    """Records up to 1000 measurements at once, all or none; errors name the row."""
    if len(rows) > MEASUREMENTS_PER_UPLOAD:
        raise ValidationError(
            _("Send at most %(count)d measurements at once.") % {"count": MEASUREMENTS_PER_UPLOAD}
        )
    errors = {}
    recorded = []
    for index, row in enumerate(rows):
        try:
            recorded.append(
                measurement_record(
                    objective=row["objective"], period_start=row["period_start"], value=row["value"]
                )
            )
        except ValidationError as error:
            errors[str(index)] = error.messages
    if errors:
        raise ValidationError(errors)
    return recorded


@transaction.atomic
def measurement_delete(*, measurement: SLAMeasurement) -> None:
    """Deletes a measurement."""
    measurement.delete()


@transaction.atomic
def sla_objectives_flag_missing(*, today: date) -> int:
    """Flags each objective of a running SLA whose last period has no measurement, and
    clears the flag of the others; returns how many are flagged."""
    flagged = 0
    for period in SLAObjective.Period.values:
        period_start = _previous_period_start(period, today)
        running = SLAObjective.objects.filter(
            Q(sla__valid_until__isnull=True) | Q(sla__valid_until__gte=period_start),
            period=period,
            sla__valid_from__lte=period_start,
        )
        measured = SLAMeasurement.objects.filter(
            objective=OuterRef("pk"), period_start=period_start
        )
        flagged += running.filter(~Exists(measured)).update(missing_period_start=period_start)
        SLAObjective.objects.filter(period=period).filter(
            Q(Exists(measured)) | ~Q(pk__in=running.values("pk"))
        ).exclude(missing_period_start=None).update(missing_period_start=None)
    return flagged
