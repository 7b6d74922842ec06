"""One CSV (or XLSX) import pipeline for every app: the app writes only its row importer.

An import reads the header, refuses a file without its required columns, then takes each
row through the importer's `parse` (checks, no writes) and `save` (the writes, in a
savepoint of their own, so that a failed row leaves the others checkable). Everything runs
in one transaction, rolled back on a dry run (the preview) or when any row failed: a file is
saved whole or not at all. The page goes upload → preview → confirm, the confirmation
re-sending the file's text in a hidden field (`import_view`, `core/_import.html`).

A workbook import (`import_workbook`) takes several sheets, each with its own importer, in
the same single transaction; the hidden field then carries the sheets as JSON
(`WorkbookFileField`), a CSV file being a workbook of one unnamed sheet.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from .exports import unescape_formula
from .forms import CSV_MAX_BYTES, CSVFileField

XLSX_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
}


class RowError(Exception):
    """A row's problems, in words for the user: the row is refused, the next ones checked."""

    def __init__(self, *messages: str):
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass
class ImportRow:
    """One row of the file: its line, its values by column (stripped), its errors. An
    importer adds what it learns about the row by subclassing (`Importer.row_class`)."""

    line: int
    values: dict[str, str]
    errors: list[str] = dataclass_field(default_factory=list)
    sheet: str = ""


@dataclass
class ImportResult:
    """The rows of a file and the errors of the file as a whole; totals an importer shows
    are properties of a subclass (`Importer.result_class`)."""

    rows: list[Any]
    file_errors: list[str] = dataclass_field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)


class Importer:
    """What one import brings: its columns and its row logic. An instance serves one file,
    so look-ups made in `prepare` and per-file checks (duplicates) live on `self`."""

    columns: ClassVar[tuple[str, ...]] = ()
    required_columns: ClassVar[tuple[str, ...]] = ()
    max_rows: ClassVar[int | None] = None
    too_many_rows: ClassVar[str] = gettext_lazy("At most %(count)d rows per file: split it.")
    row_class: ClassVar[type[ImportRow]] = ImportRow
    result_class: ClassVar[type[ImportResult]] = ImportResult
    # False when save() is one service call that keeps its failed writes in a savepoint of
    # its own: a second one around it would only cost two queries a row.
    savepoint: ClassVar[bool] = True

    def prepare(self) -> None:
        """Reads what every row looks up (stages by code, objectives…), once per file."""

    def parse(self, row: ImportRow) -> Any:
        """Checks one row without writing; returns what save() needs. Raises RowError or
        ValidationError; may set the row's extra fields even when it raises."""
        raise NotImplementedError

    def save(self, row: ImportRow, parsed: Any) -> None:
        """Writes one parsed row; raises RowError or ValidationError to refuse it."""

    def finish(self, result: ImportResult) -> None:
        """Completes the rows once all are saved (still inside the transaction)."""

    def messages(self, error: ValidationError) -> list[str]:
        """A refusal as the row's error messages."""
        return list(error.messages)


def header_errors(header: list[str], required: tuple[str, ...]) -> list[str]:
    """The file error of a header lacking required columns (read case- and
    space-insensitively), or none."""
    present = {name.strip().lower() for name in header}
    missing = [name for name in required if name not in present]
    if not missing:
        return []
    return [_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]


def _records(text: str) -> tuple[list[list[str]] | None, str | None]:
    """The file's non-empty records, or the error of a file that is not valid CSV."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [record for record in reader if record], None
    except csv.Error:
        return None, (
            _("Line %(line)s is not valid CSV: quote fields that hold line breaks or commas.")
            % {"line": reader.line_num}
        )


def _values(header: list[str], record: list[str], columns: tuple[str, ...]) -> dict[str, str]:
    # A repeated column keeps its last value, as csv.DictReader does.
    found = dict(zip(header, record, strict=False))
    return {column: unescape_formula(found.get(column, "").strip()) for column in columns}


def _check_row(importer: Importer, row: ImportRow) -> None:
    try:
        parsed = importer.parse(row)
        if importer.savepoint:
            with transaction.atomic():
                importer.save(row, parsed)
        else:
            importer.save(row, parsed)
    except RowError as error:
        row.errors.extend(error.messages)
    except ValidationError as error:
        row.errors.extend(importer.messages(error))


def _import_rows(importer: Importer, result: ImportResult, *, text: str, sheet: str = "") -> None:
    """Checks and saves the rows of one CSV text into `result` (no transaction of its own)."""
    records, error = _records(text)
    if records is None:
        result.file_errors.append(error)
        return
    header = [name.strip().lower() for name in records[0]] if records else []
    result.file_errors.extend(header_errors(header, importer.required_columns))
    if result.file_errors:
        return
    importer.prepare()
    for line, record in enumerate(records[1:], start=2):
        if importer.max_rows is not None and len(result.rows) == importer.max_rows:
            result.file_errors.append(importer.too_many_rows % {"count": importer.max_rows})
            break
        row = importer.row_class(line=line, values=_values(header, record, importer.columns))
        row.sheet = sheet
        result.rows.append(row)
        _check_row(importer, row)
    importer.finish(result)


@transaction.atomic
def import_text(importer: Importer, *, text: str, dry_run: bool = False) -> ImportResult:
    """Imports a CSV file's rows with `importer`: all of them, or none when a row fails or
    on a dry run; every row is checked, so the result lists each problem of the file."""
    result = importer.result_class(rows=[])
    _import_rows(importer, result, text=text)
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        # Also drops whatever the rows queued with on_commit (tasks, nudges).
        transaction.set_rollback(True)
    return result


@transaction.atomic
def import_workbook(
    importers: list[tuple[str, Importer]],
    *,
    sheets: dict[str, str],
    result: ImportResult,
    dry_run: bool = False,
) -> ImportResult:
    """Imports each sheet present in `sheets` with its importer, in the order of
    `importers` (a later sheet finds what an earlier one added), into `result`: every row
    of every sheet, or none. A file error names its sheet."""
    for sheet, importer in importers:
        if sheet not in sheets:
            continue
        sheet_result = importer.result_class(rows=[])
        _import_rows(importer, sheet_result, text=sheets[sheet], sheet=sheet)
        result.rows.extend(sheet_result.rows)
        result.file_errors.extend(
            f"{sheet}: {error}" if sheet else error for error in sheet_result.file_errors
        )
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        transaction.set_rollback(True)
    return result


def workbook_text(sheets: dict[str, str]) -> str:
    """Sheets ({name: CSV text}) as one text, for the preview's hidden field."""
    return json.dumps(sheets, ensure_ascii=False)


def workbook_sheets(text: str) -> dict[str, str]:
    """The sheets workbook_text wrote; any other text is a CSV file, one sheet named ""."""
    try:
        sheets = json.loads(text)
    except ValueError:
        return {"": text}
    if isinstance(sheets, dict) and all(
        isinstance(name, str) and isinstance(value, str) for name, value in sheets.items()
    ):
        return sheets
    return {"": text}


# XLSX files are read as CSV text, so that the preview's hidden field carries either kind.


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        # A spreadsheet date is a datetime at midnight: read it as the date it shows.
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def xlsx_sheets(data: bytes) -> dict[str, str]:
    """Every sheet of an XLSX workbook as CSV text, by name (lower case, stripped), in the
    workbook's order; raises ValueError if unreadable."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike
        raise ValueError("not an XLSX workbook") from error
    sheets = {}
    try:
        for worksheet in workbook.worksheets:
            output = io.StringIO(newline="")
            writer = csv.writer(output, lineterminator="\n")
            for cells in worksheet.iter_rows(values_only=True):
                writer.writerow([_cell_text(value) for value in cells])
            sheets[worksheet.title.strip().lower()] = output.getvalue()
    finally:
        workbook.close()
    return sheets


def xlsx_text(data: bytes) -> str:
    """The first sheet of an XLSX workbook as CSV text; raises ValueError if unreadable."""
    sheets = xlsx_sheets(data)
    return next(iter(sheets.values()), "")


class ImportFileField(CSVFileField):
    """An uploaded CSV or XLSX file of at most 1 MB; cleans to CSV text."""

    default_help_text = gettext_lazy("CSV (UTF-8, comma-separated) or XLSX, at most 1 MB.")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("CSV or XLSX file"))
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".csv,text/csv,.xlsx"

    def clean(self, data, initial=None):
        if not data or not getattr(data, "name", "").lower().endswith(".xlsx"):
            return self.from_csv(super().clean(data, initial))
        upload = forms.FileField.clean(self, data, initial)
        if upload.content_type and upload.content_type not in XLSX_CONTENT_TYPES:
            raise forms.ValidationError(_("Upload a CSV or XLSX file."), code="file_type")
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 1 MB."), code="file_size")
        try:
            return self.from_xlsx(upload.read())
        except ValueError:
            raise forms.ValidationError(
                _("The file is not a readable XLSX workbook."), code="xlsx"
            ) from None

    def from_csv(self, text: str) -> str:
        return text

    def from_xlsx(self, data: bytes) -> str:
        return xlsx_text(data)


class ImportForm(forms.Form):
    file = CSVFileField()


class ImportConfirmForm(forms.Form):
    """The previewed file's text, sent back on confirmation; a subclass adds the upload
    form's other fields (hidden), which the preview fills in from that form."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=CSV_MAX_BYTES, strip=False)


class WorkbookFileField(ImportFileField):
    """An uploaded CSV file or XLSX workbook of at most 1 MB; cleans to workbook_text: a
    CSV file as one sheet named "", a workbook's sheets by name."""

    default_help_text = gettext_lazy(
        "CSV (UTF-8, comma-separated) or an XLSX workbook, at most 1 MB."
    )

    def from_csv(self, text: str) -> str:
        return workbook_text({"": text})

    def from_xlsx(self, data: bytes) -> str:
        return workbook_text(xlsx_sheets(data))


class WorkbookConfirmForm(ImportConfirmForm):
    """The previewed workbook's sheets (workbook_text), sent back on confirmation."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=2 * CSV_MAX_BYTES, strip=False)


def import_view(
    request: HttpRequest,
    *,
    run: Callable[..., ImportResult],
    template: str,
    context: dict[str, Any],
    on_saved: Callable[[ImportResult], HttpResponse],
    form_class: type[forms.Form] = ImportForm,
    confirm_form_class: type[forms.Form] = ImportConfirmForm,
) -> HttpResponse:
    """Upload, then a preview (a dry run of the import), then the import on confirmation.

    `run(data, text=..., dry_run=...)` imports `text`, `data` being the cleaned data of the
    upload or confirmation form; `on_saved(result)` answers a saved import (a redirect).
    """
    context = {**context, "result": None}
    form = form_class()
    status = 200
    if request.method == "POST" and "content" in request.POST:
        confirm = confirm_form_class(request.POST)
        if confirm.is_valid():
            data = confirm.cleaned_data
            result = run(data, text=data["content"], dry_run=False)
            if result.is_valid:
                return on_saved(result)
            context["result"] = result
            status = 422
        else:
            status = 400
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            result = run(form.cleaned_data, text=text, dry_run=True)
            context["result"] = result
            if result.is_valid:
                kept = {
                    name: form.cleaned_data[name]
                    for name in confirm_form_class.base_fields
                    if name in form.cleaned_data
                }
                context["confirm_form"] = confirm_form_class(initial={**kept, "content": text})
            else:
                status = 422
        else:
            status = 422
    context["form"] = form
    return render(request, template, context, status=status)
