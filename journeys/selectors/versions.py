"""A journey's map at any point of its history, and what changed between two points.

django-simple-history keeps one record per change of a journey and of each of its items. The
map at a time is, for each item of the journey, its latest record up to that time unless that
record is a deletion. Items keep their id when a restore brings them back, so two points are
compared item by item.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import (
    Action,
    ChoiceListValidator,
    Journey,
    JourneySnapshot,
    MomentOfTruth,
    Observation,
    Stage,
    Touchpoint,
)

# The items of a map, parents first (the order a restore recreates them in).
ITEM_MODELS: dict[str, type] = {
    "stages": Stage,
    "touchpoints": Touchpoint,
    "moments_of_truth": MomentOfTruth,
    "observations": Observation,
    "actions": Action,
}
# Fields that are bookkeeping, not content: a change of them alone is no difference.
UNCOMPARED = {"id", "version", "position", "journey", "stage"}


def history_scope(model: type, journey_id: int) -> Q:
    """The records of `model`'s history that belong to the journey, deleted items included
    (a stage never changes journey, nor an item its stage)."""
    if model is Journey:
        return Q(id=journey_id)
    if model in (Stage, Action):
        return Q(journey_id=journey_id)
    return Q(stage_id__in=Stage.history.filter(journey_id=journey_id).values("id"))


@dataclass
class MapState:
    """The journey and its items as they were at `at`: historical records by id."""

    at: datetime.datetime
    journey: object | None
    items: dict[str, dict[int, object]]


def journey_state_at(*, journey_id: int, at: datetime.datetime) -> MapState:
    """The map as it was at `at`: one query for the journey, one per kind of item."""
    items = {}
    for kind, model in {"journey": Journey, **ITEM_MODELS}.items():
        records = model.history.filter(
            history_scope(model, journey_id), history_date__lte=at
        ).latest_of_each()
        latest: dict[int, object] = {}
        for record in records.order_by("history_date", "history_id"):
            latest[record.id] = record  # two records at the same instant: the later id wins
        items[kind] = {pk: record for pk, record in latest.items() if record.history_type != "-"}
    journey = items.pop("journey").get(journey_id)
    return MapState(at=at, journey=journey, items=items)


@dataclass
class Point:
    """A point of a journey's history: a named snapshot, a time, or now."""

    at: datetime.datetime
    snapshot: JourneySnapshot | None = None

    @property
    def token(self) -> str:
        if self.snapshot is not None:
            return f"snapshot-{self.snapshot.pk}"
        return self.at.isoformat()

    @property
    def display(self) -> str:
        if self.snapshot is not None:
            return self.snapshot.name
        return formats.date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT")


def history_point(*, journey_id: int, token: str) -> Point | None:
    """The point a token names ("now", "snapshot-<id>" or an ISO date and time); None when
    it names nothing of this journey."""
    token = (token or "").strip()
    if token in ("", "now"):
        return Point(at=timezone.now())
    if token.startswith("snapshot-"):
        number = token.removeprefix("snapshot-")
        snapshot = (
            JourneySnapshot.objects.filter(journey_id=journey_id, pk=number).first()
            if number.isdigit()
            else None
        )
        return Point(at=snapshot.taken_at, snapshot=snapshot) if snapshot else None
    try:
        at = datetime.datetime.fromisoformat(token.replace(" ", "+"))
    except ValueError:
        return None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return Point(at=at)


def value_display(field, value) -> str:
    """A stored value as the map shows it; a link to another row shows nothing (the item
    it points to has its own line)."""
    if field is None or field.is_relation:
        return ""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    labels = dict(field.flatchoices) if field.choices else None
    for validator in field.validators:
        if isinstance(validator, ChoiceListValidator):
            labels = dict(validator.choices.choices)
    if labels is None:
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    return str(labels.get(value, value))


@dataclass
class FieldChange:
    """One field of one item, before and after; `field` is None for the position."""

    field: object
    label: str
    before: object
    after: object

    @property
    def name(self) -> str:
        return self.field.name if self.field is not None else "position"

    @property
    def before_display(self) -> str:
        if self.field is None:
            return str(self.before)
        return value_display(self.field, self.before)

    @property
    def after_display(self) -> str:
        if self.field is None:
            return str(self.after)
        return value_display(self.field, self.after)


@dataclass
class ItemChange:
    """One item between two points: added, removed, changed or the same; `moved` when its
    place among the items of both points changed."""

    kind: str
    id: int
    before: object | None
    after: object | None
    fields: list[FieldChange] = field(default_factory=list)
    moved: bool = False

    @property
    def record(self):
        return self.after if self.after is not None else self.before

    @property
    def status(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if self.fields or self.moved else "same"


def compared_fields(model: type) -> list:
    """The fields a diff compares: the content, not the bookkeeping."""
    return [f for f in model._meta.concrete_fields if f.name not in UNCOMPARED and f.editable]


def field_changes(model: type, before, after) -> list[FieldChange]:
    """The compared fields whose values differ between two records of one item."""
    return [
        FieldChange(f, str(f.verbose_name), getattr(before, f.attname), getattr(after, f.attname))
        for f in compared_fields(model)
        if getattr(before, f.attname) != getattr(after, f.attname)
    ]


def _longest_common_order(before: list[int], after: list[int]) -> set[int]:
    """The ids of the longest run of `after` that keeps `before`'s order: the others moved."""
    lengths = [[0] * (len(after) + 1) for _ in range(len(before) + 1)]
    for i, left in enumerate(before):
        for j, right in enumerate(after):
            lengths[i + 1][j + 1] = (
                lengths[i][j] + 1 if left == right else max(lengths[i][j + 1], lengths[i + 1][j])
            )
    kept, i, j = set(), len(before), len(after)
    while i and j:
        if before[i - 1] == after[j - 1]:
            kept.add(before[i - 1])
            i, j = i - 1, j - 1
        elif lengths[i - 1][j] >= lengths[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return kept


def _positions(records: dict[int, object], common: set[int], parent: str) -> dict:
    """The common items' ids in order, per parent (all stages, or each stage's touchpoints)."""
    ordered: dict[int, list[int]] = {}
    for record in sorted(records.values(), key=lambda r: r.position):
        if record.id in common:
            ordered.setdefault(getattr(record, parent), []).append(record.id)
    return ordered


def _item_changes(kind: str, before: dict, after: dict) -> dict[int, ItemChange]:
    model = ITEM_MODELS[kind]
    changes = {}
    for pk in [*before, *(pk for pk in after if pk not in before)]:
        old, new = before.get(pk), after.get(pk)
        fields = field_changes(model, old, new) if old is not None and new is not None else []
        changes[pk] = ItemChange(kind=kind, id=pk, before=old, after=new, fields=fields)
    if kind in ("stages", "touchpoints"):
        parent = "journey_id" if kind == "stages" else "stage_id"
        common = set(before) & set(after)
        old_order = _positions(before, common, parent)
        new_order = _positions(after, common, parent)
        for key, ids in new_order.items():
            kept = _longest_common_order(old_order.get(key, []), ids)
            for pk in ids:
                changes[pk].moved = pk not in kept
    return changes


@dataclass
class StageColumn:
    """A stage of the compared map with the changes of its items."""

    stage: ItemChange
    touchpoints: list[ItemChange]
    moments_of_truth: list[ItemChange]
    observations: list[ItemChange]
    actions: list[ItemChange]


@dataclass
class JourneyDiff:
    before: MapState
    after: MapState
    journey_fields: list[FieldChange]
    columns: list[StageColumn]
    journey_actions: list[ItemChange]
    changes: dict[str, list[ItemChange]]

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """How many items of each kind were added, removed and changed."""
        return {
            kind: {
                status: sum(1 for change in changes if change.status == status)
                for status in ("added", "removed", "changed")
            }
            for kind, changes in self.changes.items()
        }

    @property
    def is_empty(self) -> bool:
        return not self.journey_fields and all(
            change.status == "same" for changes in self.changes.values() for change in changes
        )


def _column_order(before: dict, after: dict) -> list[int]:
    """The stages in the later order, a removed stage put back after the stage it followed."""
    order = [record.id for record in sorted(after.values(), key=lambda r: r.position)]
    previous = None
    for record in sorted(before.values(), key=lambda r: r.position):
        if record.id not in after:
            order.insert(order.index(previous) + 1 if previous in order else 0, record.id)
        previous = record.id
    return order


def journey_diff(*, before: MapState, after: MapState) -> JourneyDiff:
    """What changed between two states of one journey, as the map with each stage's items."""
    changes = {
        kind: _item_changes(kind, before.items[kind], after.items[kind]) for kind in ITEM_MODELS
    }

    def position(change: ItemChange):
        return (getattr(change.record, "position", 0), change.id)

    by_stage: dict[tuple[str, int | None], list[ItemChange]] = {}
    for kind in ("touchpoints", "moments_of_truth", "observations", "actions"):
        for change in sorted(changes[kind].values(), key=position):
            by_stage.setdefault((kind, change.record.stage_id), []).append(change)
    columns = [
        StageColumn(
            stage=changes["stages"][pk],
            touchpoints=by_stage.get(("touchpoints", pk), []),
            moments_of_truth=by_stage.get(("moments_of_truth", pk), []),
            observations=by_stage.get(("observations", pk), []),
            actions=by_stage.get(("actions", pk), []),
        )
        for pk in _column_order(before.items["stages"], after.items["stages"])
    ]
    journey_fields = (
        field_changes(Journey, before.journey, after.journey)
        if before.journey is not None and after.journey is not None
        else []
    )
    return JourneyDiff(
        before=before,
        after=after,
        journey_fields=[f for f in journey_fields if f.name != "source_journey"],
        columns=columns,
        journey_actions=by_stage.get(("actions", None), []),
        changes={kind: list(kind_changes.values()) for kind, kind_changes in changes.items()},
    )


def snapshot_list(*, journey_id: int):
    """The journey's named snapshots, newest first, with who took them: one query."""
    return JourneySnapshot.objects.filter(journey_id=journey_id).select_related("taken_by")
