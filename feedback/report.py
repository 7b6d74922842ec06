"""The verbatims as CSV rows (through core.exports) and the committee's "verbatims of the
month" PDF: every verbatim in full, wrapped, never cut; no respondent named."""

from collections.abc import Iterable, Iterator
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from core.fonts import DEJAVU_SANS

from .models import Verbatim


def _score(verbatim: Verbatim) -> str:
    parts = [
        f"{label} {value}"
        for label, value in (("NPS", verbatim.nps), ("CSAT", verbatim.csat), ("CES", verbatim.ces))
        if value is not None
    ]
    return ", ".join(parts)


def verbatims_csv_rows(verbatims: Iterable[Verbatim]) -> Iterator[list]:
    yield [
        _("Date"),
        _("Journey"),
        _("Stage"),
        _("Touchpoint"),
        _("Channel"),
        _("Language"),
        "NPS",
        "CSAT",
        "CES",
        _("Dissatisfaction risk"),
        _("Text"),
        _("Pinned"),
    ]
    for verbatim in verbatims:
        yield [
            verbatim.said_at.date().isoformat(),
            verbatim.stage.journey.name,
            str(verbatim.stage),
            verbatim.touchpoint.name if verbatim.touchpoint else "",
            verbatim.get_channel_display(),
            verbatim.language,
            verbatim.nps,
            verbatim.csat,
            verbatim.ces,
            verbatim.risk_label(),
            verbatim.text,
            _("yes") if verbatim.pinned_at else "",
        ]


def verbatims_pdf(*, verbatims: Iterable[Verbatim], month: date) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(DEJAVU_SANS))
    title = _("Verbatims of the month: %(month)s") % {
        "month": formats.date_format(month, "YEAR_MONTH_FORMAT")
    }
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    pdf.multi_cell(
        0,
        5,
        _("The customers' own words, pinned for the management committee."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    stage = None
    count = 0
    for verbatim in verbatims:
        count += 1
        if verbatim.stage_id != stage:
            stage = verbatim.stage_id
            pdf.ln(4)
            pdf.set_font("DejaVu", size=12)
            pdf.multi_cell(
                0,
                7,
                f"{verbatim.stage.journey.name} — {verbatim.stage}",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(2)
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(
            0, 6, _("“%(text)s”") % {"text": verbatim.text}, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("DejaVu", size=8)
        details = [
            formats.date_format(verbatim.said_at, "SHORT_DATE_FORMAT"),
            verbatim.get_channel_display(),
            verbatim.get_language_display(),
            verbatim.touchpoint.name if verbatim.touchpoint else "",
            _score(verbatim),
        ]
        pdf.multi_cell(
            0, 4, " · ".join(str(part) for part in details if part), new_x="LMARGIN", new_y="NEXT"
        )
    if not count:
        pdf.ln(4)
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(0, 6, _("No verbatim was pinned this month."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
