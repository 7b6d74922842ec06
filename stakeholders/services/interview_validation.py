"""A submitted interview validated by the CX manager into employee-side observations (with the
severity the interviewer gave), KPIs and incentives, and the involvements the CX manager
accepts among those proposed (a stage where the interviewee gave their role). The same plan
is shown before (dry run) and carried out; what was created is recorded under a unique key,
so validating again adds nothing."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.models import User
from journeys import selectors as journey_selectors
from journeys import services as journey_services
from journeys.models import Observation, Stage, Touchpoint

from ..models import KPI, Incentive, Interview, InterviewOutcome, Involvement
from .interviews import DEFAULT_SEVERITY, clean_answers, decimal_or_none, lock_interview
from .kpis import incentive_create, kpi_create
from .stakeholders import involvement_create


@dataclass
class PlannedObservation:
    key: str
    stage: Stage
    kind: str
    description: str
    severity: int

    def get_kind_display(self) -> str:
        return str(Observation.Kind(self.kind).label)


@dataclass
class PlannedKPI:
    key: str
    name: str
    unit: str
    direction: str
    target: Any
    existing: KPI | None

    def get_direction_display(self) -> str:
        return str(KPI.Direction(self.direction).label) if self.direction else ""


@dataclass
class PlannedIncentive:
    key: str
    type: str
    eligible_population: str
    calculation: str

    def get_type_display(self) -> str:
        return str(Incentive.Type(self.type).label)


@dataclass
class PlannedInvolvement:
    """A stage the interviewee works on, proposed as an involvement of the stakeholder."""

    key: str
    stage: Stage
    role: str
    channels: list[str]
    volume: int | None
    volume_period: str
    tools: str

    def get_channels_display(self) -> list[str]:
        return [str(Touchpoint.Channel(channel).label) for channel in self.channels]

    def get_volume_period_display(self) -> str:
        return str(Touchpoint.VolumePeriod(self.volume_period).label) if self.volume_period else ""


@dataclass
class ValidationPlan:
    """What validating creates; the items already created by an earlier validation are left
    out."""

    observations: list[PlannedObservation] = field(default_factory=list)
    kpis: list[PlannedKPI] = field(default_factory=list)
    incentives: list[PlannedIncentive] = field(default_factory=list)
    involvements: list[PlannedInvolvement] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.observations or self.kpis or self.incentives or self.involvements)


def interview_validation_plan(
    *, interview: Interview, answers: dict[str, Any] | None = None
) -> ValidationPlan:
    """What validating the interview (with the CX manager's revised answers, if any) would
    create. Writes nothing."""
    if interview.status == Interview.Status.DRAFT:
        raise ValidationError(_("Only a submitted interview can be validated."))
    answers = (interview.answers or {}) if answers is None else clean_answers(interview, answers)
    done = set(interview.outcomes.values_list("key", flat=True))
    stages = {
        str(stage.pk): stage
        for stage in journey_selectors.journey_stages(journey_id=interview.journey_id)
    }
    plan = ValidationPlan()
    involved = set(
        Involvement.objects.filter(
            stakeholder_id=interview.stakeholder_id, touchpoint__isnull=True
        ).values_list("stage_id", flat=True)
    )
    for stage_id, stage_answers in (answers.get("stages") or {}).items():
        if stage_id not in stages:
            continue
        key = f"involvement:{stage_id}"
        if stage_answers.get("role") and key not in done and int(stage_id) not in involved:
            plan.involvements.append(
                PlannedInvolvement(
                    key=key,
                    stage=stages[stage_id],
                    role=stage_answers["role"][:200],
                    channels=stage_answers.get("channels", []),
                    volume=stage_answers.get("volume"),
                    volume_period=stage_answers.get("volume_period", ""),
                    tools=answers.get("tools", ""),
                )
            )
        for kind, texts, severity in (
            (
                Observation.Kind.IRRITANT,
                stage_answers.get("irritants", []),
                stage_answers.get("severity") or DEFAULT_SEVERITY,
            ),
            # The interviewer rates irritants only: enchantments keep the default.
            (Observation.Kind.ENCHANTMENT, stage_answers.get("enchantments", []), DEFAULT_SEVERITY),
        ):
            for index, text in enumerate(texts):
                key = f"{kind}:{stage_id}:{index}"
                if key not in done:
                    plan.observations.append(
                        PlannedObservation(key, stages[stage_id], kind, text, severity)
                    )
    kpis = {kpi.name: kpi for kpi in KPI.objects.filter(stakeholder_id=interview.stakeholder_id)}
    for index, item in enumerate(answers.get("kpis", [])):
        key = f"kpi:{index}"
        if key not in done:
            plan.kpis.append(
                PlannedKPI(
                    key=key,
                    name=item["name"],
                    unit=item.get("unit", ""),
                    direction=item.get("direction", ""),
                    target=decimal_or_none(item.get("target")),
                    existing=kpis.get(item["name"]),
                )
            )
    for index, item in enumerate(answers.get("incentives", [])):
        key = f"incentive:{index}"
        if key not in done:
            plan.incentives.append(
                PlannedIncentive(
                    key=key,
                    type=item.get("type") or Incentive.Type.OTHER,
                    eligible_population=item.get("eligible_population", ""),
                    calculation=item["calculation"],
                )
            )
    return plan


@transaction.atomic
def interview_validate(
    *,
    interview: Interview,
    validated_by: User,
    answers: dict[str, Any] | None = None,
    ease_of_satisfying: int | None = None,
    accepted_involvements: list[str] | None = None,
) -> Interview:
    """Creates what `interview_validation_plan` shows, of its proposed involvements only the
    `accepted_involvements` (their keys, "involvement:<stage id>"). `answers`, when given, is
    the CX manager's revision of the interview's outcome, kept on the interview."""
    locked = lock_interview(interview)
    if locked.status == Interview.Status.DRAFT:
        raise ValidationError(_("Only a submitted interview can be validated."))
    if answers is not None and locked.status == Interview.Status.SUBMITTED:
        locked.answers = clean_answers(locked, answers)
        if ease_of_satisfying is not None:
            locked.ease_of_satisfying = ease_of_satisfying
        locked.full_clean()
        locked.save(update_fields=["answers", "ease_of_satisfying", "updated_at"])
    plan = interview_validation_plan(interview=locked)
    outcomes = [
        InterviewOutcome(
            interview=locked,
            key=item.key,
            observation=journey_services.observation_create(
                stage=item.stage,
                kind=item.kind,
                side=Observation.Side.EMPLOYEE,
                description=item.description,
                source=Observation.Source.INTERVIEW,
                severity=item.severity,
            ),
        )
        for item in plan.observations
    ]
    created: dict[str, KPI] = {}
    for item in plan.kpis:
        kpi = item.existing or created.get(item.name)
        if kpi is None:
            kpi = kpi_create(
                stakeholder=locked.stakeholder,
                name=item.name,
                unit=item.unit[:40],
                target=item.target,
                **({"direction": item.direction} if item.direction else {}),
            )
            created[item.name] = kpi
        outcomes.append(InterviewOutcome(interview=locked, key=item.key, kpi=kpi))
    for item in plan.incentives:
        incentive = incentive_create(
            stakeholder=locked.stakeholder,
            type=item.type,
            name=item.calculation[:200],
            eligible_population=item.eligible_population[:200],
            calculation=item.calculation,
        )
        outcomes.append(InterviewOutcome(interview=locked, key=item.key, incentive=incentive))
    accepted = set(accepted_involvements or [])
    for item in plan.involvements:
        if item.key in accepted:
            involvement = involvement_create(
                stakeholder=locked.stakeholder,
                stage=item.stage,
                office=locked.stakeholder.office,
                role=item.role,
                channels=item.channels,
                volume=item.volume,
                volume_period=item.volume_period if item.volume is not None else "",
                tools=item.tools,
            )
            outcomes.append(
                InterviewOutcome(interview=locked, key=item.key, involvement=involvement)
            )
    InterviewOutcome.objects.bulk_create(outcomes)
    if locked.status != Interview.Status.VALIDATED:
        locked.status = Interview.Status.VALIDATED
        locked.validated_at = timezone.now()
        locked.validated_by = validated_by
        locked.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
        events.announce("interview.validated", interview_id=locked.pk)
    return locked
