"""KPI values per period, the KPI or SLA objective that feeds a moment's standard, and the KPI
an action should move. A value a standard takes changes the maps that show it."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from journeys import services as journey_services
from journeys.models import Action, MomentOfTruth

from ..models import KPI, ActionKPI, KPIMeasurement, SLAObjective, StandardFeed


def fed_standards_changed(*, kpi: KPI | None = None, objective: SLAObjective | None = None):
    """The maps whose standards this KPI or objective feeds change (their ETag follows)."""
    feeds = StandardFeed.objects.filter(Q(kpi=kpi) if kpi else Q(objective=objective))
    journey_services.standards_fed_changed(
        moment_ids=list(feeds.values_list("moment_id", flat=True))
    )


@transaction.atomic
def kpi_measurement_record(*, kpi: KPI, period_start: date, value: Decimal) -> KPIMeasurement:
    """Records (or corrects) a KPI's value for one period (its week or month)."""
    measurement = KPIMeasurement(kpi=kpi, period_start=period_start, value=value)
    # The period's uniqueness is update_or_create's to settle, not a validation error.
    measurement.full_clean(exclude=["kpi"], validate_unique=False)
    # The unique constraint decides between two requests for a period: update_or_create
    # locks the row the first one inserted and corrects it.
    measurement, _created = KPIMeasurement.objects.update_or_create(
        kpi=kpi, period_start=period_start, defaults={"value": measurement.value}
    )
    fed_standards_changed(kpi=kpi)
    return measurement


@transaction.atomic
def kpi_measurement_delete(*, measurement: KPIMeasurement) -> None:
    """Deletes a KPI's measurement."""
    fed_standards_changed(kpi=measurement.kpi)
    measurement.delete()


@transaction.atomic
def standard_feed_set(
    *, moment: MomentOfTruth, kpi: KPI | None = None, objective: SLAObjective | None = None
) -> StandardFeed | None:
    """Makes a KPI or an SLA objective (same period as the standard) feed the moment's
    standard; neither: the standard takes the company's own measurements again."""
    StandardFeed.objects.filter(moment=moment).delete()
    journey_services.standards_fed_changed(moment_ids=[moment.pk])
    if kpi is None and objective is None:
        return None
    feed = StandardFeed(moment=moment, kpi=kpi, objective=objective)
    feed.full_clean(validate_unique=False)
    feed.save()
    return feed


@transaction.atomic
def action_kpi_set(*, action: Action, kpi: KPI | None) -> ActionKPI | None:
    """Names the KPI a journey's action should move (None: none); the action's measure
    becomes the KPI, and its baseline is taken again if it has started."""
    ActionKPI.objects.filter(action=action).delete()
    link = ActionKPI.objects.create(action=action, kpi=kpi) if kpi is not None else None
    data = {}
    if kpi is not None:
        data = {"measure": Action.Measure.KPI, "measure_moment": None}
    elif action.measure == Action.Measure.KPI:
        data = {"measure": "", "measure_target": None}
    journey_services.action_update(action=action, data=data)
    # Another KPI under the same measure: the baseline is the new KPI's.
    journey_services.action_progress(action=action, measure_changed=True)
    return link
