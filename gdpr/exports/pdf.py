"""The Article 30 record as a PDF: per activity its Article 30 fields, then its data items.

Every cell wraps onto as many lines as its text needs: a retention period, a purpose or a
stage name is legal text and is never cut.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from core.fonts import DEJAVU_SANS

from ..models import DataItem, ProcessingActivity
from .table import (
    CHUNK,
    date_text,
    dpia_text,
    processors_by_activity,
    record_summary,
    retention_text,
    transfer_text,
    with_created_at,
)

FONT = DEJAVU_SANS
# Journey, stage, category, data, retention, review status, last changed: 277 mm, the width
# of a landscape A4 page inside its margins.
ITEM_COLUMNS = (38, 46, 31, 50, 64, 26, 22)
LINE_HEIGHT = 5


def pdf_bytes(*, language: str) -> bytes:
    """The record as a PDF, in `language`."""
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
        processors = processors_by_activity()
        activities = (
            with_created_at(ProcessingActivity.objects.all())
            .select_related("dpia_screening")
            .prefetch_related("journeys")
            .order_by("name")
        )
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
        (_("Reviewed on"), date_text(activity.reviewed_at)),
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
        (_("Transfers outside the EU"), transfer_text(activity)),
        (_("Security measures"), ", ".join(activity.get_security_measures_display())),
        (_("DPIA"), dpia_text(activity)),
        (_("Journeys"), ", ".join(journey.name for journey in activity.journeys.all())),
        (_("Created on"), date_text(activity.created_at)),
        (_("Last changed on"), date_text(activity.updated_at)),
    ]
    with pdf.table(col_widths=(50, 227), text_align="LEFT", first_row_as_headings=False) as table:
        for label, value in fields:
            if value:
                row = table.row()
                row.cell(str(label))
                row.cell(str(value))


def _lines(pdf, text: str, width: float) -> int:
    lines = pdf.multi_cell(width, LINE_HEIGHT, text, align="L", dry_run=True, output="LINES")
    return len(lines) or 1


def _pdf_row(pdf, values, *, fill: bool = False, heading=None) -> None:
    """One row of the items' table, each cell wrapped, all as tall as the tallest; on a new
    page when it does not fit, under the heading again."""
    values = [str(value) for value in values]
    height = LINE_HEIGHT * max(
        _lines(pdf, value, width) for width, value in zip(ITEM_COLUMNS, values, strict=True)
    )
    if heading is not None and pdf.will_page_break(height):
        pdf.add_page()
        _pdf_row(pdf, heading, fill=True)
    x, y = pdf.get_x(), pdf.get_y()
    for width, value in zip(ITEM_COLUMNS, values, strict=True):
        pdf.rect(x, y, width, height, style="DF" if fill else "D")
        pdf.set_xy(x, y)
        pdf.multi_cell(width, LINE_HEIGHT, value, align="L", new_x="RIGHT", new_y="TOP")
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _pdf_items(pdf, items) -> None:
    """The items, heading repeated on every page; plain cells rather than fpdf's table keep
    a register of thousands of items fast."""
    items = items.select_related("stage__journey", "activity").order_by(
        "stage__journey__name", "stage__position", "category", "name"
    )
    if not items.exists():
        return
    heading = [
        _("Journey"),
        _("Stage"),
        _("Data category"),
        _("Data"),
        _("Retention"),
        _("Review status"),
        _("Last changed on"),
    ]
    pdf.ln(2)
    pdf.set_fill_color(226, 232, 240)
    _pdf_row(pdf, heading, fill=True)
    for item in items.iterator(chunk_size=CHUNK):
        _pdf_row(
            pdf,
            (
                item.stage.journey.name,
                str(item.stage),
                item.get_category_display(),
                item.name + (" (Art. 9)" if item.special_category else ""),
                retention_text(item),
                item.get_review_status_display(),
                date_text(item.updated_at),
            ),
            heading=heading,
        )
