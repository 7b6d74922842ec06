"""Scores aggregated by the database: per journey, stage, touchpoint and month."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from journeys import selectors as journey_selectors
from journeys.models import Stage, Touchpoint

from ..models import ScoreRollup

# The score thresholds, here only: the aggregates count by them, and the services open a
# case for a low answer (services.response_needs_case) with them.
PROMOTER_MIN_NPS = 9
DETRACTOR_MAX_NPS = 6
SATISFIED_MIN_CSAT = 4
DISSATISFIED_MAX_CSAT = 2
HIGH_EFFORT_MIN_CES = 5
COMPLAINT_MIN_CES = 6
# A complaint is of high severity at these answers or beyond.
SEVERE_MAX_NPS = 3
SEVERE_CSAT = 1
SEVERE_CES = 7

# The recovery survey (1-5, after a case is resolved): a customer recovered at this answer or
# above; at this answer or below the case reopens as a double failure.
RECOVERED_MIN_SCORE = 4
DOUBLE_FAILURE_MAX_SCORE = 2

# The effort score's middle: neither easy nor hard.
CES_NEUTRAL = 4


# The counters of a ScoreRollup that Scores are made of.
SCORE_FIELDS = (
    "responses",
    "nps_count",
    "promoters",
    "detractors",
    "csat_count",
    "csat_satisfied",
    "ces_count",
    "ces_sum",
    "ces_high",
)


def score_totals(within: Q | None = None, prefix: str = "") -> dict[str, Sum]:
    """The sums of the rollups' counters that Scores read, each over the rollups `within`
    when given, named with `prefix` (an annotation may not take a field's own name)."""
    return {f"{prefix}{field}": Sum(field, filter=within, default=0) for field in SCORE_FIELDS}


SCORE_TOTALS = score_totals(prefix="total_")


def percent_of(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, to a tenth; None of nothing."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Scores:
    responses: int
    nps: float | None
    nps_count: int
    csat: float | None
    csat_count: int
    ces_mean: float | None
    ces_high: float | None
    ces_count: int

    @classmethod
    def from_row(cls, row: dict[str, Any] | None, prefix: str = "total_") -> "Scores":
        """Scores from the sums of SCORE_FIELDS named with `prefix`; empty without a row."""
        totals = {field: (row or {}).get(f"{prefix}{field}", 0) for field in SCORE_FIELDS}
        nps_count, csat_count, ces_count = (
            totals["nps_count"],
            totals["csat_count"],
            totals["ces_count"],
        )
        promoters, detractors = totals["promoters"], totals["detractors"]
        return cls(
            responses=totals["responses"],
            nps=round(100 * (promoters - detractors) / nps_count, 1) if nps_count else None,
            nps_count=nps_count,
            csat=percent_of(totals["csat_satisfied"], csat_count),
            csat_count=csat_count,
            ces_mean=round(totals["ces_sum"] / ces_count, 2) if ces_count else None,
            ces_high=percent_of(totals["ces_high"], ces_count),
            ces_count=ces_count,
        )

    def count_for(self, metric: str) -> int:
        """How many answers gave the metric ("nps", "csat" or "ces")."""
        return getattr(self, f"{metric}_count")

    def enough_for(self, metric: str) -> bool:
        """Enough answers to the metric for it to replace the journey map's manual emotion:
        answers that skipped it do not count."""
        return self.count_for(metric) >= settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE

    def emotion_for(self, metric: str) -> int | None:
        """The metric on the map's -2..+2 scale: the NPS (-100..100) and the CSAT (% satisfied,
        0..100) in five bands; the CES mean (1..7, 4 neutral, low is good) in steps of 1.5."""
        if metric == "nps":
            value = None if self.nps is None else self.nps / 50
        elif metric == "csat":
            value = None if self.csat is None else (self.csat - 50) / 25
        elif metric == "ces":
            value = None if self.ces_mean is None else (CES_NEUTRAL - self.ces_mean) / 1.5
        else:
            raise ValueError(f"Unknown emotion metric {metric!r}")
        return None if value is None else max(-2, min(2, round(value)))

    @property
    def enough(self) -> bool:
        """Enough NPS answers for the NPS to replace the journey map's manual emotion."""
        return self.enough_for("nps")

    @property
    def emotion(self) -> int | None:
        """The NPS on the map's -2..+2 scale (-100..100 in five bands)."""
        return self.emotion_for("nps")


def rollups_filter(
    *,
    journey_id: int | None = None,
    stage_id: int | None = None,
    touchpoint_id: int | None = None,
    month: date | None = None,
) -> QuerySet[ScoreRollup]:
    rollups = ScoreRollup.objects.all()
    if journey_id:
        rollups = rollups.filter(journey_id=journey_id)
    if stage_id:
        rollups = rollups.filter(stage_id=stage_id)
    if touchpoint_id:
        rollups = rollups.filter(touchpoint_id=touchpoint_id)
    if month:
        rollups = rollups.filter(month=month.replace(day=1))
    return rollups


def scores_get(**filters) -> Scores:
    """NPS, CSAT and CES of the responses matching the filters, in one query on the
    rollups."""
    return Scores.from_row(rollups_filter(**filters).aggregate(**SCORE_TOTALS))


@dataclass(frozen=True)
class StageScores:
    stage: Stage
    scores: Scores
    invitations_sent: int

    @property
    def response_rate(self) -> float | None:
        return percent_of(self.scores.responses, self.invitations_sent)


def _totals_by(journey_id: int, by: str) -> dict[int, dict]:
    """The journey's score totals and invitations sent, by stage or touchpoint (`by`), in
    one query on the rollups."""
    return {
        row[by]: row
        for row in ScoreRollup.objects.filter(journey_id=journey_id, **{f"{by}__isnull": False})
        .values(by)
        .order_by()
        .annotate(**SCORE_TOTALS, total_sent=Sum("invitations_sent"))
    }


def stage_scores_for_journey(*, journey_id: int) -> list[StageScores]:
    """Every stage of the journey in order with its scores and invitation count, in two
    queries whatever the number of stages and responses: stages, rollups grouped by
    stage."""
    stages = list(journey_selectors.journey_stages(journey_id=journey_id))
    rows = _totals_by(journey_id, "stage")
    return [
        StageScores(
            stage=stage,
            scores=Scores.from_row(rows.get(stage.pk)),
            invitations_sent=rows.get(stage.pk, {}).get("total_sent", 0),
        )
        for stage in stages
    ]


@dataclass(frozen=True)
class TouchpointScores:
    touchpoint: Touchpoint
    scores: Scores
    invitations_sent: int

    @property
    def response_rate(self) -> float | None:
        return percent_of(self.scores.responses, self.invitations_sent)


def touchpoint_scores_for_journey(*, journey_id: int) -> list[TouchpointScores]:
    """The touchpoints of the journey that events named, in map order, with their scores
    and invitation count, in two queries: rollups grouped by touchpoint, and the journey's
    touchpoints with their stage."""
    rows = _totals_by(journey_id, "touchpoint")
    touchpoints = journey_selectors.journey_touchpoints(journey_id=journey_id)
    return [
        TouchpointScores(
            touchpoint=touchpoint,
            scores=Scores.from_row(rows[touchpoint.pk]),
            invitations_sent=rows[touchpoint.pk]["total_sent"],
        )
        for touchpoint in touchpoints.order_by("stage__position", "position")
        if touchpoint.pk in rows
    ]


@dataclass(frozen=True)
class MonthScores:
    month: date
    scores: Scores


def monthly_scores(**filters) -> list[MonthScores]:
    """The scores per calendar month (in the site's time zone) with answers, oldest first,
    in one query on the rollups."""
    rows = (
        rollups_filter(**filters)
        .values("month")
        .order_by("month")
        .annotate(**SCORE_TOTALS)
        .filter(total_responses__gt=0)
    )
    return [MonthScores(month=row["month"], scores=Scores.from_row(row)) for row in rows]


def stage_monthly_scores(*, stage_ids: list[int]) -> dict[int, dict[date, Scores]]:
    """The stages' scores per calendar month (site time zone) with answers, by stage id, in
    one query on the rollups."""
    rows = (
        ScoreRollup.objects.filter(stage_id__in=stage_ids)
        .values("stage", "month")
        .order_by()
        .annotate(**SCORE_TOTALS)
        .filter(total_responses__gt=0)
    )
    scores: dict[int, dict[date, Scores]] = {}
    for row in rows:
        scores.setdefault(row["stage"], {})[row["month"]] = Scores.from_row(row)
    return scores


def invitation_counts(*, journey_id: int) -> dict[str, int]:
    """The journey's invitations sent, of those how many answered, and the suppressed ones,
    in one query on the rollups."""
    return ScoreRollup.objects.filter(journey_id=journey_id).aggregate(
        sent=Sum("invitations_sent", default=0),
        answered=Sum("invitations_answered", default=0),
        suppressed=Sum("invitations_suppressed", default=0),
    )
