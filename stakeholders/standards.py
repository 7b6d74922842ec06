"""What stakeholders measures for the journeys, read through journeys.extensions: the KPIs and
SLA objectives that feed moments' standards, and the KPIs actions should move."""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from journeys.extensions import (
    FedSeries,
    MeasureSeries,
    StandardFeeds,
    register_action_measures,
    register_standard_feeds,
)
from journeys.models import Action

from .models import KPI, ActionKPI, KPIMeasurement, SLAMeasurement, StandardFeed


def fed_series(*, moment_ids: list[int], since=None) -> dict[int, FedSeries]:
    """The fed moments' KPI or SLA objective ("name — stakeholder") and its values from
    `since` on, in one query."""
    rows = StandardFeed.objects.filter(moment_id__in=moment_ids).values_list(
        "moment_id",
        "kpi__name",
        "kpi__stakeholder__name",
        "kpi__measurements__period_start",
        "kpi__measurements__value",
        "objective__metric",
        "objective__sla__stakeholder__name",
        "objective__measurements__period_start",
        "objective__measurements__value",
    )
    series: dict[int, FedSeries] = {}
    for moment_id, kpi, kpi_owner, kpi_start, kpi_value, metric, sla_owner, start, value in rows:
        if kpi is not None:
            source, start, value = f"{kpi} — {kpi_owner}", kpi_start, kpi_value
        else:
            source = f"{metric} — {sla_owner}"
        values = series.setdefault(moment_id, FedSeries(source=source, values={})).values
        if start is not None and (since is None or start >= since):
            values[start] = value
    return series


def fed_latest_value(*, since_week, since_month):
    """The fed value of a moment's (OuterRef("pk")) latest period from those dates on."""
    kpi_recent = Q(kpi__period="week", period_start__gte=since_week) | Q(
        kpi__period="month", period_start__gte=since_month
    )
    objective_recent = Q(objective__period="week", period_start__gte=since_week) | Q(
        objective__period="month", period_start__gte=since_month
    )
    return Coalesce(
        Subquery(
            KPIMeasurement.objects.filter(kpi_recent, kpi__standard_feeds__moment=OuterRef("pk"))
            .order_by("-period_start")
            .values("value")[:1]
        ),
        Subquery(
            SLAMeasurement.objects.filter(
                objective_recent, objective__standard_feeds__moment=OuterRef("pk")
            )
            .order_by("-period_start")
            .values("value")[:1]
        ),
    )


def kpi_measures(*, actions: list[Action]) -> dict[int, MeasureSeries]:
    """The values of the KPIs the actions should move, in one query."""
    rows = ActionKPI.objects.filter(action_id__in=[action.pk for action in actions]).values_list(
        "action_id",
        "kpi__name",
        "kpi__unit",
        "kpi__period",
        "kpi__direction",
        "kpi__measurements__period_start",
        "kpi__measurements__value",
    )
    series: dict[int, MeasureSeries] = {}
    for action_id, name, unit, period, direction, start, value in rows:
        measure = series.setdefault(
            action_id,
            MeasureSeries(
                label=f"{name} ({unit})" if unit else name,
                period=period,
                higher_is_better=direction == KPI.Direction.HIGHER_IS_BETTER,
                values={},
            ),
        )
        if start is not None:
            measure.values[start] = value
    return series


def register() -> None:
    register_standard_feeds(
        StandardFeeds(
            series=fed_series,
            latest_value=fed_latest_value,
            edit_url=lambda moment: reverse("stakeholders:standard_feed", args=[moment.pk]),
            edit_permission="stakeholders.add_standardfeed",
        )
    )
    register_action_measures(
        (Action.Measure.KPI,),
        kpi_measures,
        choose=(
            "stakeholders.add_actionkpi",
            lambda action: reverse("stakeholders:action_kpi", args=[action.pk]),
        ),
    )
