"""The Article 30 record as a table (CSV and XLSX): one row per data item, the activities
without any item on a row of their own, in the active language."""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import DataItem, ProcessingActivity, Processor, ReviewStatus

CHUNK = 2000

# How many lines record_summary gives: the table's column titles come after them and a blank.
SUMMARY_LINES = 3

# The columns' widths in a spreadsheet, in characters, in the order of _columns().
COLUMN_WIDTHS = (
    *(30, 40, 18, 28, 24, 28, 14, 24, 18, 20, 34),
    *(28, 32, 24, 32, 30, 30, 24, 16, 14, 14, 14),
)


def _columns() -> list[str]:
    return [
        _("Processing activity"),
        _("Purposes"),
        _("Legal basis"),
        _("Categories of data subjects"),
        _("Journey"),
        _("Stage"),
        _("Data category"),
        _("Data"),
        _("Special category"),
        _("Source"),
        _("Retention"),
        _("Recipients"),
        _("Processors"),
        _("Transfers outside the EU"),
        _("Security measures"),
        _("DPIA"),
        _("Controller"),
        _("DPO contact"),
        _("Review status"),
        _("Reviewed on"),
        _("Created on"),
        _("Last changed on"),
    ]


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def date_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def with_created_at(queryset: QuerySet) -> QuerySet:
    """The entries with `created_at`: the date of their first history record."""
    first = queryset.model.history.model.objects.filter(id=OuterRef("pk")).order_by(
        "history_date", "history_id"
    )
    return queryset.annotate(created_at=Subquery(first.values("history_date")[:1]))


def processors_by_activity() -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for processor in Processor.objects.select_related("stakeholder").order_by("stakeholder__name"):
        agreement = (
            _("agreement of %(date)s") % {"date": date_text(processor.agreement_signed_on)}
            if processor.agreement_signed_on
            else _("no agreement")
        )
        names.setdefault(processor.activity_id, []).append(
            f"{processor.stakeholder.name} ({agreement})"
        )
    return {activity_id: "; ".join(found) for activity_id, found in names.items()}


def transfer_text(activity: ProcessingActivity | None) -> str:
    if activity is None or not activity.transfers_outside_eu:
        return _("no")
    return f"{activity.transfer_countries} — {activity.get_transfer_safeguard_display()}"


def retention_text(item: DataItem) -> str:
    """The item's retention, or the activity's, said to be inherited."""
    if item.retention:
        return item.retention
    if item.activity is not None and item.activity.retention:
        return _("%(retention)s (inherited from the activity)") % {
            "retention": item.activity.retention
        }
    return ""


def dpia_text(activity: ProcessingActivity | None) -> str:
    """Whether the activity needs a DPIA, from its screening, and how far the DPIA is."""
    if activity is None:
        return ""
    if not hasattr(activity, "dpia_screening"):
        return _("not screened")
    screening = activity.dpia_screening
    criteria = ngettext(
        "%(count)s criterion met", "%(count)s criteria met", screening.criteria_met
    ) % {"count": screening.criteria_met}
    if screening.dpia_required:
        return _("required (%(criteria)s): %(status)s") % {
            "criteria": criteria,
            "status": screening.get_dpia_status_display(),
        }
    return _("not required (%(criteria)s)") % {"criteria": criteria}


def _activity_columns(activity: ProcessingActivity | None) -> list[str]:
    if activity is None:
        return ["", "", "", ""]
    return [
        activity.name,
        activity.purposes,
        activity.get_legal_basis_display(),
        activity.data_subjects,
    ]


def _activity_details(activity: ProcessingActivity | None, processors: dict) -> list[str]:
    if activity is None:
        return ["", "", _("no"), "", "", "", ""]
    return [
        activity.recipients,
        processors.get(activity.pk, ""),
        transfer_text(activity),
        ", ".join(activity.get_security_measures_display()),
        dpia_text(activity),
        activity.controller_contact,
        activity.dpo_contact,
    ]


def _review_columns(entry) -> list[str]:
    return [
        entry.get_review_status_display(),
        date_text(entry.reviewed_at),
        date_text(entry.created_at),
        date_text(entry.updated_at),
    ]


def record_rows() -> Iterator[list[str]]:
    """One row per data item (the activities without any item get a row of their own), in
    the active language."""
    processors = processors_by_activity()
    items = (
        with_created_at(DataItem.objects.all())
        .select_related("stage__journey", "activity__dpia_screening")
        .order_by("activity__name", "stage__journey__name", "stage__position", "category", "id")
        .iterator(chunk_size=CHUNK)
    )
    for item in items:
        activity = item.activity
        yield [
            *_activity_columns(activity),
            item.stage.journey.name,
            str(item.stage),
            item.get_category_display(),
            item.name,
            yes_no(item.special_category)
            + (f" — {item.get_article9_condition_display()}" if item.article9_condition else ""),
            item.source,
            retention_text(item),
            *_activity_details(activity, processors),
            *_review_columns(item),
        ]
    alone = with_created_at(ProcessingActivity.objects.filter(data_items__isnull=True))
    for activity in alone.select_related("dpia_screening").order_by("name"):
        yield [
            *_activity_columns(activity),
            *([""] * 6),
            activity.retention,
            *_activity_details(activity, processors),
            *_review_columns(activity),
        ]


def record_summary() -> list[str]:
    """The title, the date and the approval state, for the top of every export."""
    items = DataItem.objects.count()
    items_approved = DataItem.objects.filter(review_status=ReviewStatus.APPROVED).count()
    activities = ProcessingActivity.objects.count()
    activities_approved = ProcessingActivity.objects.filter(
        review_status=ReviewStatus.APPROVED
    ).count()
    return [
        _("Record of processing activities (GDPR Article 30)"),
        _("Exported on %(date)s") % {"date": date_text(timezone.localdate())},
        _("Approved by the DPO: %(activities)s, %(items)s.")
        % {
            "activities": ngettext(
                "%(approved)s of %(count)s processing activity",
                "%(approved)s of %(count)s processing activities",
                activities,
            )
            % {"approved": activities_approved, "count": activities},
            "items": ngettext(
                "%(approved)s of %(count)s data item",
                "%(approved)s of %(count)s data items",
                items,
            )
            % {"approved": items_approved, "count": items},
        },
    ]


def record_table(*, language: str) -> Iterator[list[str]]:
    """The record's rows for a spreadsheet, in `language`: the summary lines, an empty row,
    the header, then one row per data item."""
    with translation.override(language):
        for line in record_summary():
            yield [line]
        yield []
        yield _columns()
        yield from record_rows()
