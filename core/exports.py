"""One export writer: rows as CSV (streamed) or XLSX of one or several sheets (openpyxl's
write-only mode, spooled to a temporary file), formula-safe.

A spreadsheet runs a cell that starts with = + - @, a tab or a carriage return as a formula
(CSV injection, OWASP): such a text cell is written with a single quote before it. Numbers
are left alone, so -2 stays a number. `unescape_formula` takes the quote off again when a
file comes back through core.imports, so an export imported back gives identical text.
Control characters, which inputs refuse but older rows may hold, are left out of XLSX cells:
XML cannot hold them.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, NamedTuple

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.validators import without_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value: Any) -> Any:
    """A text cell a spreadsheet would run, behind a quote; any other value unchanged.

    Text that already starts with quotes before such a character gets one more, so that
    unescape_formula gives back exactly the text written.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """The text escape_formula was given: one quote fewer before a formula's first
    character; any other text unchanged."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _Echo:
    """A file-like object whose write() hands the line back, for a streamed CSV."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Any]], *, bom: bool = False) -> Iterator[str]:
    """The rows as CSV lines, one at a time; with `bom`, a UTF-8 byte order mark first, for
    spreadsheets. An empty row gives an empty line."""
    writer = csv.writer(_Echo())
    if bom:
        yield "\ufeff"
    for row in rows:
        yield writer.writerow([escape_formula(value) for value in row])


def csv_response(
    rows: Iterable[Sequence[Any]], *, filename: str, bom: bool = False, stream: bool = True
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download; streamed unless `stream` is False (a short file read whole)."""
    lines = csv_lines(rows, bom=bom)
    if stream:
        response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse("".join(lines), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = without_control_characters(value)
    return escape_formula(value)


class Sheet(NamedTuple):
    """One sheet of a workbook. `widths` are the columns' widths in characters. With
    `header_row` (counted from 1), that row is the column titles: bold, frozen at the top
    while scrolling, and the filters of the table below it."""

    name: str
    rows: Iterable[Sequence[Any]]
    header_row: int | None = None
    widths: Sequence[float] = ()


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet.name)
    for column, width in enumerate(sheet.widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    header_row = sheet.header_row
    if header_row is not None:
        worksheet.freeze_panes = f"A{header_row + 1}"
    header_width = 0
    count = 0
    for count, row in enumerate(sheet.rows, start=1):
        cells = [_xlsx_cell(value) for value in row]
        if count == header_row:
            header_width = len(cells)
            cells = [_header_cell(worksheet, value) for value in cells]
        worksheet.append(cells)
    if header_width:
        last = get_column_letter(header_width)
        worksheet.auto_filter.ref = f"A{header_row}:{last}{max(count, header_row)}"


def _header_cell(worksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    cell.font = Font(bold=True)
    return cell


def xlsx_workbook_file(sheets: Iterable[Sheet | tuple[str, Iterable[Sequence[Any]]]]) -> IO[bytes]:
    """The sheets as one XLSX workbook in a temporary file, rewound: write-only, so memory
    stays flat however many rows come. A sheet is a Sheet or a (name, rows) pair."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, Sheet(*sheet))
    # Handed open to the caller (a FileResponse closes it once sent).
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def xlsx_file(
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str,
    header_row: int | None = None,
    widths: Sequence[float] = (),
) -> IO[bytes]:
    """The rows as an XLSX workbook of one sheet in a temporary file, rewound (see Sheet)."""
    return xlsx_workbook_file([Sheet(sheet, rows, header_row, widths)])


def xlsx_workbook_response(
    sheets: Iterable[Sheet | tuple[str, Iterable[Sequence[Any]]]], *, filename: str
) -> FileResponse:
    """An XLSX download of several sheets, sent from its temporary file in chunks."""
    return FileResponse(
        xlsx_workbook_file(sheets),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


def xlsx_response(
    rows: Iterable[Sequence[Any]],
    *,
    filename: str,
    sheet: str,
    header_row: int | None = None,
    widths: Sequence[float] = (),
) -> FileResponse:
    """An XLSX download of one sheet, sent from its temporary file in chunks."""
    return xlsx_workbook_response([Sheet(sheet, rows, header_row, widths)], filename=filename)
