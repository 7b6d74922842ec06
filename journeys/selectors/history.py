"""A journey's timeline: every recorded change of the journey and of its items, newest
first, grouped into the edits a person made (the records of one user and one reason that
follow each other within a few seconds: a stage move, a restore, an import)."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Journey
from .versions import ITEM_MODELS, FieldChange, field_changes, history_scope

TIMELINE_MODELS: dict[str, type] = {"journey": Journey, **ITEM_MODELS}
TIMELINE_PER_PAGE = 50
# Records further apart than this are two edits, even by one person for one reason.
GROUP_GAP = datetime.timedelta(seconds=5)


@dataclass
class TimelineEntry:
    """One recorded change of one item."""

    kind: str
    record: object
    changes: list[FieldChange]

    @property
    def name(self) -> str:
        return str(self.record.history_object)

    @property
    def action(self) -> str:
        return {"+": "added", "~": "changed", "-": "removed"}[self.record.history_type]


@dataclass
class TimelineGroup:
    """The changes one person made at once, with the time to compare or restore from."""

    user: object
    reason: str
    at: datetime.datetime
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def date_display(self) -> str:
        return formats.date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT")

    @property
    def token(self) -> str:
        return self.at.isoformat()


def _records_union(journey_id: int):
    """(kind, history_id, history_date) of every record of the journey, as one query."""
    parts = [
        model.history.filter(history_scope(model, journey_id))
        .annotate(item_kind=Value(kind, output_field=CharField()))
        .values_list("item_kind", "history_id", "history_date")
        .order_by()
        for kind, model in TIMELINE_MODELS.items()
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def _entries(kind: str, history_ids: list[int]) -> dict[int, TimelineEntry]:
    """The records of one kind with what each changed since the item's previous record:
    one query."""
    model = TIMELINE_MODELS[kind]
    previous = (
        model.history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    # The records and the ones before them, in one query.
    with_previous = model.history.annotate(previous_id=Subquery(previous))
    rows = with_previous.filter(
        Q(history_id__in=history_ids)
        | Q(history_id__in=with_previous.filter(history_id__in=history_ids).values("previous_id"))
    ).select_related("history_user")
    by_id = {row.history_id: row for row in rows}
    entries = {}
    for record in (by_id[history_id] for history_id in history_ids):
        before = by_id.get(record.previous_id)
        changes = (
            field_changes(model, before, record)
            if before is not None and record.history_type == "~"
            else []
        )
        if before is not None and getattr(before, "position", None) != getattr(
            record, "position", None
        ):
            changes.append(FieldChange(None, _("position"), before.position, record.position))
        entries[record.history_id] = TimelineEntry(kind=kind, record=record, changes=changes)
    return entries


def journey_timeline(*, journey_id: int, page_number) -> tuple[object, list[TimelineGroup]]:
    """One page of the journey's timeline (TIMELINE_PER_PAGE records), grouped: a count and
    a page query, then one query per kind of item on the page."""
    page = Paginator(_records_union(journey_id), TIMELINE_PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    wanted: dict[str, list[int]] = {}
    for kind, history_id, _date in rows:
        wanted.setdefault(kind, []).append(history_id)
    found = {
        (kind, pk): entry
        for kind, ids in wanted.items()
        for pk, entry in _entries(kind, ids).items()
    }
    groups: list[TimelineGroup] = []
    for kind, history_id, _date in rows:
        entry = found[(kind, history_id)]
        record = entry.record
        reason = record.history_change_reason or ""
        last = groups[-1] if groups else None
        if (
            last is not None
            and last.user == record.history_user
            and last.reason == reason
            and last.entries[-1].record.history_date - record.history_date <= GROUP_GAP
        ):
            last.entries.append(entry)
        else:
            groups.append(
                TimelineGroup(
                    user=record.history_user, reason=reason, at=record.history_date, entries=[entry]
                )
            )
    return page, groups
