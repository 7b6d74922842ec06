"""The Article 30 record of processing activities as CSV, XLSX and PDF, in English or French.

Rows are read from the database in chunks and written as they come by core.exports
(formula-safe): the CSV is streamed, the XLSX is written in write-only mode to a temporary
file, so a register of tens of thousands of items keeps a flat memory profile. The PDF
embeds DejaVu Sans (core.fonts).
"""

from collections.abc import Iterator
from datetime import datetime

from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from core import exports
from core.fonts import DEJAVU_SANS

from .models import DataItem, ProcessingActivity, Processor, ReviewStatus

FONT = DEJAVU_SANS
CHUNK = 2000


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
        _("Controller"),
        _("DPO contact"),
        _("Review status"),
        _("Reviewed on"),
    ]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _processors_by_activity() -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for processor in Processor.objects.select_related("stakeholder").order_by("stakeholder__name"):
        agreement = (
            _("agreement of %(date)s") % {"date": _date(processor.agreement_signed_on)}
            if processor.agreement_signed_on
            else _("no agreement")
        )
        names.setdefault(processor.activity_id, []).append(
            f"{processor.stakeholder.name} ({agreement})"
        )
    return {activity_id: "; ".join(found) for activity_id, found in names.items()}


def _transfer(activity: ProcessingActivity | None) -> str:
    if activity is None or not activity.transfers_outside_eu:
        return _("no")
    return f"{activity.transfer_countries} — {activity.get_transfer_safeguard_display()}"


def _activity_columns(activity: ProcessingActivity | None) -> list[str]:
    if activity is None:
        return ["", "", "", ""]
    return [
        activity.name,
        activity.purposes,
        activity.get_legal_basis_display(),
        activity.data_subjects,
    ]


def record_rows() -> Iterator[list[str]]:
    """One row per data item (the activities without any item get a row of their own), in
    the active language."""
    processors = _processors_by_activity()
    items = (
        DataItem.objects.select_related("stage__journey", "activity")
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
            _yes_no(item.special_category)
            + (f" — {item.get_article9_condition_display()}" if item.article9_condition else ""),
            item.source,
            item.retention or (activity.retention if activity else ""),
            activity.recipients if activity else "",
            processors.get(item.activity_id, ""),
            _transfer(activity),
            ", ".join(activity.get_security_measures_display()) if activity else "",
            activity.controller_contact if activity else "",
            activity.dpo_contact if activity else "",
            item.get_review_status_display(),
            _date(item.reviewed_at),
        ]
    for activity in ProcessingActivity.objects.filter(data_items__isnull=True).order_by("name"):
        yield [
            *_activity_columns(activity),
            "",
            "",
            "",
            "",
            "",
            "",
            activity.retention,
            activity.recipients,
            processors.get(activity.pk, ""),
            _transfer(activity),
            ", ".join(activity.get_security_measures_display()),
            activity.controller_contact,
            activity.dpo_contact,
            activity.get_review_status_display(),
            _date(activity.reviewed_at),
        ]


def record_summary() -> list[str]:
    """The title, the date and the approval state, for the top of every export."""
    counts = {
        ReviewStatus.APPROVED: DataItem.objects.filter(review_status=ReviewStatus.APPROVED).count(),
        "all": DataItem.objects.count(),
    }
    activities_approved = ProcessingActivity.objects.filter(
        review_status=ReviewStatus.APPROVED
    ).count()
    activities = ProcessingActivity.objects.count()
    return [
        _("Record of processing activities (GDPR Article 30)"),
        _("Exported on %(date)s") % {"date": _date(timezone.localdate())},
        _(
            "Approved by the DPO: %(activities_approved)s of %(activities)s processing "
            "activities, %(items_approved)s of %(items)s data items."
        )
        % {
            "activities_approved": activities_approved,
            "activities": activities,
            "items_approved": counts[ReviewStatus.APPROVED],
            "items": counts["all"],
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


def pdf_bytes(*, language: str) -> bytes:
    """The record as a PDF: per activity its Article 30 fields, then its data items."""
    with translation.override(language):
        pdf = FPDF(orientation="L", format="A4")
        pdf.set_auto_page_break(auto=True, margin=12)
        pdf.add_font("DejaVu", "", str(FONT))
        pdf.set_title(_("Record of processing activities (GDPR Article 30)"))
        pdf.add_page()
        title, date_line, state_line = record_summary()
        pdf.set_font("DejaVu", size=16)
        pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(0, 6, f"{date_line}. {state_line}", new_x="LMARGIN", new_y="NEXT")
        processors = _processors_by_activity()
        activities = ProcessingActivity.objects.order_by("name").prefetch_related("journeys")
        for activity in activities.iterator(chunk_size=CHUNK):
            _pdf_activity(pdf, activity, processors.get(activity.pk, ""))
            _pdf_items(pdf, DataItem.objects.filter(activity=activity))
        orphans = DataItem.objects.filter(activity__isnull=True)
        if orphans.exists():
            pdf.ln(4)
            pdf.set_font("DejaVu", size=13)
            pdf.multi_cell(
                0, 7, _("Data items not attached to an activity"), new_x="LMARGIN", new_y="NEXT"
            )
            _pdf_items(pdf, orphans)
        return bytes(pdf.output())


def _pdf_activity(pdf, activity: ProcessingActivity, processors: str) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", size=13)
    pdf.multi_cell(0, 7, activity.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    fields = [
        (_("Review status"), activity.get_review_status_display()),
        (_("Purposes"), activity.purposes),
        (_("Controller"), activity.controller_contact),
        (_("DPO contact"), activity.dpo_contact),
        (_("Categories of data subjects"), activity.data_subjects),
        (_("Legal basis"), activity.get_legal_basis_display()),
        (_("Justification"), activity.legal_basis_justification),
        (_("Balancing test"), activity.balancing_test),
        (_("Retention"), activity.retention),
        (_("Recipients"), activity.recipients),
        (_("Processors"), processors),
        (_("Transfers outside the EU"), _transfer(activity)),
        (_("Security measures"), ", ".join(activity.get_security_measures_display())),
        (_("Journeys"), ", ".join(journey.name for journey in activity.journeys.all())),
    ]
    with pdf.table(col_widths=(50, 220), text_align="LEFT", first_row_as_headings=False) as table:
        for label, value in fields:
            if value:
                row = table.row()
                row.cell(str(label))
                row.cell(str(value))


ITEM_COLUMNS = (55, 45, 30, 62, 50, 31)
ROW_HEIGHT = 5


def _fit(pdf, text: str, width: float) -> str:
    """The text cut to one line of the column, with an ellipsis when it was cut."""
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _pdf_row(pdf, values, *, fill: bool = False) -> None:
    for width, value in zip(ITEM_COLUMNS, values, strict=True):
        pdf.cell(width, ROW_HEIGHT, _fit(pdf, value, width), border=1, fill=fill)
    pdf.ln(ROW_HEIGHT)


def _pdf_items(pdf, items) -> None:
    """The items as one line each (cells are cut to fit), heading repeated on every page;
    plain cells rather than fpdf's table keep a register of thousands of items fast."""
    items = items.select_related("stage__journey").order_by(
        "stage__journey__name", "stage__position", "category", "name"
    )
    if not items.exists():
        return
    headings = [
        str(label)
        for label in (
            _("Journey"),
            _("Stage"),
            _("Data category"),
            _("Data"),
            _("Retention"),
            _("Review status"),
        )
    ]
    pdf.ln(2)
    pdf.set_fill_color(226, 232, 240)
    _pdf_row(pdf, headings, fill=True)
    for item in items.iterator(chunk_size=CHUNK):
        if pdf.will_page_break(ROW_HEIGHT):
            pdf.add_page()
            _pdf_row(pdf, headings, fill=True)
        _pdf_row(
            pdf,
            (
                item.stage.journey.name,
                str(item.stage),
                item.get_category_display(),
                item.name + (" (Art. 9)" if item.special_category else ""),
                item.retention,
                item.get_review_status_display(),
            ),
        )


def article30_response(*, format: str, language: str) -> HttpResponse:
    """The Article 30 record as a download, shared by the page and the API."""
    stamp = timezone.localdate().isoformat()
    filename = f"article30-{language}-{stamp}.{format}"
    if format == "csv":
        return exports.csv_response(record_table(language=language), filename=filename, bom=True)
    if format == "xlsx":
        with translation.override(language):
            sheet = _("Article 30")
        return exports.xlsx_response(
            record_table(language=language), filename=filename, sheet=sheet
        )
    response = HttpResponse(pdf_bytes(language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
