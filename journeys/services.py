"""Every write on journeys: keyword-only, validated with full_clean(), one transaction each.

Stages (in a journey) and touchpoints (in a stage) keep positions 1..n without gaps. The
unique (parent, position) constraints are not deferrable, and SQLite ignores deferral anyway,
so a renumbering first moves the siblings out of the way (position + _OFFSET), then gives each
its final position: no intermediate state ever collides.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from core.models import User

from .models import Action, Journey, MomentOfTruth, Observation, Persona, Stage, Touchpoint

_OFFSET = 1_000_000

PERSONA_FIELDS = ("name", "description", "buying_role", "specific_needs", "civile_needs")
JOURNEY_FIELDS = ("name", "persona", "state", "owner", "description")
STAGE_FIELDS = (
    "code",
    "name",
    "place",
    "funnel_phase",
    "customer_goal",
    "expectations",
    "emotion_score",
)
TOUCHPOINT_FIELDS = ("name", "channel", "lane", "volume", "volume_period", "tools")
MOMENT_OF_TRUTH_FIELDS = ("touchpoint", "description", "criticality", "standard")
OBSERVATION_FIELDS = ("kind", "side", "description", "source", "severity")
ACTION_FIELDS = ("stage", "title", "description", "priority", "owner", "due_date", "status")


def _apply(instance: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    """Copies the allowed fields of `data` onto `instance`, then validates and saves it."""
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()


def _renumber(model: type[models.Model], ordered_ids: list[int]) -> None:
    """Gives the rows positions 1..n in the order of `ordered_ids`, in two UPDATEs."""
    if not ordered_ids:
        return
    rows = model.objects.filter(pk__in=ordered_ids)
    rows.update(position=F("position") + _OFFSET)
    rows.update(
        position=Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered_ids, start=1)),
            output_field=models.PositiveIntegerField(),
        )
    )


def _moved(ids: list[int], item_id: int, position: int) -> list[int]:
    """`ids` with `item_id` taken out and put back at `position` (1-based, clamped)."""
    rest = [pk for pk in ids if pk != item_id]
    index = min(max(position, 1), len(rest) + 1) - 1
    return [*rest[:index], item_id, *rest[index:]]


# Personas


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


def persona_update(*, persona: Persona, data: dict[str, Any]) -> Persona:
    """Changes a persona's fields."""
    _apply(persona, data, PERSONA_FIELDS)
    return persona


def persona_delete(*, persona: Persona) -> None:
    """Deletes a persona; its journeys stay, without a persona."""
    persona.delete()


# Journeys


def journey_create(
    *,
    name: str,
    persona: Persona | None = None,
    state: str = Journey.State.AS_IS,
    owner: User | None = None,
    description: str = "",
) -> Journey:
    """Creates an empty journey."""
    journey = Journey(name=name, persona=persona, state=state, owner=owner, description=description)
    journey.full_clean()
    journey.save()
    return journey


def journey_update(*, journey: Journey, data: dict[str, Any]) -> Journey:
    """Changes a journey's own fields (not its stages)."""
    _apply(journey, data, JOURNEY_FIELDS)
    return journey


def journey_delete(*, journey: Journey) -> None:
    """Deletes a journey with its stages, touchpoints, moments, observations and actions."""
    journey.delete()


@transaction.atomic
def journey_duplicate(
    *,
    journey: Journey,
    name: str,
    state: str = Journey.State.TO_BE,
    owner: User | None = None,
) -> Journey:
    """Deep-copies a journey (stages, touchpoints, moments, observations; not actions)."""
    copy = Journey(
        name=name,
        persona_id=journey.persona_id,
        state=state,
        owner=owner,
        description=journey.description,
        source_journey=journey,
    )
    copy.full_clean()
    copy.save()

    stages = list(Stage.objects.filter(journey=journey).order_by("position"))
    new_stages = Stage.objects.bulk_create(
        [
            Stage(
                journey=copy,
                position=stage.position,
                **{f: getattr(stage, f) for f in STAGE_FIELDS},
            )
            for stage in stages
        ]
    )
    stage_map = {old.pk: new.pk for old, new in zip(stages, new_stages, strict=True)}

    touchpoints = list(Touchpoint.objects.filter(stage__journey=journey).order_by("pk"))
    new_touchpoints = Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                stage_id=stage_map[touchpoint.stage_id],
                position=touchpoint.position,
                **{f: getattr(touchpoint, f) for f in TOUCHPOINT_FIELDS},
            )
            for touchpoint in touchpoints
        ]
    )
    touchpoint_map = {old.pk: new.pk for old, new in zip(touchpoints, new_touchpoints, strict=True)}

    MomentOfTruth.objects.bulk_create(
        [
            MomentOfTruth(
                stage_id=stage_map[moment.stage_id],
                touchpoint_id=touchpoint_map.get(moment.touchpoint_id),
                description=moment.description,
                criticality=moment.criticality,
                standard=moment.standard,
            )
            for moment in MomentOfTruth.objects.filter(stage__journey=journey).order_by("pk")
        ]
    )
    Observation.objects.bulk_create(
        [
            Observation(
                stage_id=stage_map[observation.stage_id],
                **{f: getattr(observation, f) for f in OBSERVATION_FIELDS},
            )
            for observation in Observation.objects.filter(stage__journey=journey).order_by("pk")
        ]
    )
    return copy


# Stages


def _lock_stages(journey_id: int) -> list[int]:
    """Locks the journey and its stages; returns the stage ids in order."""
    Journey.objects.select_for_update().filter(pk=journey_id).exists()
    return list(
        Stage.objects.select_for_update()
        .filter(journey_id=journey_id)
        .order_by("position")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def stage_create(
    *,
    journey: Journey,
    name: str,
    code: str = "",
    position: int | None = None,
    place: str = "",
    funnel_phase: str = "",
    customer_goal: str = "",
    expectations: str = "",
    emotion_score: int | None = None,
) -> Stage:
    """Adds a stage at `position` (default: last); the stages after it move one place right."""
    ids = _lock_stages(journey.pk)
    if not code:
        code = _next_stage_code(journey_id=journey.pk)
    stage = Stage(
        journey=journey,
        position=len(ids) + 1,
        code=code,
        name=name,
        place=place,
        funnel_phase=funnel_phase,
        customer_goal=customer_goal,
        expectations=expectations,
        emotion_score=emotion_score,
    )
    stage.full_clean()
    stage.save()
    if position is not None and position <= len(ids):
        _renumber(Stage, _moved([*ids, stage.pk], stage.pk, position))
        stage.refresh_from_db(fields=["position"])
    return stage


def _next_stage_code(*, journey_id: int) -> str:
    """The first letter A, B, C… (then A2, B2…) not used by the journey's stages."""
    used = set(Stage.objects.filter(journey_id=journey_id).values_list("code", flat=True))
    round_ = 1
    while True:
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            code = letter if round_ == 1 else f"{letter}{round_}"
            if code not in used:
                return code
        round_ += 1


def stage_update(*, stage: Stage, data: dict[str, Any]) -> Stage:
    """Changes a stage's fields; its position changes only through stage_move."""
    _apply(stage, data, STAGE_FIELDS)
    return stage


@transaction.atomic
def stage_delete(*, stage: Stage) -> None:
    """Deletes a stage and closes the gap it leaves."""
    ids = _lock_stages(stage.journey_id)
    deleted_id = stage.pk
    stage.delete()
    _renumber(Stage, [pk for pk in ids if pk != deleted_id])


@transaction.atomic
def stage_move(*, stage: Stage, position: int) -> Stage:
    """Moves a stage to `position` (clamped to 1..n); the others shift to keep 1..n."""
    ids = _lock_stages(stage.journey_id)
    _renumber(Stage, _moved(ids, stage.pk, position))
    stage.refresh_from_db(fields=["position"])
    return stage


# Touchpoints


def _lock_touchpoints(stage_id: int) -> list[int]:
    """Locks the stage and its touchpoints; returns the touchpoint ids in order."""
    Stage.objects.select_for_update().filter(pk=stage_id).exists()
    return list(
        Touchpoint.objects.select_for_update()
        .filter(stage_id=stage_id)
        .order_by("position")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def touchpoint_create(
    *,
    stage: Stage,
    name: str,
    channel: str,
    lane: str = Touchpoint.Lane.FRONT_STAGE,
    position: int | None = None,
    volume: int | None = None,
    volume_period: str = "",
    tools: str = "",
) -> Touchpoint:
    """Adds a touchpoint at `position` (default: last) in its stage."""
    ids = _lock_touchpoints(stage.pk)
    touchpoint = Touchpoint(
        stage=stage,
        position=len(ids) + 1,
        name=name,
        channel=channel,
        lane=lane,
        volume=volume,
        volume_period=volume_period,
        tools=tools,
    )
    touchpoint.full_clean()
    touchpoint.save()
    if position is not None and position <= len(ids):
        _renumber(Touchpoint, _moved([*ids, touchpoint.pk], touchpoint.pk, position))
        touchpoint.refresh_from_db(fields=["position"])
    return touchpoint


def touchpoint_update(*, touchpoint: Touchpoint, data: dict[str, Any]) -> Touchpoint:
    """Changes a touchpoint's fields; its position changes only through touchpoint_move."""
    _apply(touchpoint, data, TOUCHPOINT_FIELDS)
    return touchpoint


@transaction.atomic
def touchpoint_delete(*, touchpoint: Touchpoint) -> None:
    """Deletes a touchpoint and closes the gap it leaves in its stage."""
    ids = _lock_touchpoints(touchpoint.stage_id)
    deleted_id = touchpoint.pk
    touchpoint.delete()
    _renumber(Touchpoint, [pk for pk in ids if pk != deleted_id])


@transaction.atomic
def touchpoint_move(*, touchpoint: Touchpoint, position: int) -> Touchpoint:
    """Moves a touchpoint to `position` in its stage (clamped to 1..n)."""
    ids = _lock_touchpoints(touchpoint.stage_id)
    _renumber(Touchpoint, _moved(ids, touchpoint.pk, position))
    touchpoint.refresh_from_db(fields=["position"])
    return touchpoint


# Moments of truth


def moment_of_truth_create(
    *,
    stage: Stage,
    description: str,
    touchpoint: Touchpoint | None = None,
    criticality: str = MomentOfTruth.Criticality.MEDIUM,
    standard: str = "",
) -> MomentOfTruth:
    """Marks a stage, or one of its touchpoints, as a moment of truth."""
    moment = MomentOfTruth(
        stage=stage,
        touchpoint=touchpoint,
        description=description,
        criticality=criticality,
        standard=standard,
    )
    moment.full_clean()
    moment.save()
    return moment


def moment_of_truth_update(*, moment: MomentOfTruth, data: dict[str, Any]) -> MomentOfTruth:
    """Changes a moment of truth's fields."""
    _apply(moment, data, MOMENT_OF_TRUTH_FIELDS)
    return moment


def moment_of_truth_delete(*, moment: MomentOfTruth) -> None:
    """Deletes a moment of truth."""
    moment.delete()


# Observations


def observation_create(
    *,
    stage: Stage,
    kind: str,
    side: str,
    description: str,
    source: str = Observation.Source.OTHER,
    severity: int = 2,
) -> Observation:
    """Records an irritant or an enchantment at a stage."""
    observation = Observation(
        stage=stage,
        kind=kind,
        side=side,
        description=description,
        source=source,
        severity=severity,
    )
    observation.full_clean()
    observation.save()
    return observation


def observation_update(*, observation: Observation, data: dict[str, Any]) -> Observation:
    """Changes an observation's fields."""
    _apply(observation, data, OBSERVATION_FIELDS)
    return observation


def observation_delete(*, observation: Observation) -> None:
    """Deletes an observation."""
    observation.delete()


# Actions


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
) -> Action:
    """Adds an improvement action to the journey's plan."""
    action = Action(
        journey=journey,
        stage=stage,
        title=title,
        description=description,
        priority=priority,
        owner=owner,
        due_date=due_date,
        status=status,
    )
    action.full_clean()
    action.save()
    return action


def action_update(*, action: Action, data: dict[str, Any]) -> Action:
    """Changes an action's fields."""
    _apply(action, data, ACTION_FIELDS)
    return action


def action_delete(*, action: Action) -> None:
    """Deletes an action."""
    action.delete()


def observation_to_action(
    *, observation: Observation, owner: User | None = None
) -> tuple[Action, bool]:
    """Turns an observation into an action of the plan, once: a second call returns the
    action made the first time. Returns (action, created).

    The priority follows the cross matrix: a customer irritant is fixed first (1), an
    employee irritant is a process or tool problem (2), an enchantment is capitalised on (3).
    """
    if observation.kind == Observation.Kind.ENCHANTMENT:
        priority = Action.Priority.THIRD
    elif observation.side == Observation.Side.CUSTOMER:
        priority = Action.Priority.FIRST
    else:
        priority = Action.Priority.SECOND
    stage = observation.stage
    action = Action(
        journey_id=stage.journey_id,
        stage=stage,
        observation=observation,
        title=f"{observation.get_kind_display().capitalize()}: {observation.description}"[:200],
        description=observation.description,
        priority=priority,
        owner=owner,
    )
    # The unique constraint, not a prior lookup, decides which of two clicks wins.
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:
        return Action.objects.get(observation=observation), False
    return action, True


# CSV import and export of stages and touchpoints

CSV_COLUMNS = (
    "stage_code",
    "stage_name",
    "place",
    "funnel_phase",
    "customer_goal",
    "expectations",
    "emotion_score",
    "touchpoint_name",
    "channel",
    "lane",
    "volume",
    "volume_period",
    "tools",
)
CSV_REQUIRED_COLUMNS = ("stage_code", "stage_name")


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = dataclass_field(default_factory=list)
    stage_created: bool = False


@dataclass
class ImportResult:
    rows: list[ImportRow]
    file_errors: list[str] = dataclass_field(default_factory=list)
    stages_created: int = 0
    touchpoints_created: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _integer(value: str, column: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({column: _("Enter a whole number.")}) from None


def _import_row(journey: Journey, values: dict[str, str], stages: dict[str, Stage]) -> ImportRow:
    row = ImportRow(line=0, values=values)
    code = values["stage_code"].strip()
    if not code:
        raise ValidationError({"stage_code": _("Give the stage a code.")})
    stage = stages.get(code)
    if stage is None:
        stage = stage_create(
            journey=journey,
            code=code,
            name=values["stage_name"].strip(),
            place=values.get("place", "").strip(),
            funnel_phase=values.get("funnel_phase", "").strip(),
            customer_goal=values.get("customer_goal", "").strip(),
            expectations=values.get("expectations", "").strip(),
            emotion_score=_integer(values.get("emotion_score", ""), "emotion_score"),
        )
        row.stage_created = True
    if values.get("touchpoint_name", "").strip():
        touchpoint_create(
            stage=stage,
            name=values["touchpoint_name"].strip(),
            channel=values.get("channel", "").strip(),
            lane=values.get("lane", "").strip() or Touchpoint.Lane.FRONT_STAGE,
            volume=_integer(values.get("volume", ""), "volume"),
            volume_period=values.get("volume_period", "").strip(),
            tools=values.get("tools", "").strip(),
        )
    stages[code] = stage
    return row


@transaction.atomic
def journey_import_csv(*, journey: Journey, text: str, dry_run: bool = False) -> ImportResult:
    """Adds the stages and touchpoints of a CSV file (one row per touchpoint, CSV_COLUMNS;
    a row whose stage code exists reuses that stage). Saves nothing unless every row is
    valid; with dry_run, checks everything and saves nothing."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in CSV_REQUIRED_COLUMNS if name not in header]
    if missing:
        return ImportResult(
            rows=[],
            file_errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    reader.fieldnames = header
    stages = {stage.code: stage for stage in Stage.objects.filter(journey=journey)}
    result = ImportResult(rows=[])
    for line, values in enumerate(reader, start=2):
        values = {key: (value or "") for key, value in values.items() if key in CSV_COLUMNS}
        values.setdefault("stage_code", "")
        values.setdefault("stage_name", "")
        try:
            # A savepoint per row: a failed row leaves the others checkable.
            with transaction.atomic():
                row = _import_row(journey, values, stages)
        except ValidationError as error:
            row = ImportRow(line=line, values=values, errors=_messages(error))
        row.line = line
        result.rows.append(row)
        if not row.errors:
            result.stages_created += row.stage_created
            result.touchpoints_created += bool(values.get("touchpoint_name", "").strip())
    if not result.rows:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        transaction.set_rollback(True)
    return result
