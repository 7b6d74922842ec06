"""The other items of a map: moments of truth, observations and the actions of the plan."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.models import User
from core.services import instance_apply

from .. import selectors
from ..models import (
    Action,
    Journey,
    MomentOfTruth,
    Observation,
    Stage,
    StandardMeasurement,
    Touchpoint,
)
from .base import touch_journeys

# Standards' measurements


@transaction.atomic
def standard_measurement_record(
    *, moment: MomentOfTruth, period_start: date, value: Decimal, note: str = ""
) -> StandardMeasurement:
    """Records (or corrects) the company's own value of a standard for one period."""
    measurement = StandardMeasurement(
        moment=moment, period_start=period_start, value=value, note=note
    )
    measurement.full_clean(exclude=["moment"], validate_unique=False)
    # The unique constraint, not a prior lookup, decides between two requests for a period.
    measurement, _created = StandardMeasurement.objects.update_or_create(
        moment=moment,
        period_start=period_start,
        defaults={"value": measurement.value, "note": note},
    )
    touch_journeys(Q(stages=moment.stage_id))
    return measurement


@transaction.atomic
def standard_measurement_delete(*, measurement: StandardMeasurement) -> None:
    """Deletes one of a standard's own measurements."""
    touch_journeys(Q(stages__moments_of_truth=measurement.moment_id))
    measurement.delete()


@transaction.atomic
def standards_fed_changed(*, moment_ids: list[int]) -> None:
    """Called by the app that feeds standards (stakeholders) when a value they take changes:
    the maps showing them change."""
    if moment_ids:
        touch_journeys(Q(stages__moments_of_truth__in=moment_ids))


MOMENT_OF_TRUTH_FIELDS = (
    "touchpoint",
    "description",
    "criticality",
    "standard",
    "standard_kind",
    "metric",
    "comparison",
    "target",
    "unit",
    "period",
    "risks",
)
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
    "measure",
    "measure_moment",
    "measure_target",
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
    **measurable: Any,
) -> MomentOfTruth:
    """Marks a stage, or one of its touchpoints, as a moment of truth; `measurable` are the
    standard's kind, metric, comparison, target, unit and period."""
    moment = MomentOfTruth(
        stage=stage,
        touchpoint=touchpoint,
        description=description,
        criticality=criticality,
        standard=standard,
        risks=risks or [],
        **{name: measurable[name] for name in MOMENT_OF_TRUTH_FIELDS if name in measurable},
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
    measure: str = "",
    measure_moment: MomentOfTruth | None = None,
    measure_target: Decimal | None = None,
) -> Action:
    """Adds an improvement action to the journey's plan, made from `observation` if given
    (an observation has one action at most), with the measure it should move."""
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
        measure=measure,
        measure_moment=measure_moment,
        measure_target=measure_target,
    )
    action.full_clean()
    action.save()
    action_progress(action=action, measure_changed=True)
    touch_journeys(Q(pk=journey.pk))
    return action


@transaction.atomic
def action_update(*, action: Action, data: dict[str, Any], today: date | None = None) -> Action:
    """Changes an action's fields; a start takes its measure's baseline, a completion
    dates it (`today`: the day it happened, when it was not today)."""
    before = (action.measure, action.measure_moment_id)
    instance_apply(action, data, ACTION_FIELDS)
    changed = before != (action.measure, action.measure_moment_id)
    action_progress(action=action, measure_changed=changed, today=today)
    touch_journeys(Q(pk=action.journey_id))
    return action


def action_progress(*, action: Action, measure_changed: bool = False, today: date | None = None):
    """Dates the action's start and completion as its status moves, and takes the baseline
    of its measure when it starts (again when the measure changes after the start); a
    completion undone forgets its date."""
    today = today or timezone.localdate()
    fields = []
    if action.status != Action.Status.TODO and action.started_on is None:
        action.started_on = today
        fields.append("started_on")
        measure_changed = True
    if action.status == Action.Status.DONE and action.done_on is None:
        action.done_on = today
        fields.append("done_on")
    elif action.status != Action.Status.DONE and action.done_on is not None:
        action.done_on = None
        fields.append("done_on")
    if action.started_on is not None and measure_changed:
        window = selectors.action_baseline(action=action)
        action.baseline, action.baseline_from, action.baseline_periods = window
        fields += ["baseline", "baseline_from", "baseline_periods"]
    if fields:
        action.save(update_fields=fields)


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
