"""Issue 15, item 17: the Article 30 PDF holds every register text in full (read back with
pdftotext, Debian's poppler-utils); the XLSX has column widths, a frozen and filtered header
row and a DPIA column; every record shows its created and last-changed dates; plurals."""

import io
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gdpr import exports
from gdpr.models import DPIAScreening
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db

LONG_RETENTION = (
    "Three years after the end of the last rental contract, then archived for the "
    "statutory limitation period of five years in the accounting system, except invoices "
    "which are kept ten years as the commercial code requires, and disputed files which "
    "are kept until the final court decision"
)
LONG_STAGE = (
    "Collect the car at the airport counter, check the driving licence and the deposit, "
    "sign the contract and hand over the keys with the damage report"
)
ACTIVITY_RETENTION = (
    "Until the customer account is closed, or after three years without any login to "
    "the customer area, whichever comes first"
)
PURPOSES = (
    "Take and manage bookings, prepare and perform the rental contract, invoice it, and "
    "handle the vehicle's return, its damage, the traffic fines and the customer's claims"
)


@pytest.fixture
def register():
    journey = JourneyFactory(name="Car rental — business trip")
    stage = StageFactory(journey=journey, code="G", name=LONG_STAGE)
    activity = ProcessingActivityFactory(
        name="Car rental bookings and contracts",
        purposes=PURPOSES,
        retention=ACTIVITY_RETENTION,
    )
    DPIAScreening.objects.create(
        activity=activity, criteria_met=2, dpia_required=True, dpia_status="to_do"
    )
    DataItemFactory(
        stage=stage, activity=activity, name="Driving licence number", retention=LONG_RETENTION
    )
    DataItemFactory(stage=stage, activity=activity, name="Second driver", retention="")
    return activity


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "article30.pdf"
    path.write_bytes(pdf)
    # -raw keeps the order the text was drawn in: a wrapped cell's lines one after another.
    done = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return _words(done.stdout)


def test_the_pdf_holds_every_register_text_in_full(client, dpo, register, tmp_path):
    client.force_login(dpo)

    response = client.get("/register/export/", {"format": "pdf", "language": "en"})

    text = _pdf_text(response.content, tmp_path)
    assert "…" not in text
    assert _words(LONG_RETENTION) in text
    assert _words(f"G. {LONG_STAGE}") in text
    assert _words(PURPOSES) in text
    assert _words(f"{ACTIVITY_RETENTION} (inherited from the activity)") in text
    assert "DPIA required (2 criteria met): to do" in text
    assert "Driving licence number" in text


def test_the_pdf_in_french_says_the_retention_is_inherited(register, tmp_path):
    text = _pdf_text(exports.pdf_bytes(language="fr"), tmp_path)

    assert _words(f"{ACTIVITY_RETENTION} (héritée de l'activité)") in text
    # (the narrow no-break space before the colon is a space once the words are joined)
    assert "AIPD requise (2 critères remplis) : à faire" in text
    assert _words(LONG_RETENTION) in text


def test_the_xlsx_has_widths_a_frozen_filtered_header_and_the_dpia(client, dpo, register):
    client.force_login(dpo)

    response = client.get("/register/export/", {"format": "xlsx", "language": "en"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[5]]
    assert header[15:] == [
        "DPIA",
        "Controller",
        "DPO contact",
        "Review status",
        "Reviewed on",
        "Created on",
        "Last changed on",
    ]
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:V7"
    assert sheet["A5"].font.b
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["K"].width == 34
    today = timezone.localdate().strftime("%-d %b %Y")
    rows = {row[7]: row for row in sheet.iter_rows(min_row=6, values_only=True)}
    licence, second = rows["Driving licence number"], rows["Second driver"]
    assert licence[10] == LONG_RETENTION
    assert second[10] == f"{ACTIVITY_RETENTION} (inherited from the activity)"
    assert licence[15] == "required (2 criteria met): to do"
    assert (licence[20], licence[21]) == (today, today)


def test_an_activity_without_items_shows_its_dates_and_screening():
    ProcessingActivityFactory(name="Newsletter")

    [row] = list(exports.record_rows())

    today = timezone.localdate().strftime("%-d %b %Y")
    assert (row[0], row[15], row[20], row[21]) == ("Newsletter", "not screened", today, today)


@pytest.mark.parametrize(
    ("activities", "items", "line"),
    [
        (1, 1, "Approved by the DPO: 0 of 1 processing activity, 0 of 1 data item."),
        (2, 3, "Approved by the DPO: 0 of 2 processing activities, 0 of 3 data items."),
    ],
)
def test_the_summary_line_counts_in_the_languages_plural(activities, items, line):
    found = [ProcessingActivityFactory() for _ in range(activities)]
    for index in range(items):
        DataItemFactory(activity=found[0], name=f"Item {index}")

    assert list(exports.record_table(language="en"))[2] == [line]


@pytest.mark.parametrize(("language", "selected"), [("en", "en"), ("fr", "fr")])
def test_the_export_language_defaults_to_the_pages(client, dpo, language, selected):
    client.force_login(dpo)

    page = client.get("/register/", headers={"accept-language": language})

    assert page.context["export_form"]["language"].value() == selected
    assert f'<option value="{selected}" selected>' in page.text
