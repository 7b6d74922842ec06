"""What the journeys services share: versions against lost updates, the history of bulk
writes, the journeys' change stamps (which the map's ETag is made of), and gap-free positions.

Stages (in a journey) and touchpoints (in a stage) keep positions 1..n without gaps. The
unique (parent, position) constraints are not deferrable, and SQLite ignores deferral anyway,
so a renumbering first moves the siblings out of the way (position + _OFFSET), then gives each
its final position: no intermediate state ever collides.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from .. import selectors
from ..models import Journey, Stage, Touchpoint

_OFFSET = 1_000_000

# Why many rows changed at once, kept in their history (in English, translated when read).
DUPLICATED = gettext_lazy("Copied from another journey.")
RELETTERED = gettext_lazy("Stages re-lettered A, B, C…")
MERGED = gettext_lazy("Observations merged.")


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
    """Gives the rows positions 1..n in the order of `ordered_ids`, in two UPDATEs, and
    records the rows that moved in their history."""
    if not ordered_ids:
        return
    before = dict(model.objects.filter(pk__in=ordered_ids).values_list("pk", "position"))
    rows = model.objects.filter(pk__in=ordered_ids)
    rows.update(position=F("position") + _OFFSET)
    rows.update(
        position=Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered_ids, start=1)),
            output_field=models.PositiveIntegerField(),
        )
    )
    record_history(
        model,
        [pk for index, pk in enumerate(ordered_ids, start=1) if before.get(pk) != index],
    )


def moved(ids: list[int], item_id: int, position: int) -> list[int]:
    """`ids` with `item_id` taken out and put back at `position` (1-based, clamped)."""
    rest = [pk for pk in ids if pk != item_id]
    index = min(max(position, 1), len(rest) + 1) - 1
    return [*rest[:index], item_id, *rest[index:]]


def english(reason) -> str:
    """The reason as it is stored: in English."""
    with translation.override("en"):
        return str(reason)


def record_history(
    model: type[models.Model], ids: Iterable[int], *, created: bool = False, reason=""
) -> None:
    """Records the rows `ids` of `model` as they now are, in one read and one insert: for
    bulk_create and queryset updates, which django-simple-history's signals do not see. The
    user is the request's (HistoryRequestMiddleware), as for a single save."""
    rows = list(model._default_manager.filter(pk__in=list(ids)).order_by("pk"))
    if rows:
        model.history.bulk_history_create(
            rows, update=not created, default_change_reason=english(reason) if reason else ""
        )
