"""Trends that answer questions: each stage's NPS, CSAT and CES month by month over a period,
two periods side by side, and the response rate of each follow-up rule."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from journeys import selectors as journey_selectors
from journeys.models import Stage

from ..models import FollowUpRule, Invitation, Response
from .scores import SCORE_AGGREGATES, Scores, percent_of, score_aggregates

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

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as [start, end) instants in the site's time zone."""
        after = self.months[-1]
        after = date(after.year + after.month // 12, after.month % 12 + 1, 1)
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.first, time.min, tzinfo=zone),
            datetime.combine(after, time.min, tzinfo=zone),
        )


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
    start, end = period.bounds()
    rows = (
        Response.objects.filter(
            invitation__event__stage__journey_id=journey_id,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("invitation__event__stage", "month")
        .order_by()
        .annotate(**SCORE_AGGREGATES)
    )
    by_stage_month = {
        (row["invitation__event__stage"], row["month"].date()): Scores.from_row(row) for row in rows
    }
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
        start, end = period.bounds()
        within = Q(submitted_at__gte=start, submitted_at__lt=end)
        for key, aggregate in score_aggregates(within).items():
            aggregates[f"{name}_{key}"] = aggregate
    rows = {
        row["invitation__event__stage"]: row
        for row in Response.objects.filter(invitation__event__stage__journey_id=journey_id)
        .values("invitation__event__stage")
        .order_by()
        .annotate(**aggregates)
    }

    def scores(row, name):
        if row is None:
            return Scores.from_row(None)
        return Scores.from_row({key: row[f"{name}_{key}"] for key in SCORE_AGGREGATES})

    return [
        StageComparison(
            stage=stage,
            first=scores(rows.get(stage.pk), "first"),
            second=scores(rows.get(stage.pk), "second"),
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
    many were answered, in one query."""
    start, end = period.bounds()
    sent = Q(
        invitations__sent_at__gte=start,
        invitations__sent_at__lt=end,
    )
    rules = (
        FollowUpRule.objects.filter(stage__journey_id=journey_id)
        .select_related("stage")
        .annotate(
            sent_count=Count("invitations", filter=sent),
            answered_count=Count(
                "invitations",
                filter=sent & Q(invitations__status=Invitation.Status.ANSWERED),
            ),
        )
        .order_by("stage__position", "name", "id")
    )
    return [
        RuleResponseRate(rule=rule, sent=rule.sent_count, answered=rule.answered_count)
        for rule in rules
    ]
