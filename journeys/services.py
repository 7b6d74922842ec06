"""Every write on journeys: keyword-only, validated with full_clean(), one transaction each.

Stages (in a journey) and touchpoints (in a stage) keep positions 1..n without gaps. The
unique (parent, position) constraints are not deferrable, and SQLite ignores deferral anyway,
so a renumbering first moves the siblings out of the way (position + _OFFSET), then gives each
its final position: no intermediate state ever collides.
"""

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.services import instance_apply

from . import selectors
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
TOUCHPOINT_FIELDS = (
    "name",
    "channel",
    "lane",
    "volume",
    "volume_period",
    "tools",
    "collects_personal_data",
)
MOMENT_OF_TRUTH_FIELDS = ("touchpoint", "description", "criticality", "standard")
OBSERVATION_FIELDS = ("kind", "side", "description", "source", "severity")
ACTION_FIELDS = ("stage", "title", "description", "priority", "owner", "due_date", "status")


class StaleEdit(ValidationError):
    """The item changed (or went) since the editor read it: the write is refused."""


def _bump_version(instance: Stage | Touchpoint, version: int | None, *, changed, deleted) -> None:
    """Locks the item's row and gives `instance` the next version; refuses the write when the
    caller read an older `version` than the one saved (None skips the check)."""
    current = (
        type(instance)
        .objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None:
        raise StaleEdit(deleted, code="deleted")
    if version is not None and version != current:
        raise StaleEdit(changed, code="stale")
    instance.version = current + 1


def _touch(**journey_lookup) -> None:
    """Marks the journeys matching the lookup as changed (Journey.updated_at, which the map's
    ETag and Last-Modified are made of); the UPDATE also locks their rows."""
    Journey.objects.filter(**journey_lookup).update(updated_at=timezone.now())


def journey_scores_changed(*, journey_id: int) -> None:
    """Called by feedback when a survey answer arrives: the map's emotion curve may move."""
    Journey.objects.filter(pk=journey_id).update(scores_changed_at=timezone.now())


def _touch_relatives(journey: Journey) -> None:
    """Marks as changed the journeys whose "Compare with…" list shows this one
    (selectors.journey_relatives): its source, its copies and theirs, its persona's."""
    Journey.objects.filter(selectors.journey_relatives_filter(journey)).exclude(
        pk=journey.pk
    ).update(updated_at=timezone.now())


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


@transaction.atomic
def persona_update(*, persona: Persona, data: dict[str, Any]) -> Persona:
    """Changes a persona's fields."""
    instance_apply(persona, data, PERSONA_FIELDS)
    _touch(persona=persona)
    return persona


@transaction.atomic
def persona_delete(*, persona: Persona) -> None:
    """Deletes a persona; its journeys stay, without a persona."""
    _touch(persona=persona)
    persona.delete()


# Journeys


@transaction.atomic
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
    _touch_relatives(journey)
    return journey


@transaction.atomic
def journey_update(*, journey: Journey, data: dict[str, Any]) -> Journey:
    """Changes a journey's own fields (not its stages)."""
    _touch_relatives(journey)  # under its former persona
    instance_apply(journey, data, JOURNEY_FIELDS)
    _touch_relatives(journey)
    return journey


@transaction.atomic
def journey_delete(*, journey: Journey) -> None:
    """Deletes a journey with its stages, touchpoints, moments, observations and actions."""
    _touch_relatives(journey)
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
    _touch_relatives(copy)
    return copy


# Stages


def _lock_stages(journey_id: int) -> list[int]:
    """Locks the journey (marking it changed) and its stages; returns the stage ids in order."""
    _touch(pk=journey_id)
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


def stage_codes() -> Iterator[str]:
    """The automatic stage codes, in order: A, B, C… Z, then A2, B2…"""
    for round_ in itertools.count(1):
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            yield letter if round_ == 1 else f"{letter}{round_}"


def _next_stage_code(*, journey_id: int) -> str:
    """The first automatic code not used by the journey's stages."""
    used = set(Stage.objects.filter(journey_id=journey_id).values_list("code", flat=True))
    return next(code for code in stage_codes() if code not in used)


@transaction.atomic
def journey_reletter_stages(*, journey: Journey) -> None:
    """Gives the stages the codes A, B, C… in their order. Codes stay with their stage when
    it moves (comparisons, CSV imports and the GDPR register match stages by code), so this
    is the user's explicit choice; each stage's version goes up."""
    ids = _lock_stages(journey.pk)
    if not ids:
        return
    stages = Stage.objects.filter(pk__in=ids)
    # Temporary codes first: the (journey, code) constraint must hold after each UPDATE.
    stages.update(
        code=Case(
            *(When(pk=pk, then=Value(f"~{index}")) for index, pk in enumerate(ids)),
            output_field=models.CharField(),
        )
    )
    stages.update(
        code=Case(
            *(When(pk=pk, then=Value(code)) for pk, code in zip(ids, stage_codes(), strict=False)),
            output_field=models.CharField(),
        ),
        version=F("version") + 1,
    )


@transaction.atomic
def stage_update(*, stage: Stage, data: dict[str, Any], version: int | None = None) -> Stage:
    """Changes a stage's fields; its position changes only through stage_move. With the
    `version` the editor read, refuses to overwrite someone else's change (StaleEdit)."""
    _bump_version(
        stage,
        version,
        changed=_(
            "This stage was changed by someone else since you opened it; reload it to see "
            "their changes."
        ),
        deleted=_("This stage was deleted by someone else since you opened it."),
    )
    instance_apply(stage, data, STAGE_FIELDS)
    _touch(pk=stage.journey_id)
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
    """Locks the journey (marking it changed), the stage and its touchpoints; returns the
    touchpoint ids in order."""
    _touch(stages=stage_id)
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
    collects_personal_data: bool = False,
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
        collects_personal_data=collects_personal_data,
    )
    touchpoint.full_clean()
    touchpoint.save()
    if position is not None and position <= len(ids):
        _renumber(Touchpoint, _moved([*ids, touchpoint.pk], touchpoint.pk, position))
        touchpoint.refresh_from_db(fields=["position"])
    return touchpoint


@transaction.atomic
def touchpoint_update(
    *, touchpoint: Touchpoint, data: dict[str, Any], version: int | None = None
) -> Touchpoint:
    """Changes a touchpoint's fields; its position changes only through touchpoint_move.
    With the `version` the editor read, refuses to overwrite someone else's change."""
    _bump_version(
        touchpoint,
        version,
        changed=_(
            "This touchpoint was changed by someone else since you opened it; reload it to "
            "see their changes."
        ),
        deleted=_("This touchpoint was deleted by someone else since you opened it."),
    )
    instance_apply(touchpoint, data, TOUCHPOINT_FIELDS)
    _touch(stages=touchpoint.stage_id)
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


@transaction.atomic
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
    _touch(stages=stage.pk)
    return moment


@transaction.atomic
def moment_of_truth_update(*, moment: MomentOfTruth, data: dict[str, Any]) -> MomentOfTruth:
    """Changes a moment of truth's fields."""
    instance_apply(moment, data, MOMENT_OF_TRUTH_FIELDS)
    _touch(stages=moment.stage_id)
    return moment


@transaction.atomic
def moment_of_truth_delete(*, moment: MomentOfTruth) -> None:
    """Deletes a moment of truth."""
    _touch(stages=moment.stage_id)
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
    _touch(stages=stage.pk)
    return observation


@transaction.atomic
def observation_update(*, observation: Observation, data: dict[str, Any]) -> Observation:
    """Changes an observation's fields."""
    instance_apply(observation, data, OBSERVATION_FIELDS)
    _touch(stages=observation.stage_id)
    return observation


@transaction.atomic
def observation_delete(*, observation: Observation) -> None:
    """Deletes an observation."""
    _touch(stages=observation.stage_id)
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
    _touch(pk=journey.pk)
    return action


@transaction.atomic
def action_update(*, action: Action, data: dict[str, Any]) -> Action:
    """Changes an action's fields."""
    instance_apply(action, data, ACTION_FIELDS)
    _touch(pk=action.journey_id)
    return action


@transaction.atomic
def action_delete(*, action: Action) -> None:
    """Deletes an action."""
    _touch(pk=action.journey_id)
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
            _touch(pk=stage.journey_id)
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
    "collects_personal_data",
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


# The CSV columns checked against a model field: its length and choices.
_CSV_FIELDS = {
    "stage_code": (Stage, "code"),
    "stage_name": (Stage, "name"),
    "place": (Stage, "place"),
    "funnel_phase": (Stage, "funnel_phase"),
    "touchpoint_name": (Touchpoint, "name"),
    "channel": (Touchpoint, "channel"),
    "lane": (Touchpoint, "lane"),
    "volume_period": (Touchpoint, "volume_period"),
}
_CSV_TOUCHPOINT_COLUMNS = ("channel", "lane", "volume", "volume_period", "tools")
_CSV_TRUE = ("yes", "true", "1")
_CSV_FALSE = ("", "no", "false", "0")


def _column_error(column: str, values: dict[str, str]) -> str | None:
    """What is wrong with one column of a row, in words a user understands; None if fine."""
    value = values.get(column, "").strip()
    if column in _CSV_FIELDS:
        model, name = _CSV_FIELDS[column]
        field = model._meta.get_field(name)
        if field.max_length and len(value) > field.max_length:
            return _("“%(column)s” is too long: at most %(max)s characters.") % {
                "column": column,
                "max": field.max_length,
            }
        allowed = [choice for choice, _label in field.choices or []]
        if value and allowed and value not in allowed:
            return _("“%(column)s”: “%(value)s” is not allowed; use one of: %(choices)s.") % {
                "column": column,
                "value": value,
                "choices": ", ".join(allowed),
            }
    if column in ("emotion_score", "volume") and value:
        low, high = (-2, 2) if column == "emotion_score" else (0, None)
        try:
            number = int(value)
        except ValueError:
            return _("“%(column)s”: “%(value)s” is not a whole number.") % {
                "column": column,
                "value": value,
            }
        if number < low or (high is not None and number > high):
            if high is None:
                return _("“%(column)s” cannot be negative.") % {"column": column}
            return _("“%(column)s” must be between %(low)s and %(high)s.") % {
                "column": column,
                "low": f"{low:+d}",
                "high": f"{high:+d}",
            }
    if column == "collects_personal_data" and value.lower() not in (*_CSV_TRUE, *_CSV_FALSE):
        return _("“%(column)s”: “%(value)s” is not yes or no.") % {
            "column": column,
            "value": value,
        }
    return None


def _row_errors(values: dict[str, str], *, new_stage: bool) -> list[str]:
    """Every problem of one row, so that a user fixes the file in one go."""
    errors = []
    required = ["stage_code", "stage_name"] if new_stage else ["stage_code"]
    has_touchpoint = bool(values.get("touchpoint_name", "").strip())
    if has_touchpoint:
        required.append("channel")
    for column in required:
        if not values.get(column, "").strip():
            errors.append(_("“%(column)s” is empty; it is required.") % {"column": column})
    for column in CSV_COLUMNS:
        error = _column_error(column, values)
        if error:
            errors.append(error)
    if (
        has_touchpoint
        and values.get("volume", "").strip()
        and not values.get("volume_period", "").strip()
    ):
        errors.append(
            _("“volume_period” is empty: say per what period the volume is counted (%(periods)s).")
            % {"periods": ", ".join(Touchpoint.VolumePeriod.values)}
        )
    if not has_touchpoint and any(
        values.get(column, "").strip() for column in _CSV_TOUCHPOINT_COLUMNS
    ):
        errors.append(
            _("“touchpoint_name” is empty but the row has touchpoint columns; name the touchpoint.")
        )
    return errors


def _messages(error: ValidationError, *, touchpoint: bool) -> list[str]:
    """A service's refusal (rare once _row_errors passed), with the CSV column named."""
    columns = {"name": "touchpoint_name" if touchpoint else "stage_name", "code": "stage_code"}
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        message
        if name == "__all__"
        else _("“%(column)s”: %(message)s")
        % {"column": columns.get(name, name), "message": message}
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _integer(value: str) -> int | None:
    return int(value) if value.strip() else None


class _RowRefused(Exception):
    """A service refused the row; its savepoint is rolled back."""

    def __init__(self, row: ImportRow):
        self.row = row


def _import_row(journey: Journey, values: dict[str, str], stages: dict[str, Stage]) -> ImportRow:
    row = ImportRow(line=0, values=values)
    code = values["stage_code"].strip()
    stage = stages.get(code)
    if stage is None:
        try:
            stage = stage_create(
                journey=journey,
                code=code,
                name=values["stage_name"].strip(),
                place=values.get("place", "").strip(),
                funnel_phase=values.get("funnel_phase", "").strip(),
                customer_goal=values.get("customer_goal", "").strip(),
                expectations=values.get("expectations", "").strip(),
                emotion_score=_integer(values.get("emotion_score", "")),
            )
        except ValidationError as error:
            row.errors = _messages(error, touchpoint=False)
            raise _RowRefused(row) from error
        row.stage_created = True
    if values.get("touchpoint_name", "").strip():
        try:
            touchpoint_create(
                stage=stage,
                name=values["touchpoint_name"].strip(),
                channel=values.get("channel", "").strip(),
                lane=values.get("lane", "").strip() or Touchpoint.Lane.FRONT_STAGE,
                volume=_integer(values.get("volume", "")),
                volume_period=values.get("volume_period", "").strip(),
                tools=values.get("tools", "").strip(),
                collects_personal_data=values.get("collects_personal_data", "").strip().lower()
                in _CSV_TRUE,
            )
        except ValidationError as error:
            row.errors = _messages(error, touchpoint=True)
            raise _RowRefused(row) from error
    stages[code] = stage
    return row


@transaction.atomic
def journey_import_csv(*, journey: Journey, text: str, dry_run: bool = False) -> ImportResult:
    """Adds the stages and touchpoints of a CSV file (one row per touchpoint, CSV_COLUMNS;
    a row whose stage code exists reuses that stage). Saves nothing unless every row is
    valid; with dry_run, checks everything and saves nothing."""
    # Read through once first: a malformed file (a stray carriage return, a huge field) is one
    # clear error rather than a crash halfway through the rows.
    checker = csv.reader(io.StringIO(text, newline=""))
    try:
        for _record in checker:
            pass
    except csv.Error:
        return ImportResult(
            rows=[],
            file_errors=[
                _("Line %(line)s is not valid CSV: quote fields that hold line breaks or commas.")
                % {"line": checker.line_num}
            ],
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
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
    failed_stages: dict[str, int] = {}  # code → the line where adding the stage failed
    for line, values in enumerate(reader, start=2):
        values = {key: (value or "") for key, value in values.items() if key in CSV_COLUMNS}
        values.setdefault("stage_code", "")
        values.setdefault("stage_name", "")
        code = values["stage_code"].strip()
        if code in failed_stages and code not in stages:
            errors = _row_errors(values, new_stage=False)
            errors.append(
                _("Stage “%(code)s” could not be added: see line %(line)s.")
                % {"code": code, "line": failed_stages[code]}
            )
        else:
            errors = _row_errors(values, new_stage=code not in stages)
        if errors:
            row = ImportRow(line=line, values=values, errors=errors)
        else:
            try:
                # A savepoint per row: a failed row leaves the others checkable.
                with transaction.atomic():
                    row = _import_row(journey, values, stages)
            except _RowRefused as refused:
                row = refused.row
        row.line = line
        result.rows.append(row)
        if row.errors and code not in stages:
            failed_stages.setdefault(code, line)
        if not row.errors:
            result.stages_created += row.stage_created
            result.touchpoints_created += bool(values.get("touchpoint_name", "").strip())
    if not result.rows:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        transaction.set_rollback(True)
    return result
