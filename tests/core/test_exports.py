import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from core import exports

ROWS = [
    ["code", "name", "score", "note"],
    ["A", '=HYPERLINK("http://x")', -2, "+33 1 23"],
    ["B", "-2", Decimal("97.5"), "@SUM(A1)"],
    ["C", "\tlead", 1.5, "\rret"],
    ["D", "'=already", None, "it's fine"],
    [],
]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("''+x", "'''+x"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_formula_text_is_escaped_and_read_back_identical(text, written):
    assert exports.escape_formula(text) == written
    assert exports.unescape_formula(written) == text


@pytest.mark.parametrize("value", [-2, -1.5, Decimal("-3.25"), None, True])
def test_values_that_are_not_text_stay_as_they_are(value):
    assert exports.escape_formula(value) is value


def test_the_csv_lines_are_formula_safe_with_numbers_kept():
    assert "".join(exports.csv_lines(ROWS, bom=True)) == (
        "\ufeffcode,name,score,note\r\n"
        'A,"\'=HYPERLINK(""http://x"")",-2,\'+33 1 23\r\n'
        "B,'-2,97.5,'@SUM(A1)\r\n"
        "C,'\tlead,1.5,\"'\rret\"\r\n"
        "D,''=already,,it's fine\r\n"
        "\r\n"
    )


def test_the_csv_response_streams_an_attachment():
    response = exports.csv_response(iter(ROWS[:2]), filename="map-1.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="map-1.csv"'
    assert b"".join(response.streaming_content) == (
        b'code,name,score,note\r\nA,"\'=HYPERLINK(""http://x"")",-2,\'+33 1 23\r\n'
    )


def test_a_short_csv_can_be_sent_whole():
    response = exports.csv_response([["a", "-1"]], filename="h.csv", stream=False)

    assert response.content == b"a,'-1\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="h.csv"'


def test_the_xlsx_cells_are_formula_safe_with_numbers_kept():
    response = exports.xlsx_response(iter(ROWS), filename="map-1.xlsx", sheet="Map")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="map-1.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Map"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["code", "name", "score", "note"],
        ["A", '\'=HYPERLINK("http://x")', -2, "'+33 1 23"],
        ["B", "'-2", 97.5, "'@SUM(A1)"],
        # XML reads a carriage return as a line feed: the cell stays escaped all the same.
        ["C", "'\tlead", 1.5, "'\nret"],
        ["D", "''=already", None, "it's fine"],
    ]
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} == {"s", "n"}


def test_an_xlsx_header_row_is_bold_frozen_and_filtered_with_the_widths_given():
    rows = [["A title"], [], ["Name", "Score"], ["=1+1", 3], ["Bob", 4]]

    sheet = load_workbook(exports.xlsx_file(rows, sheet="S", header_row=3, widths=(40, 8))).active

    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)] == [
        ["Name", "Score"],
        ["'=1+1", 3],
        ["Bob", 4],
    ]
    assert sheet["A3"].font.b
    assert not sheet["A4"].font.b
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:B5"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (40, 8)


def test_an_xlsx_without_a_header_row_has_no_filter_nor_frozen_row():
    sheet = load_workbook(exports.xlsx_file([["a", 1]], sheet="S")).active

    assert sheet.freeze_panes is None
    assert sheet.auto_filter.ref is None
