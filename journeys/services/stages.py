"""Stages and touchpoints: each kept in order (positions 1..n without gaps, see base), each
edit checked against the version the editor read."""

import itertools
from collections.abc import Iterator
from typing import Any

from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext as _

from core.services import instance_apply

from ..models import Journey, Stage, Touchpoint
from .base import RELETTERED, bump_version, moved, record_history, renumber, touch_journeys

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


# Stages


def _lock_stages(journey_id: int) -> list[int]:
    """Locks the journey (marking it changed) and its stages; returns the stage ids in order."""
    touch_journeys(Q(pk=journey_id))
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
        renumber(Stage, moved([*ids, stage.pk], stage.pk, position))
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
    record_history(Stage, ids, reason=RELETTERED)


@transaction.atomic
def stage_update(*, stage: Stage, data: dict[str, Any], version: int | None = None) -> Stage:
    """Changes a stage's fields; its position changes only through stage_move. With the
    `version` the editor read, refuses to overwrite someone else's change (StaleEdit)."""
    bump_version(
        stage,
        version,
        changed=_(
            "This stage was changed by someone else since you opened it; reload it to see "
            "their changes."
        ),
        deleted=_("This stage was deleted by someone else since you opened it."),
    )
    instance_apply(stage, data, STAGE_FIELDS)
    touch_journeys(Q(pk=stage.journey_id))
    return stage


@transaction.atomic
def stage_delete(*, stage: Stage) -> None:
    """Deletes a stage and closes the gap it leaves."""
    ids = _lock_stages(stage.journey_id)
    deleted_id = stage.pk
    stage.delete()
    renumber(Stage, [pk for pk in ids if pk != deleted_id])


@transaction.atomic
def stage_move(*, stage: Stage, position: int) -> Stage:
    """Moves a stage to `position` (clamped to 1..n); the others shift to keep 1..n."""
    ids = _lock_stages(stage.journey_id)
    renumber(Stage, moved(ids, stage.pk, position))
    stage.refresh_from_db(fields=["position"])
    return stage


# Touchpoints


def _lock_touchpoints(stage_id: int) -> list[int]:
    """Locks the journey (marking it changed), the stage and its touchpoints; returns the
    touchpoint ids in order."""
    touch_journeys(Q(stages=stage_id))
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
        renumber(Touchpoint, moved([*ids, touchpoint.pk], touchpoint.pk, position))
        touchpoint.refresh_from_db(fields=["position"])
    return touchpoint


@transaction.atomic
def touchpoint_update(
    *, touchpoint: Touchpoint, data: dict[str, Any], version: int | None = None
) -> Touchpoint:
    """Changes a touchpoint's fields; its position changes only through touchpoint_move.
    With the `version` the editor read, refuses to overwrite someone else's change."""
    bump_version(
        touchpoint,
        version,
        changed=_(
            "This touchpoint was changed by someone else since you opened it; reload it to "
            "see their changes."
        ),
        deleted=_("This touchpoint was deleted by someone else since you opened it."),
    )
    instance_apply(touchpoint, data, TOUCHPOINT_FIELDS)
    touch_journeys(Q(stages=touchpoint.stage_id))
    return touchpoint


@transaction.atomic
def touchpoint_delete(*, touchpoint: Touchpoint) -> None:
    """Deletes a touchpoint and closes the gap it leaves in its stage."""
    ids = _lock_touchpoints(touchpoint.stage_id)
    deleted_id = touchpoint.pk
    touchpoint.delete()
    renumber(Touchpoint, [pk for pk in ids if pk != deleted_id])


@transaction.atomic
def touchpoint_move(*, touchpoint: Touchpoint, position: int) -> Touchpoint:
    """Moves a touchpoint to `position` in its stage (clamped to 1..n)."""
    ids = _lock_touchpoints(touchpoint.stage_id)
    renumber(Touchpoint, moved(ids, touchpoint.pk, position))
    touchpoint.refresh_from_db(fields=["position"])
    return touchpoint
