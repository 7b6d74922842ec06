"""The improvement plan (Identifier / Agir / Contrôler): each action with the measure it should
move, its baseline from before it started and, once done, the same number of periods after."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from .. import extensions
from ..models import Action, MomentOfTruth, period_start
from .standards import standard_series

# How many of its measure's periods a baseline, and the "after" of a done action, cover.
MEASURE_PERIODS = 3


@dataclass(frozen=True)
class MeasureWindow:
    """`periods` periods of a measure from `first`: [first, end)."""

    first: date
    end: date
    periods: int


def _window(period: str, first: date, periods: int) -> MeasureWindow:
    return MeasureWindow(
        first=first, end=period_start(period, first, periods=periods), periods=periods
    )


def _mean(values: dict[date, Decimal], window: MeasureWindow) -> Decimal | None:
    inside = [value for start, value in values.items() if window.first <= start < window.end]
    if not inside:
        return None
    return (sum(inside, Decimal(0)) / len(inside)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def standard_measures(*, actions: list[Action]) -> dict[int, extensions.MeasureSeries]:
    """The series of the actions measured by a moment's standard (journeys' own provider):
    two queries (standard_series)."""
    moments = {action.measure_moment_id: action.measure_moment for action in actions}
    moments.pop(None, None)
    series = standard_series(moments=list(moments.values()))
    measured = {}
    for action in actions:
        moment: MomentOfTruth | None = action.measure_moment
        if moment is None or not moment.measurable:
            continue
        measured[action.pk] = extensions.MeasureSeries(
            label=f"{moment.metric} ({moment.target_display})",
            period=moment.period,
            higher_is_better=moment.higher_is_better,
            values=series[moment.pk][1],
            target=None if moment.comparison != MomentOfTruth.Comparison.EQUAL else moment.target,
        )
    return measured


def action_baseline(*, action: Action) -> tuple[Decimal | None, date | None, int | None]:
    """The baseline of an action that started: the mean of its measure over the
    MEASURE_PERIODS periods before the one it started in, with the window's first period
    start and length; (None, None, None) without a measure or values."""
    series = extensions.action_measure_series(actions=[action]).get(action.pk)
    if series is None or action.started_on is None:
        return None, None, None
    window = _window(
        series.period,
        period_start(series.period, action.started_on, periods=-MEASURE_PERIODS),
        MEASURE_PERIODS,
    )
    return _mean(series.values, window), window.first, window.periods


@dataclass
class PlanRow:
    """An action of the plan with its measure, before and after: `after` covers as many
    periods as the baseline, from the period after the one it was done in, once all of them
    are over (`after_window` is None before that, or without a baseline)."""

    action: Action
    series: extensions.MeasureSeries | None
    before_window: MeasureWindow | None
    after_window: MeasureWindow | None
    after: Decimal | None

    @property
    def before(self) -> Decimal | None:
        return self.action.baseline

    @property
    def moved(self) -> bool | None:
        """Whether the measure moved the right way; None while it cannot be told."""
        if self.series is None or self.before is None or self.after is None:
            return None
        if self.series.target is not None:
            return abs(self.after - self.series.target) < abs(self.before - self.series.target)
        if self.series.higher_is_better:
            return self.after > self.before
        return self.after < self.before

    @property
    def not_moved(self) -> bool:
        """A done action whose measure did not move (the plan flags it)."""
        return self.action.status == Action.Status.DONE and self.moved is False

    @property
    def target_reached(self) -> bool | None:
        target = self.action.measure_target
        if target is None or self.after is None or self.series is None:
            return None
        if self.series.higher_is_better:
            return self.after >= target
        return self.after <= target


def plan_actions(*, journey_id: int) -> QuerySet[Action]:
    return (
        Action.objects.filter(journey_id=journey_id)
        .select_related("stage", "owner", "measure_moment")
        .order_by("priority", "id")
    )


def journey_plan(*, journey_id: int, today: date | None = None) -> list[PlanRow]:
    """The journey's actions in plan order with their before and after: the actions (with
    stage, owner and standard), then each measure provider's queries (a fixed number
    whatever the number of actions)."""
    today = today or timezone.localdate()
    actions = list(plan_actions(journey_id=journey_id))
    series = extensions.action_measure_series(actions=[a for a in actions if a.measure])
    rows = []
    for action in actions:
        measure = series.get(action.pk)
        before_window = after_window = after = None
        if measure is not None and action.baseline_from is not None:
            before_window = _window(measure.period, action.baseline_from, action.baseline_periods)
            if action.done_on is not None:
                window = _window(
                    measure.period,
                    period_start(measure.period, action.done_on, periods=1),
                    action.baseline_periods,
                )
                if window.end <= period_start(measure.period, today):
                    after_window, after = window, _mean(measure.values, window)
        rows.append(
            PlanRow(
                action=action,
                series=measure,
                before_window=before_window,
                after_window=after_window,
                after=after,
            )
        )
    return rows
