"""A register entry's history as a person reads it: field labels, choice labels, people's
names, yes / no, the project's date formats, in the active language.

django-simple-history keeps raw values (`in_review`, a user's id, `True`); they are turned
into what the entry's page would show when the history is read, so a history recorded in
one language reads in the other.
"""

from datetime import date, datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def date_display(value) -> str:
    """A date, or a date and time in the local time zone, in the project's short format."""
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _choice_labels(field: models.Field) -> dict | None:
    if field.choices:
        return dict(field.flatchoices)
    for validator in field.validators:
        choices = getattr(validator, "choices", None)
        if choices is not None:
            return dict(choices.choices)
    return None


def _related(model, changes) -> dict[tuple[str, object], str]:
    """The names of the related rows the changes point to: one query per related model."""
    wanted: dict[type, set] = {}
    for change in changes:
        field = model._meta.get_field(change.field)
        if field.is_relation and field.many_to_one:
            values = {value for value in (change.old, change.new) if value is not None}
            wanted.setdefault(field.related_model, set()).update(values)
    names = {}
    for related_model, ids in wanted.items():
        for pk, row in related_model._default_manager.in_bulk(ids).items():
            names[(related_model._meta.label, pk)] = str(row)
    return names


def value_display(field: models.Field, value, related: dict) -> str:
    """One stored value as the entry's page shows it ("" for nothing)."""
    if value is None or value == "" or value == []:
        return ""
    if field.is_relation and field.many_to_one:
        key = (field.related_model._meta.label, value)
        # A row deleted since keeps its id in the history.
        return related.get(key, _("#%(id)s (deleted)") % {"id": value})
    labels = _choice_labels(field)
    if labels is not None:
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, (date, datetime)):
        return date_display(value)
    return str(value)


def entry_history(*, entry) -> list[dict]:
    """An entry's history, newest first: who, when, why, and each field before and after,
    raw (`old`, `new`) and as read (`old_display`, `new_display`). One query for the
    records and one per related model the changes name."""
    model = type(entry)
    records = list(entry.history.select_related("history_user").order_by("-history_date"))
    deltas = [
        newer.diff_against(older) if older is not None else None
        for newer, older in zip(records, [*records[1:], None], strict=False)
    ]
    every_change = [change for delta in deltas if delta for change in delta.changes]
    related = _related(model, every_change)
    history = []
    for record, delta in zip(records, deltas, strict=True):
        diff = []
        for change in delta.changes if delta else ():
            field = model._meta.get_field(change.field)
            if getattr(field, "auto_now", False):
                continue  # the record's own date says when
            diff.append(
                {
                    "field": change.field,
                    "label": str(field.verbose_name),
                    "old": change.old,
                    "new": change.new,
                    "old_display": value_display(field, change.old, related),
                    "new_display": value_display(field, change.new, related),
                }
            )
        history.append(
            {
                "record": record,
                "user": str(record.history_user) if record.history_user else "",
                "date": date_display(record.history_date),
                "reason": _(record.history_change_reason) if record.history_change_reason else "",
                "changes": diff,
            }
        )
    return history
