"""Trends that answer questions: each stage's NPS, CSAT and CES month by month over a period,
two periods side by side, and the response rate of each follow-up rule."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from journeys import selectors as journey_selectors
from journeys.models import Stage

from ..models import FollowUpRule, ScoreRollup
from .scores import SCORE_TOTALS, Scores, percent_of, score_totals

METRICS = ("nps", "csat", "ces")


@dataclass(frozen=True)
class Period:
    """Whole calendar months, from `first` to `last` (first days of months)."""

    first: date
    last: date

    @property
    def months(self) -> list[date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months


def metric_value(scores: Scores, metric: str) -> float | None:
    """The metric as charted: the NPS, the CSAT (% satisfied) or the CES mean."""
    return {"nps": scores.nps, "csat": scores.csat, "ces": scores.ces_mean}[metric]


@dataclass(frozen=True)
class StageTrend:
    stage: Stage
    months: list[tuple[date, Scores]]


def stage_trends(*, journey_id: int, period: Period) -> list[StageTrend]:
    """Every stage of the journey with its scores in each month of the period (a month
    without answers has empty scores), in two queries whatever the number of months."""
    rows = (
        ScoreRollup.objects.filter(
            journey_id=journey_id, month__gte=period.first, month__lte=period.last
        )
        .values("stage", "month")
        .order_by()
        .annotate(**SCORE_TOTALS)
    )
    by_stage_month = {(row["stage"], row["month"]): Scores.from_row(row) for row in rows}
    empty = Scores.from_row(None)
    return [
        StageTrend(
            stage=stage,
            months=[
                (month, by_stage_month.get((stage.pk, month), empty)) for month in period.months
            ],
        )
        for stage in journey_selectors.journey_stages(journey_id=journey_id)
    ]


@dataclass(frozen=True)
class StageComparison:
    stage: Stage
    first: Scores
    second: Scores

    def change(self, metric: str) -> float | None:
        before, after = metric_value(self.first, metric), metric_value(self.second, metric)
        return None if before is None or after is None else round(after - before, 2)


def period_comparison(*, journey_id: int, first: Period, second: Period) -> list[StageComparison]:
    """Each stage's scores in two periods, side by side, in two queries."""
    aggregates = {}
    for name, period in (("first", first), ("second", second)):
        within = Q(month__gte=period.first, month__lte=period.last)
        aggregates.update(score_totals(within, prefix=f"{name}_"))
    rows = {
        row["stage"]: row
        for row in ScoreRollup.objects.filter(journey_id=journey_id)
        .values("stage")
        .order_by()
        .annotate(**aggregates)
    }
    return [
        StageComparison(
            stage=stage,
            first=Scores.from_row(rows.get(stage.pk), prefix="first_"),
            second=Scores.from_row(rows.get(stage.pk), prefix="second_"),
        )
        for stage in journey_selectors.journey_stages(journey_id=journey_id)
    ]


@dataclass(frozen=True)
class RuleResponseRate:
    rule: FollowUpRule
    sent: int
    answered: int

    @property
    def rate(self) -> float | None:
        return percent_of(self.answered, self.sent)


def response_rate_by_rule(*, journey_id: int, period: Period) -> list[RuleResponseRate]:
    """Each follow-up rule of the journey with the invitations it sent in the period and how
    many of those were answered, in one query on the rollups."""
    within = Q(score_rollups__month__gte=period.first, score_rollups__month__lte=period.last)
    rules = (
        FollowUpRule.objects.filter(stage__journey_id=journey_id)
        .select_related("stage")
        .annotate(
            sent_count=Sum("score_rollups__invitations_sent", filter=within, default=0),
            answered_count=Sum("score_rollups__invitations_answered", filter=within, default=0),
        )
        .order_by("stage__position", "name", "id")
    )
    return [
        RuleResponseRate(rule=rule, sent=rule.sent_count, answered=rule.answered_count)
        for rule in rules
    ]
