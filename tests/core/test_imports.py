import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from openpyxl import Workbook

from core import imports
from core.models import WorkerPing


@dataclass
class PingRow(imports.ImportRow):
    ping_id: int | None = None


@dataclass
class PingResult(imports.ImportResult):
    @property
    def created(self) -> int:
        return sum(row.ping_id is not None for row in self.rows)


class PingImporter(imports.Importer):
    """A worker ping per row: the worker's name, and web or beat."""

    columns = ("worker", "source")
    required_columns = ("worker",)
    max_rows = 3
    row_class = PingRow
    result_class = PingResult

    def prepare(self):
        self.known = set(WorkerPing.objects.values_list("worker", flat=True))
        self.first_line: dict[str, int] = {}

    def parse(self, row):
        worker = row.values["worker"]
        if not worker:
            raise imports.RowError("worker: this column is required.")
        if worker in self.known:
            raise imports.RowError(f"worker: {worker} is already known.")
        earlier = self.first_line.setdefault(worker, row.line)
        if earlier != row.line:
            raise imports.RowError(f"worker: already on line {earlier}.")
        return row.values["source"] or WorkerPing.Source.WEB

    def save(self, row, parsed):
        ping = WorkerPing(worker=row.values["worker"], source=parsed)
        ping.save()
        row.ping_id = ping.pk
        ping.full_clean()  # after the write: a refused row must leave nothing behind

    def finish(self, result):
        self.saved_at_finish = WorkerPing.objects.count()

    def messages(self, error):
        return [f"{name}: {message}" for name, messages in error for message in messages]


def _import(text, *, dry_run=False, importer=None):
    return imports.import_text(importer or PingImporter(), text=text, dry_run=dry_run)


@pytest.mark.django_db
def test_a_valid_file_is_saved_whole_with_its_rows_described():
    result = _import("Worker , SOURCE\nalpha,beat\n\nbeta,\n")

    assert result.is_valid
    assert result.file_errors == []
    assert [(row.line, row.values, row.errors) for row in result.rows] == [
        (2, {"worker": "alpha", "source": "beat"}, []),
        (3, {"worker": "beta", "source": ""}, []),
    ]
    assert result.created == 2
    assert sorted(WorkerPing.objects.values_list("worker", "source")) == [
        ("alpha", "beat"),
        ("beta", "web"),
    ]


@pytest.mark.django_db
def test_a_dry_run_checks_every_row_and_saves_nothing():
    result = _import("worker,source\nalpha,beat\nbeta,web\n", dry_run=True)

    assert result.is_valid
    assert [row.ping_id is not None for row in result.rows] == [True, True]
    assert not WorkerPing.objects.exists()


@pytest.mark.django_db
def test_one_failing_row_rolls_every_row_back_and_each_error_names_its_line():
    WorkerPing.objects.create(worker="known", source="web")
    text = "worker,source\nalpha,web\n,web\nknown,web\nbeta,sideways\nalpha,beat\ngamma,web\n"
    importer = PingImporter()
    importer.max_rows = None

    result = _import(text, importer=importer)

    assert not result.is_valid
    assert [(row.line, row.errors) for row in result.rows] == [
        (2, []),
        (3, ["worker: this column is required."]),
        (4, ["worker: known is already known."]),
        (5, ["source: Value 'sideways' is not a valid choice."]),
        (6, ["worker: already on line 2."]),
        (7, []),
    ]
    assert importer.saved_at_finish == 3  # known, alpha and gamma, before the rollback
    assert list(WorkerPing.objects.values_list("worker", flat=True)) == ["known"]


@pytest.mark.django_db
def test_a_refused_row_saves_nothing_of_its_own_and_leaves_the_next_rows_checkable():
    importer = PingImporter()

    result = _import("worker,source\nbeta,sideways\ngamma,web\n", dry_run=True, importer=importer)

    assert [(row.line, row.errors) for row in result.rows] == [
        (2, ["source: Value 'sideways' is not a valid choice."]),
        (3, []),
    ]
    # The refused row's insert was undone by its savepoint, gamma's kept until the end.
    assert importer.saved_at_finish == 1
    assert not WorkerPing.objects.exists()


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused_before_any_row():
    result = _import("name,source\nalpha,web\n")

    assert result.file_errors == ["Missing columns: worker."]
    assert result.rows == []
    assert not result.is_valid
    assert not WorkerPing.objects.exists()


def test_the_header_check_ignores_case_and_spaces():
    assert imports.header_errors([" Stage_Code", "STAGE_NAME "], ("stage_code", "stage_name")) == []
    assert imports.header_errors(["code"], ("stage_code", "stage_name")) == [
        "Missing columns: stage_code, stage_name."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "worker,source\n", "worker,source\n\n\n"])
def test_a_file_without_rows_is_refused(text):
    result = _import(text)

    assert (result.rows, result.file_errors) == (
        [],
        ["Missing columns: worker."] if not text else ["The file has no rows."],
    )


@pytest.mark.django_db
def test_a_file_over_the_row_limit_is_refused_after_the_rows_it_may_hold():
    result = _import("worker\na\nb\nc\nd\ne\n")

    assert [row.line for row in result.rows] == [2, 3, 4]
    assert result.file_errors == ["At most 3 rows per file: split it."]
    assert not WorkerPing.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_valid_csv_is_one_clear_error():
    result = _import("worker\n" + "a" * 200_000 + "\n")

    assert result.file_errors == [
        "Line 2 is not valid CSV: quote fields that hold line breaks or commas."
    ]
    assert result.rows == []


@pytest.mark.django_db
def test_values_exported_formula_safe_are_read_back_as_written():
    result = _import("worker,source\n'=cmd,web\n'-2,web\n'hello,web\n", dry_run=True)

    assert [row.values["worker"] for row in result.rows] == ["=cmd", "-2", "'hello"]


@pytest.mark.django_db
def test_the_file_errors_are_translated():
    with translation.override("fr"):
        missing = _import("name\nx\n").file_errors
        empty = _import("worker\n").file_errors

    assert missing == ["Colonnes manquantes : worker."]
    assert empty == ["Le fichier ne contient aucune ligne."]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_an_xlsx_sheet_is_read_as_csv_text():
    from datetime import date, datetime

    data = _xlsx(
        [
            ["stage_code", "value", "when", "flag", "note"],
            ["A", 97.5, date(2025, 3, 1), True, None],
            ["B", 1200, datetime(2026, 11, 20, 18, 30), False, "a, b"],
        ]
    )

    assert imports.xlsx_text(data) == (
        "stage_code,value,when,flag,note\n"
        "A,97.5,2025-03-01,true,\n"
        'B,1200,2026-11-20 18:30:00,false,"a, b"\n'
    )


def test_the_file_field_takes_csv_or_xlsx_and_gives_csv_text():
    field = imports.ImportFileField()
    xlsx = SimpleUploadedFile(
        "map.xlsx",
        _xlsx([["worker"], ["alpha"]]),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    assert field.clean(xlsx) == "worker\nalpha\n"
    assert field.clean(SimpleUploadedFile("map.csv", b"worker\nbeta\n", "text/csv")) == (
        "worker\nbeta\n"
    )
    with pytest.raises(ValidationError, match="not a readable XLSX"):
        field.clean(SimpleUploadedFile("map.xlsx", b"not a zip", "application/octet-stream"))


# The view helper: upload, preview (a dry run), confirmation with the text sent back.


def _view(request):
    return imports.import_view(
        request,
        run=lambda data, text, dry_run: _import(text, dry_run=dry_run),
        template="core/_import.html",
        context={"columns": PingImporter.columns},
        on_saved=lambda result: redirect(f"/done/{result.created}/"),
    )


def _post(data):
    request = RequestFactory().post("/import/", data)
    request.user = AnonymousUser()
    return _view(request)


@pytest.mark.django_db
def test_the_view_previews_then_saves_on_confirmation():
    upload = SimpleUploadedFile("pings.csv", b"worker\nalpha\nbeta\n", "text/csv")

    preview = _post({"file": upload})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert '<input type="hidden" name="content" value="worker\nalpha\nbeta\n"' in page
    assert "Import these rows" in page
    assert not WorkerPing.objects.exists()

    saved = _post({"content": "worker\nalpha\nbeta\n"})

    assert (saved.status_code, saved["Location"]) == (302, "/done/2/")
    assert sorted(WorkerPing.objects.values_list("worker", flat=True)) == ["alpha", "beta"]


@pytest.mark.django_db
def test_the_view_shows_the_errors_and_offers_no_confirmation():
    upload = SimpleUploadedFile("pings.csv", b"worker\nalpha\nalpha\n", "text/csv")

    preview = _post({"file": upload})

    assert preview.status_code == 422
    page = preview.content.decode()
    assert "<li>worker: already on line 2.</li>" in page
    assert "Some rows have errors: nothing has been saved." in page
    assert 'name="content"' not in page
    assert _post({"content": "worker\nalpha\nalpha\n"}).status_code == 422
    assert _post({}).status_code == 422  # no file
    assert not WorkerPing.objects.exists()


@pytest.mark.django_db
def test_an_app_fragment_fills_in_the_preview():
    fragment = engines["django"].from_string(
        '{% extends "core/_import.html" %}'
        "{% block summary %}{{ result.created }} new{% endblock %}"
        '{% block head %}<th scope="col">Worker</th><th scope="col">Result</th>{% endblock %}'
        "{% block cells %}<td>{{ row.values.worker }}</td>{% endblock %}"
        '{% block table_attributes %} class="import-preview"{% endblock %}'
        "{% block cancel_url %}/back/{% endblock %}"
    )
    result = _import("worker\nalpha\n", dry_run=True)

    page = fragment.render({"result": result, "alert": True})

    assert '<h2 id="preview-title" tabindex="-1">Preview</h2>' in page
    assert '<p class="message message-success">1 new</p>' in page
    assert '<table class="import-preview">' in page
    assert "<td>2</td>\n        <td>alpha</td>\n        <td>OK</td>" in page
    assert 'href="/back/"' in page


def test_the_xlsx_errors_are_translated():
    field = imports.ImportFileField()
    upload = SimpleUploadedFile("map.xlsx", b"not a zip", "application/octet-stream")

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        field.clean(upload)

    assert refused.value.messages == ["Le fichier n\u2019est pas un classeur XLSX lisible."]
