"""What the journeys services share: versions against lost updates, the journeys' change
stamps (which the map's ETag is made of), and gap-free positions.

Stages (in a journey) and touchpoints (in a stage) keep positions 1..n without gaps. The
unique (parent, position) constraints are not deferrable, and SQLite ignores deferral anyway,
so a renumbering first moves the siblings out of the way (position + _OFFSET), then gives each
its final position: no intermediate state ever collides.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from .. import selectors
from ..models import Journey, Stage, Touchpoint

_OFFSET = 1_000_000


class StaleEdit(ValidationError):
    """The item changed (or went) since the editor read it: the write is refused."""


def bump_version(instance: Stage | Touchpoint, version: int | None, *, changed, deleted) -> None:
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


def touch_journeys(journeys: Q) -> None:
    """Marks the journeys matching `journeys` as changed (Journey.updated_at, which the map's
    ETag and Last-Modified are made of); the UPDATE also locks their rows."""
    Journey.objects.filter(journeys).update(updated_at=timezone.now())


def touch_relatives(journey: Journey) -> None:
    """Marks as changed the journeys whose "Compare with…" list shows this one
    (selectors.journey_relatives): its source, its copies and theirs, its persona's."""
    Journey.objects.filter(selectors.journey_relatives_filter(journey)).exclude(
        pk=journey.pk
    ).update(updated_at=timezone.now())


def renumber(model: type[models.Model], ordered_ids: list[int]) -> None:
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


def moved(ids: list[int], item_id: int, position: int) -> list[int]:
    """`ids` with `item_id` taken out and put back at `position` (1-based, clamped)."""
    rest = [pk for pk in ids if pk != item_id]
    index = min(max(position, 1), len(rest) + 1) - 1
    return [*rest[:index], item_id, *rest[index:]]
