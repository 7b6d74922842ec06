"""The journeys' version history: records for the writes that skip django-simple-history's
signals (bulk creates, UPDATEs of many rows), restoring a journey to an earlier point, and
named snapshots.

Reasons are kept in English, whatever the writer's language, and translated when the
timeline is read (the pages translate the stored text).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User

from .. import selectors
from ..models import Action, Journey, JourneySnapshot, Persona, Stage, Touchpoint
from .base import _OFFSET, english, touch_journeys, touch_relatives

RESTORED = gettext_lazy("Restored an earlier version.")


def _user_ids(ids: set) -> set:
    return set(get_user_model().objects.filter(pk__in=ids - {None}).values_list("pk", flat=True))


def _values(model: type, record, *, users: set, personas: set | None = None) -> dict:
    """The saved values of a historical record, as a row's attributes; a user or persona
    deleted since is left out rather than pointed at."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.name == "updated_at" or field.name == "scores_changed_at":
            continue
        value = getattr(record, field.attname)
        if field.is_relation and field.related_model is get_user_model():
            value = value if value in users else None
        if field.is_relation and field.related_model is Persona and personas is not None:
            value = value if value in personas else None
        values[field.attname] = value
    return values


def _restore_items(
    kind: str, target: dict, current: dict[int, models.Model], users: set, reason: str
) -> None:
    """Brings the rows of one kind to their target values: the deleted ones come back with
    their id, the changed ones are saved again; each save is a new history record."""
    model = selectors.ITEM_MODELS[kind]
    for pk, record in target.items():
        values = _values(model, record, users=users)
        row = current.get(pk)
        if row is None:
            row = model(**values)
        elif all(getattr(row, name) == value for name, value in values.items()):
            continue
        else:
            version = getattr(row, "version", None)
            for name, value in values.items():
                setattr(row, name, value)
            if version is not None:
                row.version = version + 1
        row._change_reason = reason
        row.save()


def _live(journey_id: int) -> dict[str, dict[int, models.Model]]:
    """The journey's items as they are, locked: one query per kind."""
    return {
        kind: {
            row.pk: row
            for row in model.objects.select_for_update().filter(
                Q(journey_id=journey_id)
                if kind in ("stages", "actions")
                else Q(stage__journey_id=journey_id)
            )
        }
        for kind, model in selectors.ITEM_MODELS.items()
    }


def _step_aside(live: dict, target: dict) -> None:
    """Positions, stage codes and an action's observation are unique: the rows that take
    another place first move out of the way (UPDATEs the final saves record), so that no
    row ever collides with one that has not moved yet."""
    stages = [
        pk
        for pk, row in live["stages"].items()
        if (row.position, row.code) != (target["stages"][pk].position, target["stages"][pk].code)
    ]
    Stage.objects.filter(pk__in=stages).update(
        position=F("position") + _OFFSET, code=Concat(Value("~"), Cast("id", CharField()))
    )
    touchpoints = [
        pk
        for pk, row in live["touchpoints"].items()
        if row.position != target["touchpoints"][pk].position
    ]
    Touchpoint.objects.filter(pk__in=touchpoints).update(position=F("position") + _OFFSET)
    actions = [
        pk
        for pk, row in live["actions"].items()
        if row.observation_id is not None
        and row.observation_id != target["actions"][pk].observation_id
    ]
    Action.objects.filter(pk__in=actions).update(observation=None)
    for kind, ids in (("stages", stages), ("touchpoints", touchpoints), ("actions", actions)):
        for pk in ids:
            live[kind][pk].refresh_from_db()


@transaction.atomic
def journey_restore(*, journey: Journey, at: datetime.datetime) -> Journey:
    """Brings the journey and its items back to what they were at `at`, as new versions:
    items added since are deleted, deleted ones come back with their id, changed ones get
    their former values. Nothing is lost: the restore is itself a version of the timeline,
    and can be undone the same way."""
    Journey.objects.select_for_update().filter(pk=journey.pk).exists()
    state = selectors.journey_state_at(journey_id=journey.pk, at=at)
    if state.journey is None:
        # Before its first record the journey had no map to go back to, not an empty one.
        raise ValidationError(_("The journey has no recorded version at that time."))
    reason = english(RESTORED)
    live = _live(journey.pk)
    # Added since: deleted, children first (each delete is recorded).
    for kind in reversed(selectors.ITEM_MODELS):
        for pk, row in live[kind].items():
            if pk not in state.items[kind] and type(row).objects.filter(pk=pk).exists():
                row._change_reason = reason
                row.delete()
    live = _live(journey.pk)
    _step_aside(live, state.items)
    owners = {getattr(r, "owner_id", None) for rows in state.items.values() for r in rows.values()}
    owners |= {state.journey.owner_id, state.journey.escalation_contact_id}
    users = _user_ids(owners)
    for kind in selectors.ITEM_MODELS:
        _restore_items(kind, state.items[kind], live[kind], users, reason)
    personas = set(Persona.objects.filter(pk=state.journey.persona_id).values_list("pk", flat=True))
    values = _values(Journey, state.journey, users=users, personas=personas)
    for name in ("id", "created_at", "source_journey_id"):
        values.pop(name)
    if any(getattr(journey, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(journey, name, value)
        journey._change_reason = reason
        journey.save()
    touch_journeys(Q(pk=journey.pk))
    touch_relatives(journey)
    return journey


# Named snapshots


@transaction.atomic
def snapshot_create(*, journey: Journey, name: str, taken_by: User | None) -> JourneySnapshot:
    """Names the journey's present state ("after the March workshop")."""
    snapshot = JourneySnapshot(journey=journey, name=name.strip(), taken_by=taken_by)
    snapshot.full_clean()
    snapshot.save()
    return snapshot


@transaction.atomic
def snapshot_delete(*, snapshot: JourneySnapshot) -> None:
    """Removes a snapshot's name; the history it pointed to stays."""
    snapshot.delete()
