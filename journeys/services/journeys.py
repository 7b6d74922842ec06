"""Personas and journeys: their own fields, a journey's deep copy, its scores' change stamp."""

from typing import Any

from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import events
from core.models import User
from core.services import instance_apply

from ..models import (
    PHASE_EQUIVALENTS,
    BuyingGroupMember,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    PhaseSet,
    Stage,
    Touchpoint,
)
from .base import DUPLICATED, english, touch_journeys, touch_relatives
from .map_items import MOMENT_OF_TRUTH_FIELDS, OBSERVATION_FIELDS
from .stages import STAGE_FIELDS, TOUCHPOINT_FIELDS

PERSONA_FIELDS = ("name", "description", "buying_role", "specific_needs", "civile_needs")
JOURNEY_FIELDS = (
    "name",
    "persona",
    "state",
    "owner",
    "escalation_contact",
    "description",
    "emotion_metric",
    "phase_set",
)


@transaction.atomic
def journey_scores_changed(*, journey_id: int) -> None:
    """Called by feedback when a survey answer arrives: the map's emotion curve may move."""
    Journey.objects.filter(pk=journey_id).update(scores_changed_at=timezone.now())


# Personas


@transaction.atomic
def persona_create(
    *,
    name: str,
    description: str = "",
    buying_role: str = "",
    specific_needs: list[str] | None = None,
    civile_needs: list[str] | None = None,
) -> Persona:
    """Creates a persona."""
    persona = Persona(
        name=name,
        description=description,
        buying_role=buying_role,
        specific_needs=specific_needs or [],
        civile_needs=civile_needs or [],
    )
    persona.full_clean()
    persona.save()
    return persona


@transaction.atomic
def persona_update(*, persona: Persona, data: dict[str, Any]) -> Persona:
    """Changes a persona's fields."""
    instance_apply(persona, data, PERSONA_FIELDS)
    touch_journeys(_drawn_for_or_with(persona))
    return persona


@transaction.atomic
def persona_delete(*, persona: Persona) -> None:
    """Deletes a persona; its journeys stay, without a persona, and it leaves the buying
    groups it was in."""
    touch_journeys(_drawn_for_or_with(persona))
    persona.delete()


def _drawn_for_or_with(persona: Persona) -> Q:
    """The journeys whose map shows the persona: drawn for it, or with it in their buying
    group."""
    return Q(persona=persona) | Q(
        pk__in=BuyingGroupMember.objects.filter(persona=persona).values("journey_id")
    )


# Journeys


@transaction.atomic
def journey_create(
    *,
    name: str,
    persona: Persona | None = None,
    state: str = Journey.State.AS_IS,
    owner: User | None = None,
    escalation_contact: User | None = None,
    description: str = "",
    emotion_metric: str = Journey.EmotionMetric.NPS,
    phase_set: str = PhaseSet.FUNNEL,
) -> Journey:
    """Creates an empty journey."""
    journey = Journey(
        name=name,
        persona=persona,
        state=state,
        owner=owner,
        escalation_contact=escalation_contact,
        description=description,
        emotion_metric=emotion_metric,
        phase_set=phase_set,
    )
    journey.full_clean()
    journey.save()
    touch_relatives(journey)
    events.announce("journey.changed", journey_id=journey.pk, change="created")
    return journey


@transaction.atomic
def journey_create_with_persona(*, persona_name: str, **journey) -> Journey:
    """Creates a journey for a new persona, named here and described later; both or
    neither. `journey` holds journey_create's other arguments."""
    return journey_create(persona=persona_create(name=persona_name), **journey)


@transaction.atomic
def journey_update(*, journey: Journey, data: dict[str, Any]) -> Journey:
    """Changes a journey's own fields; a new phase set moves each stage to the nearest phase
    of that set (PHASE_EQUIVALENTS)."""
    touch_relatives(journey)  # under its former persona
    phase_set = journey.phase_set
    instance_apply(journey, data, JOURNEY_FIELDS)
    if journey.phase_set != phase_set:
        _stages_to_phase_set(journey)
    touch_relatives(journey)
    events.announce("journey.changed", journey_id=journey.pk, change="updated")
    return journey


def _stages_to_phase_set(journey: Journey) -> None:
    """Each stage's phase replaced by its equivalent in the journey's new set, in one UPDATE
    (each stage's version goes up, so an editor opened before refuses a stale save)."""
    Stage.objects.filter(journey=journey).exclude(funnel_phase="").update(
        funnel_phase=Case(
            *(When(funnel_phase=old, then=Value(new)) for old, new in PHASE_EQUIVALENTS.items()),
            default=F("funnel_phase"),
            output_field=models.CharField(),
        ),
        version=F("version") + 1,
    )


@transaction.atomic
def journey_delete(*, journey: Journey) -> None:
    """Deletes a journey with its stages, touchpoints, moments, observations and actions."""
    touch_relatives(journey)
    events.announce("journey.changed", journey_id=journey.pk, change="deleted")
    journey.delete()


@transaction.atomic
def journey_duplicate(
    *,
    journey: Journey,
    name: str,
    state: str = Journey.State.TO_BE,
    owner: User | None = None,
) -> Journey:
    """Deep-copies a journey (stages, touchpoints, moments, observations, the buying group;
    not actions)."""
    copy = Journey(
        name=name,
        persona_id=journey.persona_id,
        state=state,
        owner=owner,
        description=journey.description,
        emotion_metric=journey.emotion_metric,
        phase_set=journey.phase_set,
        source_journey=journey,
    )
    copy.full_clean()
    copied = english(DUPLICATED)
    copy._change_reason = copied
    copy.save()

    stages = list(Stage.objects.filter(journey=journey).order_by("position"))
    new_stages = bulk_create_with_history(
        [
            Stage(
                journey=copy,
                position=stage.position,
                **{f: getattr(stage, f) for f in STAGE_FIELDS},
            )
            for stage in stages
        ],
        Stage,
        default_change_reason=copied,
    )
    stage_map = {old.pk: new.pk for old, new in zip(stages, new_stages, strict=True)}

    touchpoints = list(Touchpoint.objects.filter(stage__journey=journey).order_by("pk"))
    new_touchpoints = bulk_create_with_history(
        [
            Touchpoint(
                stage_id=stage_map[touchpoint.stage_id],
                position=touchpoint.position,
                **{f: getattr(touchpoint, f) for f in TOUCHPOINT_FIELDS},
            )
            for touchpoint in touchpoints
        ],
        Touchpoint,
        default_change_reason=copied,
    )
    touchpoint_map = {old.pk: new.pk for old, new in zip(touchpoints, new_touchpoints, strict=True)}

    bulk_create_with_history(
        [
            MomentOfTruth(
                stage_id=stage_map[moment.stage_id],
                touchpoint_id=touchpoint_map.get(moment.touchpoint_id),
                # The standard with its measurable target; not its measurements.
                **{f: getattr(moment, f) for f in MOMENT_OF_TRUTH_FIELDS if f != "touchpoint"},
            )
            for moment in MomentOfTruth.objects.filter(stage__journey=journey).order_by("pk")
        ],
        MomentOfTruth,
        default_change_reason=copied,
    )
    bulk_create_with_history(
        [
            Observation(
                stage_id=stage_map[observation.stage_id],
                **{f: getattr(observation, f) for f in OBSERVATION_FIELDS},
            )
            for observation in Observation.objects.filter(stage__journey=journey).order_by("pk")
        ],
        Observation,
        default_change_reason=copied,
    )
    _copy_buying_group(journey, copy, stage_map)
    touch_relatives(copy)
    events.announce("journey.changed", journey_id=copy.pk, change="created")
    return copy


def _copy_buying_group(journey: Journey, copy: Journey, stage_map: dict[int, int]) -> None:
    """The buying group's members onto the copy, each at the copies of their stages."""
    members = list(
        BuyingGroupMember.objects.filter(journey=journey).prefetch_related("stages").order_by("pk")
    )
    new_members = BuyingGroupMember.objects.bulk_create(
        [
            BuyingGroupMember(
                journey=copy,
                persona_id=member.persona_id,
                role=member.role,
                preferred_channels=member.preferred_channels,
                specific_needs=member.specific_needs,
                civile_needs=member.civile_needs,
                needs=member.needs,
            )
            for member in members
        ]
    )
    at_stage = BuyingGroupMember.stages.through
    at_stage.objects.bulk_create(
        [
            at_stage(buyinggroupmember_id=new.pk, stage_id=stage_map[stage.pk])
            for old, new in zip(members, new_members, strict=True)
            for stage in old.stages.all()
        ]
    )
