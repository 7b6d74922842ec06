"""Interviews with stakeholders: a draft, submitted to the CX manager, validated into
observations, KPIs and incentives. Validation records what it created under a unique key, so
that validating again creates nothing."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.models import User
from core.services import instance_apply
from journeys import selectors as journey_selectors
from journeys import services as journey_services
from journeys.models import Journey, Observation

from ..models import KPI, Incentive, Interview, InterviewOutcome, Stakeholder
from .kpis import incentive_create, kpi_create
from .stakeholders import validated_save

INTERVIEW_FIELDS = ("journey", "scheduled_at")

# The interview form's sections (DOMAIN.md), all required to submit.
TEXT_SECTIONS = ("channels_and_volumes", "tools", "blockers", "suggestions")
SECTION_TITLES = {
    "role_by_stage": _("Role at each stage"),
    "channels_and_volumes": _("Channels and volumes"),
    "tools": _("Tools"),
    "blockers": _("What stops them"),
    "suggestions": _("Suggestions"),
    "kpis": _("KPIs they are judged on"),
    "irritants_and_enchantments": _("Irritants and enchantments"),
    "ease_of_satisfying": _("How easy is it to satisfy the customer?"),
}


@transaction.atomic
def interview_create(
    *,
    stakeholder: Stakeholder,
    interviewer: User,
    scheduled_at,
    journey: Journey | None = None,
) -> Interview:
    """Schedules an interview with a stakeholder, as an empty draft."""
    return validated_save(
        Interview(
            stakeholder=stakeholder,
            interviewer=interviewer,
            scheduled_at=scheduled_at,
            journey=journey,
        )
    )


@transaction.atomic
def interview_update(*, interview: Interview, data: dict[str, Any]) -> Interview:
    """Changes when and about which journey an interview is held."""
    instance_apply(interview, data, INTERVIEW_FIELDS)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    """Deletes an interview; what its validation created stays."""
    interview.delete()


def _clean_answers(interview: Interview, answers: dict[str, Any]) -> dict[str, Any]:
    """Checks the shape of the answers (not their completeness) and keeps known sections."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers must be an object.")})
    stage_ids = (
        {
            str(pk)
            for pk in journey_selectors.journey_stages(journey_id=interview.journey_id).values_list(
                "pk", flat=True
            )
        }
        if interview.journey_id
        else set()
    )
    stages = answers.get("stages") or {}
    if not isinstance(stages, dict) or set(stages) - stage_ids:
        raise ValidationError({"answers": _("The answers name a stage outside the journey.")})
    cleaned: dict[str, Any] = {"stages": {}}
    for stage_id, stage_answers in stages.items():
        cleaned["stages"][stage_id] = {
            "role": str(stage_answers.get("role", "")).strip(),
            "irritants": [
                str(text).strip()
                for text in stage_answers.get("irritants", [])
                if str(text).strip()
            ],
            "enchantments": [
                str(text).strip()
                for text in stage_answers.get("enchantments", [])
                if str(text).strip()
            ],
        }
    for section in TEXT_SECTIONS:
        cleaned[section] = str(answers.get(section, "")).strip()
    for section, keys in (
        ("kpis", ("name", "unit", "target")),
        ("incentives", ("type", "eligible_population", "calculation")),
    ):
        items = answers.get(section) or []
        if not isinstance(items, list):
            raise ValidationError({"answers": _("The KPIs and incentives must be lists.")})
        cleaned[section] = [
            {key: str(item.get(key, "")).strip() for key in keys}
            for item in items
            if isinstance(item, dict)
            and str(item.get(keys[0] if section == "kpis" else "calculation", "")).strip()
        ]
    for item in cleaned["incentives"]:
        if item["type"] not in Incentive.Type.values:
            item["type"] = Incentive.Type.OTHER
    return cleaned


def _lock(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


@transaction.atomic
def interview_save_draft(
    *, interview: Interview, answers: dict[str, Any], ease_of_satisfying: int | None = None
) -> Interview:
    """Saves the answers as they are, complete or not; only a draft can change."""
    locked = _lock(interview)
    if locked.status != Interview.Status.DRAFT:
        raise ValidationError(_("A submitted interview can no longer be changed."))
    locked.answers = _clean_answers(locked, answers)
    locked.ease_of_satisfying = ease_of_satisfying
    validated_save(locked)
    return locked


def interview_missing_sections(*, interview: Interview) -> list[str]:
    """The sections still to answer before the interview can be submitted."""
    answers = interview.answers or {}
    missing = []
    stages = answers.get("stages") or {}
    if not any(stage.get("role") for stage in stages.values()):
        missing.append("role_by_stage")
    missing += [section for section in TEXT_SECTIONS if not answers.get(section)]
    if not answers.get("kpis"):
        missing.append("kpis")
    if not any(stage.get("irritants") or stage.get("enchantments") for stage in stages.values()):
        missing.append("irritants_and_enchantments")
    if interview.ease_of_satisfying is None:
        missing.append("ease_of_satisfying")
    return missing


@transaction.atomic
def interview_submit(
    *,
    interview: Interview,
    answers: dict[str, Any] | None = None,
    ease_of_satisfying: int | None = None,
) -> Interview:
    """Saves the last answers, checks every required section, and hands it to the CX manager."""
    if answers is not None:
        interview = interview_save_draft(
            interview=interview, answers=answers, ease_of_satisfying=ease_of_satisfying
        )
    locked = _lock(interview)
    if locked.status != Interview.Status.DRAFT:
        raise ValidationError(_("This interview has already been submitted."))
    if not locked.journey_id:
        raise ValidationError({"journey": _("Choose the journey the interview goes through.")})
    missing = interview_missing_sections(interview=locked)
    if missing:
        raise ValidationError(
            {
                "answers": _("Answer every section first: %(sections)s.")
                % {"sections": "; ".join(str(SECTION_TITLES[section]) for section in missing)}
            }
        )
    locked.status = Interview.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    events.announce("interview.submitted", interview_id=locked.pk)
    return locked


@transaction.atomic
def interview_validate(*, interview: Interview, validated_by: User) -> Interview:
    """Turns a submitted interview's irritants and enchantments into employee-side
    observations and its KPIs and incentives into records. Validating again adds nothing."""
    locked = _lock(interview)
    if locked.status == Interview.Status.DRAFT:
        raise ValidationError(_("Only a submitted interview can be validated."))
    done = set(locked.outcomes.values_list("key", flat=True))
    stages = {
        str(stage.pk): stage
        for stage in journey_selectors.journey_stages(journey_id=locked.journey_id)
    }
    outcomes = []
    answers = locked.answers or {}
    for stage_id, stage_answers in (answers.get("stages") or {}).items():
        for kind, texts in (
            (Observation.Kind.IRRITANT, stage_answers.get("irritants", [])),
            (Observation.Kind.ENCHANTMENT, stage_answers.get("enchantments", [])),
        ):
            for index, text in enumerate(texts):
                key = f"{kind}:{stage_id}:{index}"
                if key in done or stage_id not in stages:
                    continue
                observation = journey_services.observation_create(
                    stage=stages[stage_id],
                    kind=kind,
                    side=Observation.Side.EMPLOYEE,
                    description=text,
                    source=Observation.Source.INTERVIEW,
                )
                outcomes.append(
                    InterviewOutcome(interview=locked, key=key, observation=observation)
                )
    kpis = {kpi.name: kpi for kpi in KPI.objects.filter(stakeholder_id=locked.stakeholder_id)}
    for index, item in enumerate(answers.get("kpis", [])):
        key = f"kpi:{index}"
        if key in done:
            continue
        kpi = kpis.get(item["name"])
        if kpi is None:
            kpi = kpi_create(
                stakeholder=locked.stakeholder,
                name=item["name"],
                unit=item.get("unit", "")[:40],
                target=_decimal_or_none(item.get("target")),
            )
            kpis[kpi.name] = kpi
        outcomes.append(InterviewOutcome(interview=locked, key=key, kpi=kpi))
    for index, item in enumerate(answers.get("incentives", [])):
        key = f"incentive:{index}"
        if key in done:
            continue
        incentive = incentive_create(
            stakeholder=locked.stakeholder,
            type=item.get("type") or Incentive.Type.OTHER,
            name=item["calculation"][:200],
            eligible_population=item.get("eligible_population", "")[:200],
            calculation=item["calculation"],
        )
        outcomes.append(InterviewOutcome(interview=locked, key=key, incentive=incentive))
    InterviewOutcome.objects.bulk_create(outcomes)
    if locked.status != Interview.Status.VALIDATED:
        locked.status = Interview.Status.VALIDATED
        locked.validated_at = timezone.now()
        locked.validated_by = validated_by
        locked.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
        events.announce("interview.validated", interview_id=locked.pk)
    return locked


def _decimal_or_none(value) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", ".")) if str(value or "").strip() else None
    except ArithmeticError:
        return None
