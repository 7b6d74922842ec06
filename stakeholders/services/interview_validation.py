"""A submitted interview validated by the CX manager into employee-side observations (with the
severity the interviewer gave), KPIs and incentives. The same plan is shown before (dry run)
and carried out; what was created is recorded under a unique key, so validating again adds
nothing."""

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
from journeys.models import Observation, Stage

from ..models import KPI, Incentive, Interview, InterviewOutcome
from .interviews import DEFAULT_SEVERITY, clean_answers, decimal_or_none, lock_interview
from .kpis import incentive_create, kpi_create


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
class ValidationPlan:
    """What validating creates; the items already created by an earlier validation are left
    out."""

    observations: list[PlannedObservation] = field(default_factory=list)
    kpis: list[PlannedKPI] = field(default_factory=list)
    incentives: list[PlannedIncentive] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.observations or self.kpis or self.incentives)


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
    for stage_id, stage_answers in (answers.get("stages") or {}).items():
        if stage_id not in stages:
            continue
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
) -> Interview:
    """Creates what `interview_validation_plan` shows. `answers`, when given, is the CX
    manager's revision of the interview's outcome, kept on the interview."""
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
    InterviewOutcome.objects.bulk_create(outcomes)
    if locked.status != Interview.Status.VALIDATED:
        locked.status = Interview.Status.VALIDATED
        locked.validated_at = timezone.now()
        locked.validated_by = validated_by
        locked.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
        events.announce("interview.validated", interview_id=locked.pk)
    return locked
