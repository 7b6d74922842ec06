"""Invitations and cases, with everything their lists show fetched in one query."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import ngettext_lazy

from core.models import User
from journeys.extensions import StageRisk

from ..filters import CaseFilterSet, InvitationFilterSet
from ..models import Case, DissatisfactionRisk, Invitation
from ..models.cases import CASE_HANDLED, CASE_OPEN_DUE_AT


def invitation_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Invitation]:
    """Invitations with their respondent, rule and stage, in one query."""
    queryset = Invitation.objects.select_related("respondent", "rule", "event__stage").order_by(
        "-send_after", "-id"
    )
    return InvitationFilterSet(filters or {}, queryset=queryset).qs


def cases_by_urgency(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Open and in-progress cases first, the earliest due (so the most overdue) on top; then
    resolved and closed ones, the most recently due first (the index feedback_case_urgency)."""
    return queryset.annotate(handled=CASE_HANDLED, open_due_at=CASE_OPEN_DUE_AT).order_by(
        "handled", F("open_due_at").asc(nulls_last=True), "-due_at", "-id"
    )


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


CASES = ngettext_lazy("%(count)d case", "%(count)d cases", "count")


def case_risks_by_stage(*, journey_id: int) -> dict[int, list[StageRisk]]:
    """For the journey map's risks row: how many cases of each dissatisfaction risk each
    stage of the journey had, in one query."""
    by_stage: dict[int, list[StageRisk]] = {}
    rows = (
        Case.objects.filter(stage__journey_id=journey_id)
        .exclude(category="")
        .values("stage_id", "category")
        .annotate(cases=Count("pk"))
        .order_by("stage_id", "category")
    )
    for row in rows:
        by_stage.setdefault(row["stage_id"], []).append(
            StageRisk(risk=row["category"], source=CASES, count=row["cases"])
        )
    return by_stage


def case_get(*, case_id: int) -> Case:
    """A case with its response, respondent, stage, owner, log and replies."""
    return (
        Case.objects.select_related(
            "response__invitation__rule__template",
            "respondent",
            "stage__journey",
            "owner",
            "improvement_action",
            "recovery_survey",
        )
        .prefetch_related("log_entries__author", "replies__author")
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
