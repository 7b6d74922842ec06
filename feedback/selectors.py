"""Reads: scores aggregated by the database, lists with everything they show prefetched."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as SqlCase
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.models import User
from journeys import selectors as journey_selectors
from journeys.models import Stage, Touchpoint

from .filters import CaseFilterSet, InvitationFilterSet
from .models import (
    Case,
    DissatisfactionRisk,
    Invitation,
    Respondent,
    Response,
    ServiceEvent,
)

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

# One aggregate per count: unanswered questions (NULL) are counted by none of them.
SCORE_AGGREGATES = {
    "responses": Count("pk"),
    "nps_count": Count("pk", filter=Q(nps__isnull=False)),
    "promoters": Count("pk", filter=Q(nps__gte=PROMOTER_MIN_NPS)),
    "detractors": Count("pk", filter=Q(nps__lte=DETRACTOR_MAX_NPS)),
    "csat_count": Count("pk", filter=Q(csat__isnull=False)),
    "csat_satisfied": Count("pk", filter=Q(csat__gte=SATISFIED_MIN_CSAT)),
    "ces_count": Count("pk", filter=Q(ces__isnull=False)),
    "ces_mean": Avg("ces"),
    "ces_high": Count("pk", filter=Q(ces__gte=HIGH_EFFORT_MIN_CES)),
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
        return _percent(self.scores.responses, self.invitations_sent)


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
        return _percent(self.scores.responses, self.invitations_sent)


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


def invitation_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Invitation]:
    """Invitations with their respondent, rule and stage, in one query."""
    queryset = Invitation.objects.select_related("respondent", "rule", "event__stage").order_by(
        "-send_after", "-id"
    )
    return InvitationFilterSet(filters or {}, queryset=queryset).qs


def cases_by_urgency(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Open and in-progress cases first, the earliest due (so the most overdue) on top; then
    resolved and closed ones, the most recently due first."""
    return queryset.annotate(
        handled=SqlCase(When(status__in=Case.OPEN_STATUSES, then=Value(0)), default=Value(1)),
        open_due_at=SqlCase(When(status__in=Case.OPEN_STATUSES, then=F("due_at"))),
    ).order_by("handled", F("open_due_at").asc(nulls_last=True), "-due_at", "-id")


def case_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Cases with their stage, owner and response, most urgent first, in one query; the text
    search only for a user who may read the titles and comments."""
    queryset = Case.objects.select_related("stage__journey", "owner", "response")
    return CaseFilterSet(filters or {}, queryset=cases_by_urgency(queryset), user=user).qs


# Cases of one category at one stage, not yet in the plan, that make a recurring cause.
RECURRING_CASE_MINIMUM = 3


@dataclass(frozen=True)
class RecurringCause:
    stage_id: int
    stage_label: str
    category: str
    category_label: str
    cases: int


def recurring_causes(
    *, journey_id: int, minimum: int = RECURRING_CASE_MINIMUM
) -> list[RecurringCause]:
    """Dissatisfaction risks that recur at least `minimum` times at one stage of the
    journey among the cases not yet turned into an improvement action, the most frequent
    first, in one query."""
    labels = dict(DissatisfactionRisk.choices)
    rows = (
        Case.objects.filter(stage__journey_id=journey_id, improvement_action__isnull=True)
        .exclude(category="")
        .values("stage", "stage__code", "stage__name", "stage__position", "category")
        .annotate(cases=Count("pk"))
        .filter(cases__gte=minimum)
        .order_by("-cases", "stage__position", "category")
    )
    return [
        RecurringCause(
            stage_id=row["stage"],
            stage_label=f"{row['stage__code']}. {row['stage__name']}",
            category=row["category"],
            category_label=str(labels.get(row["category"], row["category"])),
            cases=row["cases"],
        )
        for row in rows
    ]


def case_get(*, case_id: int) -> Case:
    """A case with its response, respondent, stage, owner and log."""
    return (
        Case.objects.select_related(
            "response__invitation__rule__template",
            "respondent",
            "stage__journey",
            "owner",
            "improvement_action",
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


# Parcours' own GDPR: a respondent's access request.


def respondent_search(*, query: str) -> QuerySet[Respondent]:
    """Respondents whose e-mail or external reference starts with `query` (or is `query`),
    any case; erased respondents, whose address and reference are blank, never match."""
    query = query.strip()
    if not query:
        return Respondent.objects.none()
    return Respondent.objects.filter(
        Q(email__istartswith=query) | Q(external_ref__istartswith=query)
    ).order_by("external_ref", "pk")


def respondent_references(*, respondent_ids) -> dict[int, str]:
    """The external reference of each respondent still known and not erased, by id."""
    return dict(
        Respondent.objects.filter(pk__in=set(respondent_ids), erased_at__isnull=True).values_list(
            "pk", "external_ref"
        )
    )


def respondents_expired(*, before: datetime) -> list[int]:
    """The respondents not erased yet, created before `before` with no service event since:
    the ones retention erases."""
    return list(
        Respondent.objects.filter(created_at__lt=before, erased_at__isnull=True)
        .exclude(
            Exists(ServiceEvent.objects.filter(respondent=OuterRef("pk"), received_at__gte=before))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def respondent_export(*, respondent_id: int) -> dict:
    """Everything Parcours holds about a respondent, ready for JSON: the respondent, their
    service events, invitations with responses, and cases with their log."""
    respondent = Respondent.objects.get(pk=respondent_id)
    events = ServiceEvent.objects.filter(respondent_id=respondent_id).select_related(
        "stage", "touchpoint"
    )
    invitations = Invitation.objects.filter(respondent_id=respondent_id).select_related(
        "rule", "response"
    )
    cases = (
        Case.objects.filter(respondent_id=respondent_id)
        .select_related("stage")
        .prefetch_related("log_entries")
    )

    def when(value):
        return value.isoformat() if value else None

    def amount(value):
        return None if value is None else f"{value:.2f}"

    def response(invitation):
        answer = getattr(invitation, "response", None)
        if answer is None:
            return None
        return {
            "nps": answer.nps,
            "csat": answer.csat,
            "ces": answer.ces,
            "comment": answer.comment,
            "language": answer.language,
            "submitted_at": when(answer.submitted_at),
        }

    return {
        "respondent": {
            "id": respondent.pk,
            "external_ref": respondent.external_ref,
            "email": respondent.email,
            "language": respondent.language,
            "unsubscribed_at": when(respondent.unsubscribed_at),
            "created_at": when(respondent.created_at),
        },
        "service_events": [
            {
                "id": event.pk,
                "stage": str(event.stage),
                "touchpoint": str(event.touchpoint) if event.touchpoint else None,
                "occurred_at": when(event.occurred_at),
                "source": event.source,
                "idempotency_key": event.idempotency_key,
            }
            for event in events
        ],
        "invitations": [
            {
                "id": invitation.pk,
                "rule": str(invitation.rule),
                "status": invitation.status,
                "suppression_reason": invitation.suppression_reason,
                "sent_at": when(invitation.sent_at),
                "reminded_at": when(invitation.reminded_at),
                "answered_at": when(invitation.answered_at),
                "response": response(invitation),
            }
            for invitation in invitations
        ],
        "cases": [
            {
                "id": case.pk,
                "title": case.title,
                "stage": str(case.stage),
                "status": case.status,
                "category": case.category,
                "severity": case.severity,
                "due_at": when(case.due_at),
                "harm_amount": amount(case.harm_amount),
                "compensation_offered": amount(case.compensation_offered),
                "distributive_justice": case.distributive_justice,
                "procedural_justice": case.procedural_justice,
                "interactional_justice": case.interactional_justice,
                "recontacted_at": when(case.recontacted_at),
                "opened_at": when(case.created_at),
                "log": [
                    {"at": when(entry.at), "text": entry.text} for entry in case.log_entries.all()
                ],
            }
            for case in cases
        ],
    }


# Reads for gdpr (added by the gdpr helper)


def respondent_get(*, respondent_id: int) -> Respondent:
    """One respondent; Respondent.DoesNotExist when there is none."""
    return Respondent.objects.get(pk=respondent_id)
