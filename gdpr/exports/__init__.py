"""The Article 30 record of processing activities as CSV, XLSX and PDF, in English or French.

Rows are read from the database in chunks and written as they come by core.exports
(formula-safe): the CSV is streamed, the XLSX is written in write-only mode to a temporary
file, so a register of tens of thousands of items keeps a flat memory profile. The PDF
(gdpr.exports.pdf) embeds DejaVu Sans (core.fonts) and wraps every cell: legal text is
never cut.
"""

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import exports

from .pdf import pdf_bytes
from .table import COLUMN_WIDTHS, SUMMARY_LINES, record_rows, record_summary, record_table

__all__ = [
    "article30_response",
    "pdf_bytes",
    "record_rows",
    "record_summary",
    "record_table",
]


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
            record_table(language=language),
            filename=filename,
            sheet=sheet,
            # The summary lines and an empty row come before the column titles.
            header_row=SUMMARY_LINES + 2,
            widths=COLUMN_WIDTHS,
        )
    response = HttpResponse(pdf_bytes(language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
