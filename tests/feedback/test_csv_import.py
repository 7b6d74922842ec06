"""The CSV upload of service events: a preview listing every bad row, then the same
ingestion as the API, all or nothing, idempotent per source."""

import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from feedback import services
from feedback.models import Invitation, ServiceEvent
from feedback.services.event_import import ServiceEventImporter
from tests.journeys.factories import StageFactory, TouchpointFactory

from .factories import FollowUpRuleFactory

pytestmark = pytest.mark.django_db

URL = reverse("feedback:service_event_import")
HEADER = "idempotency_key,external_ref,email,language,stage_code,touchpoint,occurred_at\n"


@pytest.fixture
def rule():
    """A rule after stage B of a journey whose stage A has no rule."""
    stage_a = StageFactory()
    stage_b = StageFactory(journey=stage_a.journey)
    TouchpointFactory(stage=stage_b, name="Counter")
    return FollowUpRuleFactory(stage=stage_b, delay_minutes=60)


def _upload(client, journey, text, source="rental-desk"):
    return client.post(
        URL,
        {
            "journey": journey.pk,
            "source": source,
            "file": SimpleUploadedFile("events.csv", text.encode(), content_type="text/csv"),
        },
    )


def _confirm(client, preview):
    confirm = preview.context["confirm_form"]
    return client.post(URL, {name: confirm[name].value() for name in confirm.fields})


GOOD = (
    HEADER + "ret-1,CUST-1,jane@example.com,fr,B,Counter,2026-11-20 18:30\n"
    "ret-2,CUST-2,paul@example.com,,B,,2026-11-20T19:00:00+01:00\n"
    "ret-3,CUST-3,,en,A,,2026-11-20 19:15\n"
)


def test_a_valid_file_is_previewed_then_recorded_through_the_ingestion(client, cx_manager, rule):
    client.force_login(cx_manager)

    preview = _upload(client, rule.stage.journey, GOOD)

    assert preview.status_code == 200
    assert ServiceEvent.objects.count() == 0
    assert "Every row is valid: 3 new events; 0 already received" in preview.content.decode()
    assert [row.created for row in preview.context["result"].rows] == [True, True, True]

    response = _confirm(client, preview)

    assert response.status_code == 302
    events = ServiceEvent.objects.order_by("idempotency_key")
    assert [(e.source, e.idempotency_key, e.stage.code) for e in events] == [
        ("rental-desk", "ret-1", "B"),
        ("rental-desk", "ret-2", "B"),
        ("rental-desk", "ret-3", "A"),
    ]
    assert events[0].touchpoint.name == "Counter"
    assert events[0].respondent.language == "fr"
    assert events[1].respondent.language == "en"
    assert events[1].occurred_at.isoformat() == "2026-11-20T18:00:00+00:00"
    assert sorted(Invitation.objects.values_list("event__idempotency_key", flat=True)) == [
        "ret-1",
        "ret-2",
    ]


def test_uploading_the_same_file_again_creates_no_second_invitation(client, cx_manager, rule):
    client.force_login(cx_manager)
    _confirm(client, _upload(client, rule.stage.journey, GOOD))

    preview = _upload(client, rule.stage.journey, GOOD)
    assert [row.created for row in preview.context["result"].rows] == [False, False, False]
    assert "already received: nothing new" in preview.content.decode()
    _confirm(client, preview)

    assert ServiceEvent.objects.count() == 3
    assert Invitation.objects.count() == 2


def test_the_same_keys_from_another_source_are_other_events(client, cx_manager, rule):
    client.force_login(cx_manager)
    _confirm(client, _upload(client, rule.stage.journey, GOOD))

    _confirm(client, _upload(client, rule.stage.journey, GOOD, source="call-centre"))

    assert ServiceEvent.objects.count() == 6


def test_every_bad_row_is_listed_and_nothing_is_saved(client, cx_manager, rule):
    client.force_login(cx_manager)
    text = (
        HEADER + "ok-1,CUST-1,jane@example.com,en,B,,2026-11-20 18:30\n"
        "bad-1,CUST-2,not-an-address,de,Z,,yesterday\n"
        "ok-1,CUST-3,,en,B,Kiosk,2026-11-20 18:30\n"
        ",,,,,,\n"
    )

    response = _upload(client, rule.stage.journey, text)

    assert response.status_code == 422
    assert "confirm_form" not in response.context
    rows = response.context["result"].rows
    assert [row.line for row in rows] == [2, 3, 4, 5]
    assert rows[0].errors == []
    assert rows[1].errors == [
        "email: “not-an-address” is not an e-mail address.",
        "language: “de” is not one of en, fr.",
        "stage_code: no stage “Z” in this journey.",
        "occurred_at: “yesterday” is not a date and time such as 2026-11-20 18:30.",
    ]
    assert rows[2].errors == [
        "touchpoint: no touchpoint “Kiosk” at stage B.",
        "idempotency_key: already used on line 2 of this file.",
    ]
    assert rows[3].errors == [
        "idempotency_key: this column is required.",
        "external_ref: this column is required.",
        "stage_code: this column is required.",
        "occurred_at: this column is required.",
    ]
    page = response.content.decode()
    assert "no stage “Z” in this journey." in page
    assert "nothing has been saved" in page
    assert ServiceEvent.objects.count() == 0
    assert Invitation.objects.count() == 0


def test_an_xlsx_sheet_is_previewed_then_recorded_like_a_csv_file(client, cx_manager, rule):
    client.force_login(cx_manager)
    workbook = Workbook()
    workbook.active.append(HEADER.strip().split(","))
    workbook.active.append(["ret-1", "CUST-1", "jane@example.com", "fr", "B", "Counter", None])
    workbook.active.append(["ret-2", 42, None, None, "A", None, datetime(2026, 11, 20, 19, 15)])
    workbook.active["G2"] = "2026-11-20 18:30"
    output = io.BytesIO()
    workbook.save(output)
    upload = SimpleUploadedFile(
        "events.xlsx",
        output.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    preview = client.post(
        URL, {"journey": rule.stage.journey.pk, "source": "rental-desk", "file": upload}
    )

    assert preview.status_code == 200
    assert [row.values["occurred_at"] for row in preview.context["result"].rows] == [
        "2026-11-20 18:30",
        "2026-11-20 19:15:00",
    ]
    assert ServiceEvent.objects.count() == 0
    assert _confirm(client, preview).status_code == 302
    events = ServiceEvent.objects.order_by("idempotency_key")
    assert [(e.idempotency_key, e.respondent.external_ref, e.stage.code) for e in events] == [
        ("ret-1", "CUST-1", "B"),
        ("ret-2", "42", "A"),
    ]
    assert events[1].occurred_at.isoformat() == "2026-11-20T18:15:00+00:00"
    assert list(Invitation.objects.values_list("event__idempotency_key", flat=True)) == ["ret-1"]


def test_the_import_is_all_or_nothing_even_when_confirmed(rule):
    text = (
        HEADER + "ok-1,CUST-1,jane@example.com,en,B,,2026-11-20 18:30\n"
        "bad-1,CUST-2,,en,Z,,2026-11-20 18:30\n"
    )

    result = services.service_events_import_csv(
        journey_id=rule.stage.journey_id, source="desk", text=text
    )

    assert not result.is_valid
    assert ServiceEvent.objects.count() == 0
    assert Invitation.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused(client, cx_manager, rule):
    client.force_login(cx_manager)

    response = _upload(client, rule.stage.journey, "key,customer\nk,c\n")

    assert response.status_code == 422
    assert response.context["result"].file_errors == [
        "Missing columns: idempotency_key, external_ref, stage_code, occurred_at."
    ]


def test_a_file_over_the_batch_limit_is_refused_in_the_users_language(monkeypatch, rule):
    monkeypatch.setattr(ServiceEventImporter, "max_rows", 2)

    with translation.override("fr"):
        result = services.service_events_import_csv(
            journey_id=rule.stage.journey_id, source="desk", text=GOOD
        )

    assert [row.line for row in result.rows] == [2, 3]
    assert result.file_errors == ["2 lignes au plus par fichier : découpez-le."]
    assert ServiceEvent.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused_with_a_field_error(client, cx_manager, rule):
    client.force_login(cx_manager)

    response = client.post(
        URL,
        {
            "journey": rule.stage.journey_id,
            "source": "desk",
            "file": SimpleUploadedFile("events.csv", "é".encode("latin-1"), "text/csv"),
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["The file is not UTF-8 text."]}
    assert ServiceEvent.objects.count() == 0


@pytest.mark.parametrize("role", ["viewer", "interviewer", "dpo"])
def test_only_roles_that_may_add_events_can_upload(client, request, role, rule):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert _upload(client, rule.stage.journey, GOOD).status_code == 403
    assert ServiceEvent.objects.count() == 0
