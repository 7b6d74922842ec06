"""Moments of truth's standards as measured: the company's own measurements, or a KPI's or
an SLA objective's that another app feeds in (journeys.extensions.StandardFeeds), each judged
against the standard's comparison and target."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import charts

from .. import extensions
from ..models import (
    MeasurementPeriod,
    MomentOfTruth,
    StandardMeasurement,
    number_display,
    period_start,
)

# The map's sparkline of a standard: its last six periods (the current one, often not yet
# measured, included).
RECENT_PERIODS = 6
SPARK_COLUMN = 12
SPARK_HEIGHT = 24


@dataclass(frozen=True)
class StandardPoint:
    period_start: date
    value: Decimal
    met: bool

    @property
    def value_display(self) -> str:
        return number_display(self.value)


@dataclass
class StandardStatus:
    """A measurable standard's recent periods, oldest first; `source` names the KPI or SLA
    objective that feeds it (empty: the company's own measurements)."""

    moment: MomentOfTruth
    source: str
    points: list[StandardPoint]

    @property
    def last(self) -> StandardPoint | None:
        return self.points[-1] if self.points else None

    @property
    def missed(self) -> int:
        return sum(1 for point in self.points if not point.met)

    @property
    def sparkline(self) -> dict | None:
        """The SVG geometry of the recent values, the target as a dashed line."""
        if not self.points:
            return None
        values = [float(point.value) for point in self.points]
        target = float(self.moment.target)
        low, high = min([*values, target]), max([*values, target])
        if low == high:
            low, high = low - 1, high + 1
        scale = charts.Scale(low=low, high=high, size=SPARK_HEIGHT, margin=3)
        plot = charts.plot(values, scale=scale, column=SPARK_COLUMN)
        return {
            "width": plot.width,
            "height": charts.number(SPARK_HEIGHT),
            "polylines": plot.polylines,
            "target_y": charts.number(scale.position(target)),
            "dots": [
                {"x": dot.x, "y": dot.y, "point": self.points[dot.index]} for dot in plot.dots
            ],
        }


def recent_since(period: str, today: date) -> date:
    """The first day of the recent periods the map shows for a standard measured per
    `period`."""
    return period_start(period, today, periods=1 - RECENT_PERIODS)


def standard_series(
    *, moments: list[MomentOfTruth], since: date | None = None
) -> dict[int, tuple[str, dict[date, Decimal]]]:
    """Each moment's source ("" for its own measurements) and values by period start, from
    `since` on: two queries (its own measurements, the fed ones), none without moments."""
    if not moments:
        return {}
    ids = [moment.pk for moment in moments]
    own = StandardMeasurement.objects.filter(moment_id__in=ids).order_by("period_start")
    if since is not None:
        own = own.filter(period_start__gte=since)
    series: dict[int, tuple[str, dict[date, Decimal]]] = {pk: ("", {}) for pk in ids}
    for moment_id, start, value in own.values_list("moment_id", "period_start", "value"):
        series[moment_id][1][start] = value
    feeds = extensions.standard_feeds()
    if feeds is not None:
        for moment_id, fed in feeds.series(moment_ids=ids, since=since).items():
            series[moment_id] = (fed.source, dict(sorted(fed.values.items())))
    return series


def standard_statuses(
    *, moments: list[MomentOfTruth], today: date | None = None
) -> dict[int, StandardStatus]:
    """The measurable moments' standards over their recent periods, by moment id: two
    queries (standard_series)."""
    today = today or timezone.localdate()
    measurable = [moment for moment in moments if moment.measurable]
    since = min((recent_since(m.period, today) for m in measurable), default=None)
    series = standard_series(moments=measurable, since=since)
    statuses = {}
    for moment in measurable:
        source, values = series[moment.pk]
        first = recent_since(moment.period, today)
        statuses[moment.pk] = StandardStatus(
            moment=moment,
            source=source,
            points=[
                StandardPoint(period_start=start, value=value, met=moment.is_met_by(value))
                for start, value in values.items()
                if start >= first
            ],
        )
    return statuses


def standard_status(*, moment: MomentOfTruth, periods: int = 12) -> StandardStatus:
    """One moment's standard over its last `periods` periods (its own page)."""
    first = period_start(moment.period, timezone.localdate(), periods=1 - periods)
    source, values = standard_series(moments=[moment], since=first)[moment.pk]
    return StandardStatus(
        moment=moment,
        source=source,
        points=[
            StandardPoint(period_start=start, value=value, met=moment.is_met_by(value))
            for start, value in values.items()
        ],
    )


def latest_standard_value(today: date | None = None) -> Any:
    """An expression for a moment (OuterRef("pk")): the value of its latest recent period,
    fed or its own."""
    today = today or timezone.localdate()
    since = {period: recent_since(period, today) for period in MeasurementPeriod.values}
    recent = Q()
    for period, first in since.items():
        recent |= Q(moment__period=period, period_start__gte=first)
    own = Subquery(
        StandardMeasurement.objects.filter(recent, moment=OuterRef("pk"))
        .order_by("-period_start")
        .values("value")[:1]
    )
    feeds = extensions.standard_feeds()
    if feeds is None:
        return own
    return Coalesce(feeds.latest_value(since_week=since["week"], since_month=since["month"]), own)


# A measurable standard missed in its latest recent period, on moments annotated with
# `standard_latest` (latest_standard_value).
STANDARD_MISSED = Q(standard_latest__isnull=False) & (
    Q(comparison=MomentOfTruth.Comparison.AT_MOST, standard_latest__gt=F("target"))
    | Q(comparison=MomentOfTruth.Comparison.AT_LEAST, standard_latest__lt=F("target"))
    | (Q(comparison=MomentOfTruth.Comparison.EQUAL) & ~Q(standard_latest=F("target")))
)
