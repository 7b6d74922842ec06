from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import User
from core.pagination import count_of
from journeys import selectors as journey_selectors
from journeys.models import Journey, Stage, Touchpoint

from .filters import BreachFilterSet, InterviewFilterSet, StakeholderFilterSet
from .models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    InterviewOutcome,
    Involvement,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
    TouchpointResponsibility,
)
from .privacy import may_read_interviewees


def _with_breach_flag(queryset: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    return queryset.annotate(
        has_breach=Exists(
            SLAMeasurement.objects.filter(objective__sla__stakeholder=OuterRef("pk"), met=False)
        )
    )


def stakeholder_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Stakeholder]:
    """Stakeholders matching the list's filters, with their involvement count and whether any
    of their SLA measurements is breached, in one query."""
    queryset = _with_breach_flag(
        Stakeholder.objects.annotate(
            involvement_count=count_of(
                Involvement.objects.filter(stakeholder=OuterRef("pk")), "stakeholder"
            ),
        )
    ).order_by("name", "id")
    return StakeholderFilterSet(filters or {}, queryset=queryset).qs


def stakeholder_detail(
    *, stakeholder_id: int, with_interviews_of: User | None = None
) -> Stakeholder:
    """A stakeholder with everything its page shows, in a fixed number of queries: the
    stakeholder, involvements (with stage, journey and touchpoint), KPIs, incentives (with
    KPI), SLAs, objectives, measurements and, when asked, the interviews the user may see
    (with interviewer)."""
    prefetches = [
        Prefetch(
            "involvements",
            queryset=Involvement.objects.select_related("stage__journey", "touchpoint").order_by(
                "stage__journey__name", "stage__journey_id", "stage__position", "id"
            ),
        ),
        Prefetch("kpis", queryset=KPI.objects.order_by("name")),
        Prefetch(
            "incentives", queryset=Incentive.objects.select_related("kpi").order_by("name", "id")
        ),
        Prefetch(
            "slas",
            queryset=SLA.objects.order_by("service").prefetch_related(
                Prefetch("stages", queryset=Stage.objects.select_related("journey")),
                Prefetch(
                    "touchpoints",
                    queryset=Touchpoint.objects.select_related("stage__journey"),
                ),
                Prefetch(
                    "objectives",
                    queryset=SLAObjective.objects.order_by("metric").prefetch_related(
                        Prefetch(
                            "measurements", queryset=SLAMeasurement.objects.order_by("period_start")
                        )
                    ),
                ),
            ),
        ),
    ]
    if with_interviews_of is not None:
        prefetches.append(
            Prefetch(
                "interviews",
                queryset=interviews_for_user(user=with_interviews_of).select_related("interviewer"),
            )
        )
    return get_object_or_404(
        _with_breach_flag(Stakeholder.objects.prefetch_related(*prefetches)), pk=stakeholder_id
    )


@dataclass
class MapCell:
    involvements: list[Involvement] = field(default_factory=list)

    @property
    def offices(self) -> list[str]:
        return sorted({involvement.office for involvement in self.involvements})


@dataclass
class MapRow:
    stakeholder: Stakeholder
    cells: list[MapCell]


@dataclass
class StakeholderMap:
    journey: Journey
    stages: list[Stage]
    rows: list[MapRow]


def stakeholder_map_for_journey(*, journey_id: int) -> StakeholderMap:
    """The employee side of a journey: its stages as columns, the stakeholders involved as
    rows, each cell with the involvements (front or back office) of that stage. Three queries:
    the journey, its stages, the involvements with stakeholder and touchpoint."""
    journey = journey_selectors.journey_get(journey_id=journey_id)
    stages = list(journey_selectors.journey_stages(journey_id=journey.pk))
    involvements = list(
        _involvements_with_breach(
            Involvement.objects.filter(stage__journey=journey).select_related(
                "stakeholder", "touchpoint"
            )
        ).order_by("stakeholder__name", "stakeholder_id", "id")
    )
    column = {stage.pk: index for index, stage in enumerate(stages)}
    rows: dict[int, MapRow] = {}
    for involvement in involvements:
        row = rows.setdefault(
            involvement.stakeholder_id,
            MapRow(involvement.stakeholder, [MapCell() for _ in stages]),
        )
        row.stakeholder.has_breach = getattr(row.stakeholder, "has_breach", False) or (
            involvement.sla_breach_id is not None
        )
        row.cells[column[involvement.stage_id]].involvements.append(involvement)
    return StakeholderMap(journey=journey, stages=stages, rows=list(rows.values()))


def _involvements_with_breach(queryset: QuerySet[Involvement]) -> QuerySet[Involvement]:
    """Each involvement with the latest recent breach (SLAMeasurement.breached_recently) of
    its stakeholder's SLAs that serve its stage (or a touchpoint of it): `sla_breach_id` and
    that SLA's `sla_breach_sla_id`, both None when there is none."""
    breaches = (
        SLAMeasurement.objects.breached_recently(today=timezone.localdate())
        .filter(objective__sla__stakeholder=OuterRef("stakeholder_id"))
        .filter(
            Q(objective__sla__stages=OuterRef("stage_id"))
            | Q(objective__sla__touchpoints__stage=OuterRef("stage_id"))
        )
        .order_by("-period_start", "-pk")
    )
    return queryset.annotate(
        sla_breach_id=Subquery(breaches.values("pk")[:1]),
        sla_breach_sla_id=Subquery(breaches.values("objective__sla_id")[:1]),
    )


def stakeholders_by_stage(*, journey_id: int) -> dict[int, list[Involvement]]:
    """For the journey map's stakeholder lane: each stage's involvements, with stakeholder and
    the recent breach of an SLA serving that stage, in one query."""
    lanes: dict[int, list[Involvement]] = {}
    for involvement in _involvements_with_breach(
        Involvement.objects.filter(stage__journey_id=journey_id).select_related("stakeholder")
    ).order_by("stage__position", "stakeholder__name", "id"):
        lanes.setdefault(involvement.stage_id, []).append(involvement)
    return lanes


def sla_breaches(
    *, stakeholder_id: int | None = None, filters: dict[str, Any] | None = None
) -> QuerySet[SLAMeasurement]:
    """Breached measurements matching the list's filters, latest period first (an SLA's
    objectives together: they are made together), with objective, SLA and stakeholder."""
    queryset = SLAMeasurement.objects.filter(met=False).select_related(
        "objective__sla__stakeholder"
    )
    if stakeholder_id is not None:
        queryset = queryset.filter(objective__sla__stakeholder_id=stakeholder_id)
    queryset = queryset.order_by("-period_start", "objective_id")
    return BreachFilterSet(filters or {}, queryset=queryset).qs


def objectives_missing_measurement() -> QuerySet[SLAObjective]:
    """Objectives flagged by the daily check, with SLA and stakeholder."""
    return (
        SLAObjective.objects.exclude(missing_period_start=None)
        .select_related("sla__stakeholder")
        .order_by("sla__stakeholder__name", "metric")
    )


def interviews_for_user(*, user: User) -> QuerySet[Interview]:
    """The interviews a user may see: all for whoever may change any stakeholder (the CX
    manager), their own for an interviewer, none for anyone else."""
    queryset = Interview.objects.order_by("-scheduled_at", "id")
    if not user.has_perm("stakeholders.view_interview"):
        return queryset.none()
    if user.has_perm("stakeholders.change_stakeholder"):
        return queryset
    return queryset.filter(interviewer=user)


def interview_readable_by(*, interview: Interview, user: User) -> bool:
    """Whether `user` may read `interview` (what interviews_for_user says of one row)."""
    if not user.has_perm("stakeholders.view_interview"):
        return False
    return user.has_perm("stakeholders.change_stakeholder") or interview.interviewer_id == user.pk


def interview_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Interview]:
    """The interviews the user may see, with stakeholder, journey and interviewer."""
    queryset = interviews_for_user(user=user).select_related(
        "stakeholder", "journey", "interviewer"
    )
    return InterviewFilterSet(filters or {}, queryset=queryset).qs


def interviewees_of_observations(*, user: User, observation_ids) -> dict[int, str]:
    """The stakeholder interviewed for each observation an interview brought, by observation
    id; empty for whoever may not read interviewees (stakeholders.privacy)."""
    if not may_read_interviewees(user):
        return {}
    return dict(
        InterviewOutcome.objects.filter(observation_id__in=observation_ids).values_list(
            "observation_id", "interview__stakeholder__name"
        )
    )


def interview_outcomes(*, interview: Interview) -> QuerySet[InterviewOutcome]:
    """What a validation created, with the observation's stage, the KPI and the incentive."""
    return interview.outcomes.select_related("observation__stage", "kpi", "incentive")


# The alignment view: does what each stakeholder is judged and paid on pull with the customer?


@dataclass
class StakeholderAlignment:
    stakeholder: Stakeholder
    offices: list[str]
    kpis: list[KPI]
    incentives: list[Incentive]


@dataclass
class StageAlignment:
    stage: Stage
    # The stage's customer scores, as journeys.selectors.stage_scores_for_journey gives them.
    scores: Any
    stakeholders: list[StakeholderAlignment]

    @property
    def dissonant(self) -> int:
        return sum(
            1
            for row in self.stakeholders
            for item in [*row.kpis, *row.incentives]
            if item.alignment == KPI.Alignment.DISSONANT
        )


@dataclass
class DissonantItem:
    """A dissonant KPI or incentive and the stages (with their scores) its stakeholder serves."""

    item: KPI | Incentive
    stakeholder: Stakeholder
    stages: list[StageAlignment]


@dataclass
class JourneyAlignment:
    journey: Journey
    stages: list[StageAlignment]
    dissonant: list[DissonantItem]


def journey_alignment(*, journey: Journey, dissonant_only: bool = False) -> JourneyAlignment:
    """Each stage of the journey with its customer scores and the KPIs and incentives of the
    stakeholders who serve it; and the dissonant ones with the stages they weigh on. Five
    queries whatever the size: stages, score rollups per stage (the journey's stage scores),
    involvements with stakeholder, KPIs, incentives with KPI."""
    stage_scores = journey_selectors.stage_scores_for_journey(journey_id=journey.pk)
    involvements = list(
        Involvement.objects.filter(stage__journey=journey)
        .select_related("stakeholder")
        .order_by("stakeholder__name", "stakeholder_id", "id")
    )
    stakeholder_ids = {involvement.stakeholder_id for involvement in involvements}
    kpis: dict[int, list[KPI]] = {}
    for kpi in KPI.objects.filter(stakeholder_id__in=stakeholder_ids).order_by("name", "id"):
        kpis.setdefault(kpi.stakeholder_id, []).append(kpi)
    incentives: dict[int, list[Incentive]] = {}
    for incentive in (
        Incentive.objects.filter(stakeholder_id__in=stakeholder_ids)
        .select_related("kpi")
        .order_by("name", "id")
    ):
        incentives.setdefault(incentive.stakeholder_id, []).append(incentive)

    def kept(items):
        if not dissonant_only:
            return items
        return [item for item in items if item.alignment == KPI.Alignment.DISSONANT]

    stages = {
        row.stage.pk: StageAlignment(stage=row.stage, scores=row.scores, stakeholders=[])
        for row in stage_scores
    }
    rows: dict[tuple[int, int], StakeholderAlignment] = {}
    served: dict[int, list[StageAlignment]] = {}
    for involvement in involvements:
        stage = stages[involvement.stage_id]
        key = (involvement.stage_id, involvement.stakeholder_id)
        if key not in rows:
            row = StakeholderAlignment(
                stakeholder=involvement.stakeholder,
                offices=[],
                kpis=kept(kpis.get(involvement.stakeholder_id, [])),
                incentives=kept(incentives.get(involvement.stakeholder_id, [])),
            )
            rows[key] = row
            if row.kpis or row.incentives or not dissonant_only:
                stage.stakeholders.append(row)
            served.setdefault(involvement.stakeholder_id, []).append(stage)
        if involvement.office not in rows[key].offices:
            rows[key].offices.append(involvement.office)
    ordered = sorted(stages.values(), key=lambda stage: stage.stage.position)
    stakeholders = {
        involvement.stakeholder_id: involvement.stakeholder for involvement in involvements
    }
    dissonant = [
        DissonantItem(
            item=item,
            stakeholder=stakeholders[stakeholder_id],
            stages=sorted(served[stakeholder_id], key=lambda stage: stage.stage.position),
        )
        for stakeholder_id in sorted(stakeholders, key=lambda pk: stakeholders[pk].name)
        for item in [*kpis.get(stakeholder_id, []), *incentives.get(stakeholder_id, [])]
        if item.alignment == KPI.Alignment.DISSONANT
    ]
    return JourneyAlignment(journey=journey, stages=ordered, dissonant=dissonant)


# Reads for the apps above stakeholders


def stakeholders_external() -> QuerySet[Stakeholder]:
    """The external stakeholders by name: the processors a register entry may name."""
    return Stakeholder.objects.filter(kind=Stakeholder.Kind.EXTERNAL).order_by("name")


def responsible_stakeholder_emails(*, stage_id: int, touchpoint_id: int | None = None) -> list[str]:
    """The e-mails of the stakeholders responsible for the stage's touchpoints (those without
    one left out), the given touchpoint's first, then the others' in map order; one query."""
    return list(
        TouchpointResponsibility.objects.filter(touchpoint__stage_id=stage_id)
        .exclude(stakeholder__email="")
        .annotate(own=Case(When(touchpoint_id=touchpoint_id, then=Value(0)), default=Value(1)))
        .order_by("own", "touchpoint__position")
        .values_list("stakeholder__email", flat=True)
    )
