"""Reads: scores aggregated by the database, lists with everything they show prefetched."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from journeys.models import Stage

from .filters import CaseFilterSet, InvitationFilterSet
from .models import Case, Invitation, Response

# One aggregate per count: unanswered questions (NULL) are counted by none of them.
SCORE_AGGREGATES = {
    "responses": Count("pk"),
    "nps_count": Count("pk", filter=Q(nps__isnull=False)),
    "promoters": Count("pk", filter=Q(nps__gte=9)),
    "detractors": Count("pk", filter=Q(nps__lte=6)),
    "csat_count": Count("pk", filter=Q(csat__isnull=False)),
    "csat_satisfied": Count("pk", filter=Q(csat__gte=4)),
    "ces_count": Count("pk", filter=Q(ces__isnull=False)),
    "ces_mean": Avg("ces"),
    "ces_high": Count("pk", filter=Q(ces__gte=5)),
}


def _percent(part: int, whole: int) -> float | None:
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
            csat=_percent(row.get("csat_satisfied", 0), row.get("csat_count", 0)),
            csat_count=row.get("csat_count", 0),
            ces_mean=round(float(ces_mean), 2) if ces_mean is not None else None,
            ces_high=_percent(row.get("ces_high", 0), ces_count),
            ces_count=ces_count,
        )

    @property
    def enough(self) -> bool:
        """Enough answers for the score to replace the journey map's manual emotion."""
        return self.responses >= settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE

    @property
    def emotion(self) -> int | None:
        """The NPS on the map's -2..+2 scale (-100..100 in five bands)."""
        if self.nps is None:
            return None
        return max(-2, min(2, round(self.nps / 50)))


def responses_filter(
    *,
    journey_id: int | None = None,
    stage_id: int | None = None,
    month: date | None = None,
) -> QuerySet[Response]:
    responses = Response.objects.all()
    if journey_id:
        responses = responses.filter(invitation__event__stage__journey_id=journey_id)
    if stage_id:
        responses = responses.filter(invitation__event__stage_id=stage_id)
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
        return _percent(self.scores.responses, self.invitations_sent)


def stage_scores_for_journey(*, journey_id: int) -> list[StageScores]:
    """Every stage of the journey in order with its scores and invitation count, in three
    queries whatever the number of stages and responses: stages, responses grouped by
    stage, invitations sent grouped by stage."""
    stages = list(Stage.objects.filter(journey_id=journey_id).order_by("position"))
    rows = {
        row["invitation__event__stage"]: row
        for row in responses_filter(journey_id=journey_id)
        .values("invitation__event__stage")
        .order_by()
        .annotate(**SCORE_AGGREGATES)
    }
    sent = dict(
        Invitation.objects.filter(event__stage__journey_id=journey_id, sent_at__isnull=False)
        .values("event__stage")
        .order_by()
        .annotate(count=Count("pk"))
        .values_list("event__stage", "count")
    )
    return [
        StageScores(
            stage=stage,
            scores=Scores.from_row(rows.get(stage.pk)),
            invitations_sent=sent.get(stage.pk, 0),
        )
        for stage in stages
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


def invitation_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Invitation]:
    """Invitations with their respondent, rule and stage, in one query."""
    queryset = Invitation.objects.select_related("respondent", "rule", "event__stage").order_by(
        "-send_after", "-id"
    )
    return InvitationFilterSet(filters or {}, queryset=queryset).qs


def case_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Cases with their stage, owner and response, in one query."""
    queryset = Case.objects.select_related("stage__journey", "owner", "response").order_by(
        "due_at", "id"
    )
    return CaseFilterSet(filters or {}, queryset=queryset).qs


def case_get(*, case_id: int) -> Case:
    """A case with its response, respondent, stage, owner and log."""
    return (
        Case.objects.select_related(
            "response__invitation__rule__template", "respondent", "stage__journey", "owner"
        )
        .prefetch_related("log_entries__author")
        .get(pk=case_id)
    )


def respondent_history(*, respondent_id: int | None) -> QuerySet[Invitation]:
    """The customer's invitations, newest first, with their response and stage."""
    if respondent_id is None:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(respondent_id=respondent_id)
        .select_related("event__stage", "response")
        .order_by("-send_after", "-id")
    )
