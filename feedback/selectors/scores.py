"""Scores aggregated by the database: per journey, stage, touchpoint and month."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from journeys import selectors as journey_selectors
from journeys.models import Stage, Touchpoint

from ..models import Invitation, Response

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


# One aggregate per count: unanswered questions (NULL) are counted by none of them.
def score_aggregates(within: Q | None = None) -> dict[str, Any]:
    """The aggregates of Scores, each counting only the rows `within` when given."""

    def only(condition: Q | None) -> Q | None:
        if within is None:
            return condition
        return within if condition is None else within & condition

    return {
        "responses": Count("pk", filter=only(None)),
        "nps_count": Count("pk", filter=only(Q(nps__isnull=False))),
        "promoters": Count("pk", filter=only(Q(nps__gte=PROMOTER_MIN_NPS))),
        "detractors": Count("pk", filter=only(Q(nps__lte=DETRACTOR_MAX_NPS))),
        "csat_count": Count("pk", filter=only(Q(csat__isnull=False))),
        "csat_satisfied": Count("pk", filter=only(Q(csat__gte=SATISFIED_MIN_CSAT))),
        "ces_count": Count("pk", filter=only(Q(ces__isnull=False))),
        "ces_mean": Avg("ces", filter=only(None)),
        "ces_high": Count("pk", filter=only(Q(ces__gte=HIGH_EFFORT_MIN_CES))),
    }


SCORE_AGGREGATES = score_aggregates()


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
    def from_row(cls, row: dict[str, Any] | None) -> "Scores":
        row = row or {}
        nps_count = row.get("nps_count", 0)
        promoters, detractors = row.get("promoters", 0), row.get("detractors", 0)
        ces_count = row.get("ces_count", 0)
        ces_mean = row.get("ces_mean")
        return cls(
            responses=row.get("responses", 0),
            nps=round(100 * (promoters - detractors) / nps_count, 1) if nps_count else None,
            nps_count=nps_count,
            csat=percent_of(row.get("csat_satisfied", 0), row.get("csat_count", 0)),
            csat_count=row.get("csat_count", 0),
            ces_mean=round(float(ces_mean), 2) if ces_mean is not None else None,
            ces_high=percent_of(row.get("ces_high", 0), ces_count),
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


def responses_filter(
    *,
    journey_id: int | None = None,
    stage_id: int | None = None,
    touchpoint_id: int | None = None,
    month: date | None = None,
) -> QuerySet[Response]:
    responses = Response.objects.all()
    if journey_id:
        responses = responses.filter(invitation__event__stage__journey_id=journey_id)
    if stage_id:
        responses = responses.filter(invitation__event__stage_id=stage_id)
    if touchpoint_id:
        responses = responses.filter(invitation__event__touchpoint_id=touchpoint_id)
    if month:
        responses = responses.filter(submitted_at__year=month.year, submitted_at__month=month.month)
    return responses


def scores_get(**filters) -> Scores:
    """NPS, CSAT and CES of the responses matching the filters, in one query."""
    return Scores.from_row(responses_filter(**filters).aggregate(**SCORE_AGGREGATES))


@dataclass(frozen=True)
class StageScores:
    stage: Stage
    scores: Scores
    invitations_sent: int

    @property
    def response_rate(self) -> float | None:
        return percent_of(self.scores.responses, self.invitations_sent)


def _scores_and_sent_by(journey_id: int, by: str) -> tuple[dict[int, dict], dict[int, int]]:
    """The journey's score aggregates and invitations sent, grouped by the events' `by`
    ("stage" or "touchpoint"), in two queries."""
    key = f"invitation__event__{by}"
    rows = {
        row[key]: row
        for row in responses_filter(journey_id=journey_id)
        .filter(**{f"{key}__isnull": False})
        .values(key)
        .order_by()
        .annotate(**SCORE_AGGREGATES)
    }
    sent = dict(
        Invitation.objects.filter(
            event__stage__journey_id=journey_id,
            sent_at__isnull=False,
            **{f"event__{by}__isnull": False},
        )
        .values(f"event__{by}")
        .order_by()
        .annotate(count=Count("pk"))
        .values_list(f"event__{by}", "count")
    )
    return rows, sent


def stage_scores_for_journey(*, journey_id: int) -> list[StageScores]:
    """Every stage of the journey in order with its scores and invitation count, in three
    queries whatever the number of stages and responses: stages, responses grouped by
    stage, invitations sent grouped by stage."""
    stages = list(journey_selectors.journey_stages(journey_id=journey_id))
    rows, sent = _scores_and_sent_by(journey_id, "stage")
    return [
        StageScores(
            stage=stage,
            scores=Scores.from_row(rows.get(stage.pk)),
            invitations_sent=sent.get(stage.pk, 0),
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
    and invitation count, in three queries: responses grouped by touchpoint, invitations
    sent grouped by touchpoint, and the journey's touchpoints with their stage."""
    rows, sent = _scores_and_sent_by(journey_id, "touchpoint")
    touchpoints = journey_selectors.journey_touchpoints(journey_id=journey_id)
    return [
        TouchpointScores(
            touchpoint=touchpoint,
            scores=Scores.from_row(rows.get(touchpoint.pk)),
            invitations_sent=sent.get(touchpoint.pk, 0),
        )
        for touchpoint in touchpoints.order_by("stage__position", "position")
        if touchpoint.pk in rows or touchpoint.pk in sent
    ]


@dataclass(frozen=True)
class MonthScores:
    month: date
    scores: Scores


def monthly_scores(**filters) -> list[MonthScores]:
    """The scores per calendar month (in the site's time zone), oldest first, in one query."""
    rows = (
        responses_filter(**filters)
        .annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .order_by("month")
        .annotate(**SCORE_AGGREGATES)
    )
    return [MonthScores(month=row["month"].date(), scores=Scores.from_row(row)) for row in rows]


def stage_monthly_scores(*, stage_ids: list[int]) -> dict[int, dict[date, Scores]]:
    """The stages' scores per calendar month (site time zone), by stage id, in one query."""
    rows = (
        Response.objects.filter(invitation__event__stage_id__in=stage_ids)
        .annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("invitation__event__stage", "month")
        .order_by()
        .annotate(**SCORE_AGGREGATES)
    )
    scores: dict[int, dict[date, Scores]] = {}
    for row in rows:
        by_month = scores.setdefault(row["invitation__event__stage"], {})
        by_month[row["month"].date()] = Scores.from_row(row)
    return scores
