"""Journey templates: saved from a journey's structure, and new journeys started from one."""

import itertools

from django.db import transaction
from django.db.models import Prefetch
from simple_history.utils import bulk_create_with_history

from core.models import User

from ..models import (
    Journey,
    JourneyTemplate,
    MomentOfTruth,
    Persona,
    PhaseSet,
    Stage,
    Touchpoint,
)
from .journeys import journey_create
from .stages import stage_codes

# What a template keeps of each item: the structure, never the measured or observed values
# (volumes, emotion scores, observations, actions).
TEMPLATE_STAGE_FIELDS = ("code", "name", "place", "funnel_phase", "customer_goal", "expectations")
TEMPLATE_TOUCHPOINT_FIELDS = ("name", "channel", "lane")
TEMPLATE_MOMENT_FIELDS = ("description", "criticality", "standard")


def journey_structure(*, journey: Journey) -> dict:
    """The journey's structure as a template keeps it (three queries)."""
    stages = (
        Stage.objects.filter(journey=journey)
        .order_by("position")
        .prefetch_related(
            Prefetch("touchpoints", queryset=Touchpoint.objects.order_by("position")),
            Prefetch("moments_of_truth", queryset=MomentOfTruth.objects.order_by("id")),
        )
    )
    structure = []
    for stage in stages:
        touchpoints = list(stage.touchpoints.all())
        index = {touchpoint.pk: number for number, touchpoint in enumerate(touchpoints)}
        structure.append(
            {
                **{field: getattr(stage, field) for field in TEMPLATE_STAGE_FIELDS},
                "touchpoints": [
                    {field: getattr(tp, field) for field in TEMPLATE_TOUCHPOINT_FIELDS}
                    for tp in touchpoints
                ],
                "moments_of_truth": [
                    {
                        **{field: getattr(moment, field) for field in TEMPLATE_MOMENT_FIELDS},
                        "touchpoint": index.get(moment.touchpoint_id),
                    }
                    for moment in stage.moments_of_truth.all()
                ],
            }
        )
    return {"phase_set": journey.phase_set, "stages": structure}


@transaction.atomic
def journey_template_create(
    *,
    name: str,
    structure: dict,
    language: str,
    description: str = "",
    created_by: User | None = None,
) -> JourneyTemplate:
    """Creates a template from a structure (validated: see validate_template_structure)."""
    template = JourneyTemplate(
        name=name,
        description=description,
        language=language,
        structure=structure,
        created_by=created_by,
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def journey_template_save(
    *,
    journey: Journey,
    name: str,
    language: str,
    description: str = "",
    created_by: User | None = None,
) -> JourneyTemplate:
    """Saves the journey's structure as a new template (the journey is left as it is)."""
    return journey_template_create(
        name=name,
        description=description,
        language=language,
        structure=journey_structure(journey=journey),
        created_by=created_by,
    )


@transaction.atomic
def journey_template_delete(*, template: JourneyTemplate) -> None:
    """Deletes a template; the journeys started from it stay."""
    template.delete()


def _stage_codes(stages: list[dict]) -> list[str]:
    """The template's codes when they are all set and distinct, else A, B, C…"""
    codes = [str(stage.get("code", "")).strip()[:8] for stage in stages]
    if all(codes) and len(set(codes)) == len(codes):
        return codes
    return list(itertools.islice(stage_codes(), len(stages)))


@transaction.atomic
def journey_create_from_template(
    *,
    template: JourneyTemplate,
    name: str,
    owner: User | None = None,
    persona: Persona | None = None,
    state: str = Journey.State.AS_IS,
) -> Journey:
    """Creates a journey with the template's stages, touchpoints and moments of truth, in
    four INSERTs and their history's whatever the template's size."""
    journey = journey_create(
        name=name,
        persona=persona,
        state=state,
        owner=owner,
        description=template.description,
        phase_set=template.structure.get("phase_set", PhaseSet.FUNNEL),
    )
    stages = template.structure["stages"]
    new_stages = bulk_create_with_history(
        [
            Stage(
                journey=journey,
                position=position,
                code=code,
                name=stage["name"],
                place=stage.get("place", ""),
                funnel_phase=stage.get("funnel_phase", ""),
                customer_goal=stage.get("customer_goal", ""),
                expectations=stage.get("expectations", ""),
            )
            for position, (code, stage) in enumerate(
                zip(_stage_codes(stages), stages, strict=True), start=1
            )
        ],
        Stage,
    )
    touchpoints = bulk_create_with_history(
        [
            Touchpoint(
                stage=new_stage,
                position=position,
                name=touchpoint["name"],
                channel=touchpoint["channel"],
                lane=touchpoint.get("lane", Touchpoint.Lane.FRONT_STAGE),
            )
            for new_stage, stage in zip(new_stages, stages, strict=True)
            for position, touchpoint in enumerate(stage.get("touchpoints", []), start=1)
        ],
        Touchpoint,
    )
    # The touchpoints come back in the order given: each stage's run of them, in turn.
    runs = iter(touchpoints)
    by_stage = [[next(runs) for _touchpoint in stage.get("touchpoints", [])] for stage in stages]
    bulk_create_with_history(
        [
            MomentOfTruth(
                stage=new_stage,
                touchpoint=(
                    stage_touchpoints[moment["touchpoint"]]
                    if moment.get("touchpoint") is not None
                    else None
                ),
                description=moment["description"],
                criticality=moment.get("criticality", MomentOfTruth.Criticality.MEDIUM),
                standard=moment.get("standard", ""),
            )
            for new_stage, stage, stage_touchpoints in zip(
                new_stages, stages, by_stage, strict=True
            )
            for moment in stage.get("moments_of_truth", [])
        ],
        MomentOfTruth,
    )
    return journey
