"""A control character pasted into free text never breaks an export: it is refused on input
with a clear message, and the XLSX writer drops any that an older row still holds."""

import io

import pytest
from openpyxl import load_workbook

from gdpr.models import ProcessingActivity
from journeys.models import Persona
from tests.gdpr.factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Remove the control characters: only tabs and line breaks are allowed."


def test_the_article30_xlsx_survives_a_stored_control_character(token_client, dpo):
    activity = ProcessingActivityFactory(name="Rentals", purposes="Manage\x0brentals\x7f")
    DataItemFactory(activity=activity, name="IP\x1baddress")
    response = token_client(dpo).get("/api/v1/article30/xlsx/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    cells = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
    assert {"Managerentals", "IPaddress"} <= cells


def test_the_api_refuses_a_control_character_in_register_text(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/processing-activities/",
        {
            "name": "Rentals",
            "purposes": "Manage\x0brentals",
            "controller_contact": "Rental SA",
            "data_subjects": "Customers",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"purposes": [MESSAGE]}
    assert not ProcessingActivity.objects.exists()


def test_a_page_refuses_a_control_character_and_keeps_tabs_and_line_breaks(client, cx_manager):
    client.force_login(cx_manager)
    refused = client.post(
        "/journeys/personas/new/", {"name": "Traveller", "description": "Flies\x07"}
    )
    assert refused.status_code == 400
    assert MESSAGE in refused.content.decode()
    assert not Persona.objects.exists()

    client.post(
        "/journeys/personas/new/", {"name": "Traveller", "description": "Flies\r\n\tweekly"}
    )
    assert Persona.objects.get().description == "Flies\r\n\tweekly"
