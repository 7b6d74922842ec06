"""The other items of a map: moments of truth, observations and the actions of the plan."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from core.models import User
from core.services import instance_apply

from .. import selectors
from ..models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint
from .base import touch_journeys

MOMENT_OF_TRUTH_FIELDS = ("touchpoint", "description", "criticality", "standard", "risks")
OBSERVATION_FIELDS = ("kind", "side", "description", "source", "severity", "risks")
ACTION_FIELDS = (
    "stage",
    "title",
    "description",
    "priority",
    "owner",
    "due_date",
    "status",
    "observation",
)


# Moments of truth


@transaction.atomic
def moment_of_truth_create(
    *,
    stage: Stage,
    description: str,
    touchpoint: Touchpoint | None = None,
    criticality: str = MomentOfTruth.Criticality.MEDIUM,
    standard: str = "",
    risks: list[str] | None = None,
) -> MomentOfTruth:
    """Marks a stage, or one of its touchpoints, as a moment of truth."""
    moment = MomentOfTruth(
        stage=stage,
        touchpoint=touchpoint,
        description=description,
        criticality=criticality,
        standard=standard,
        risks=risks or [],
    )
    moment.full_clean()
    moment.save()
    touch_journeys(Q(stages=stage.pk))
    return moment


@transaction.atomic
def moment_of_truth_update(*, moment: MomentOfTruth, data: dict[str, Any]) -> MomentOfTruth:
    """Changes a moment of truth's fields."""
    instance_apply(moment, data, MOMENT_OF_TRUTH_FIELDS)
    touch_journeys(Q(stages=moment.stage_id))
    return moment


@transaction.atomic
def moment_of_truth_delete(*, moment: MomentOfTruth) -> None:
    """Deletes a moment of truth."""
    touch_journeys(Q(stages=moment.stage_id))
    moment.delete()


# Observations


@transaction.atomic
def observation_create(
    *,
    stage: Stage,
    kind: str,
    side: str,
    description: str,
    source: str = Observation.Source.OTHER,
    severity: int = 2,
    risks: list[str] | None = None,
) -> Observation:
    """Records an irritant or an enchantment at a stage."""
    observation = Observation(
        stage=stage,
        kind=kind,
        side=side,
        description=description,
        source=source,
        severity=severity,
        risks=risks or [],
    )
    observation.full_clean()
    observation.save()
    touch_journeys(Q(stages=stage.pk))
    return observation


@transaction.atomic
def observation_update(*, observation: Observation, data: dict[str, Any]) -> Observation:
    """Changes an observation's fields."""
    instance_apply(observation, data, OBSERVATION_FIELDS)
    touch_journeys(Q(stages=observation.stage_id))
    return observation


@transaction.atomic
def observation_erase_description(*, observation: Observation, erased_text: str) -> Observation:
    """Replaces an observation's words by `erased_text` (a respondent's erasure: the words
    were theirs), in its history too: no earlier version keeps them."""
    observation = observation_update(observation=observation, data={"description": erased_text})
    Observation.history.filter(id=observation.pk).update(description=erased_text)
    return observation


@transaction.atomic
def observation_delete(*, observation: Observation) -> None:
    """Deletes an observation."""
    touch_journeys(Q(stages=observation.stage_id))
    observation.delete()


# Actions


@transaction.atomic
def action_create(
    *,
    journey: Journey,
    title: str,
    stage: Stage | None = None,
    description: str = "",
    priority: int = Action.Priority.SECOND,
    owner: User | None = None,
    due_date: date | None = None,
    status: str = Action.Status.TODO,
    observation: Observation | None = None,
) -> Action:
    """Adds an improvement action to the journey's plan, made from `observation` if given
    (an observation has one action at most)."""
    action = Action(
        journey=journey,
        stage=stage,
        title=title,
        description=description,
        priority=priority,
        owner=owner,
        due_date=due_date,
        status=status,
        observation=observation,
    )
    action.full_clean()
    action.save()
    touch_journeys(Q(pk=journey.pk))
    return action


@transaction.atomic
def action_update(*, action: Action, data: dict[str, Any]) -> Action:
    """Changes an action's fields."""
    instance_apply(action, data, ACTION_FIELDS)
    touch_journeys(Q(pk=action.journey_id))
    return action


@transaction.atomic
def action_delete(*, action: Action) -> None:
    """Deletes an action."""
    touch_journeys(Q(pk=action.journey_id))
    action.delete()


@transaction.atomic
def observation_to_action(
    *, observation: Observation, owner: User | None = None
) -> tuple[Action, bool]:
    """Turns an observation into an action of the plan, once: a second call returns the
    action made the first time. Returns (action, created).

    The priority is that of the observation's cross-matrix quadrant
    (selectors.observation_action_priority).
    """
    stage = observation.stage
    at_stage = selectors.observations_with_links(list(stage.observations.all()))
    subject = next((o for o in at_stage if o.pk == observation.pk), observation)
    priority = selectors.observation_action_priority(observation=subject, at_stage=at_stage)
    action = Action(
        journey_id=stage.journey_id,
        stage=stage,
        observation=observation,
        title=f"{observation.get_kind_display().capitalize()}: {observation.description}"[:200],
        description=observation.description,
        priority=priority,
        owner=owner,
    )
    # The unique constraint, not a prior lookup, decides which of two clicks wins; the
    # savepoint lets the loser read the winner's action.
    try:
        with transaction.atomic():
            action.save()
            touch_journeys(Q(pk=stage.journey_id))
    except IntegrityError:
        return Action.objects.get(observation=observation), False
    return action, True
