"""The REST API: CRUD through the services, computed `met`, bulk upload, interviews."""

import pytest
from django.utils import timezone

from journeys.models import Observation
from stakeholders import services
from stakeholders.models import SLAMeasurement, Stakeholder
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import (
    InterviewFactory,
    InvolvementFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    complete_answers,
)

pytestmark = pytest.mark.django_db


def test_a_cx_manager_creates_a_stakeholder_and_its_involvement(token_client, cx_manager):
    client = token_client(cx_manager)
    response = client.post(
        "/api/v1/stakeholders/", {"kind": "internal", "name": "Karim", "office": "front"}
    )
    assert response.status_code == 201
    stage = StageFactory()
    response = client.post(
        "/api/v1/involvements/",
        {"stakeholder": response.json()["id"], "stage": stage.pk, "channels": ["counter"]},
    )
    assert response.status_code == 201
    assert response.json()["channels"] == ["counter"]


def test_an_involvement_with_a_touchpoint_of_another_stage_is_a_400(token_client, cx_manager):
    stakeholder = StakeholderFactory()
    response = token_client(cx_manager).post(
        "/api/v1/involvements/",
        {
            "stakeholder": stakeholder.pk,
            "stage": StageFactory().pk,
            "touchpoint": TouchpointFactory().pk,
        },
    )
    assert response.status_code == 400
    assert "touchpoint" in response.json()
    assert not stakeholder.involvements.exists()


def test_an_sla_for_an_internal_stakeholder_is_a_400(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/slas/",
        {"stakeholder": StakeholderFactory().pk, "service": "x", "valid_from": "2025-01-01"},
    )
    assert response.status_code == 400
    assert "stakeholder" in response.json()


def test_met_is_computed_and_cannot_be_sent(token_client, cx_manager):
    objective = SLAObjectiveFactory()
    response = token_client(cx_manager).post(
        "/api/v1/sla-measurements/",
        {"objective": objective.pk, "period_start": "2025-01-01", "value": "90", "met": True},
    )
    assert response.status_code == 201
    assert response.json()["met"] is False
    assert SLAMeasurement.objects.get().met is False


def test_bulk_upload_records_all_rows(token_client, cx_manager):
    objective = SLAObjectiveFactory()
    rows = [
        {"objective": objective.pk, "period_start": f"2025-{month:02d}-01", "value": "97.5"}
        for month in range(1, 13)
    ]
    response = token_client(cx_manager).post(
        "/api/v1/sla-measurements/bulk/", {"measurements": rows}
    )
    assert response.status_code == 201
    assert len(response.json()) == 12
    assert SLAMeasurement.objects.filter(met=False).count() == 12


def test_bulk_upload_is_all_or_nothing(token_client, cx_manager):
    objective = SLAObjectiveFactory()
    rows = [
        {"objective": objective.pk, "period_start": "2025-01-01", "value": "99"},
        {"objective": objective.pk, "period_start": "2025-02-14", "value": "99"},
    ]
    response = token_client(cx_manager).post(
        "/api/v1/sla-measurements/bulk/", {"measurements": rows}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["1"]
    assert not SLAMeasurement.objects.exists()


def test_bulk_upload_refuses_more_than_1000_rows(token_client, cx_manager):
    objective = SLAObjectiveFactory()
    rows = [{"objective": objective.pk, "period_start": "2025-01-01", "value": "1"}] * 1001
    response = token_client(cx_manager).post(
        "/api/v1/sla-measurements/bulk/", {"measurements": rows}
    )
    assert response.status_code == 400
    assert not SLAMeasurement.objects.exists()


def test_an_interview_goes_from_draft_to_validated(token_client, interviewer, cx_manager):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    stakeholder = StakeholderFactory()
    client = token_client(interviewer)
    response = client.post(
        "/api/v1/interviews/",
        {
            "stakeholder": stakeholder.pk,
            "journey": journey.pk,
            "scheduled_at": "2026-01-05T10:00:00Z",
        },
    )
    assert response.status_code == 201
    assert response.json()["interviewer"] == interviewer.pk
    url = f"/api/v1/interviews/{response.json()['id']}/"
    response = client.post(
        url + "answers/", {"answers": complete_answers([stage.pk]), "ease_of_satisfying": 2}
    )
    assert response.status_code == 200
    assert client.post(url + "submit/").json()["status"] == "submitted"
    assert client.post(url + "validate/").status_code == 403

    manager = token_client(cx_manager)
    assert manager.post(url + "validate/").json()["status"] == "validated"
    assert manager.post(url + "validate/").status_code == 200
    assert Observation.objects.filter(stage=stage, side="employee").count() == 2


def test_the_stakeholders_list_filters(token_client, viewer):
    StakeholderFactory(name="Karim", kind="internal")
    StakeholderFactory(name="Navette", kind="external")
    response = token_client(viewer).get("/api/v1/stakeholders/", {"kind": "external"})
    assert [row["name"] for row in response.json()["results"]] == ["Navette"]


def test_the_schema_includes_the_stakeholder_routes(client, viewer):
    client.force_login(viewer)
    body = client.get("/api/schema/").content.decode()
    assert "/api/v1/sla-measurements/bulk/" in body
    assert "/api/v1/interviews/{id}/validate/" in body


def test_a_viewer_cannot_delete(token_client, viewer):
    stakeholder = StakeholderFactory()
    assert token_client(viewer).delete(f"/api/v1/stakeholders/{stakeholder.pk}/").status_code == 403
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_interviewer_creating_gets_own_interview_even_if_naming_another(
    token_client, interviewer, cx_manager
):
    InterviewFactory(interviewer=cx_manager)
    response = token_client(interviewer).post(
        "/api/v1/interviews/",
        {
            "stakeholder": StakeholderFactory().pk,
            "scheduled_at": "2026-01-05T10:00:00Z",
            "interviewer": cx_manager.pk,
        },
    )
    assert response.json()["interviewer"] == interviewer.pk


def test_a_breach_posted_through_the_api_shows_on_the_journey_map_stage(
    token_client, client, cx_manager, viewer
):
    journey = JourneyFactory()
    other_stage = StageFactory(journey=journey, code="A", name="Search")
    cleaning_stage = StageFactory(journey=journey, code="H", name="Return")
    objective = SLAObjectiveFactory(sla__stakeholder__name="Propreté Express")
    InvolvementFactory(stakeholder=objective.sla.stakeholder, stage=other_stage, office="back")
    InvolvementFactory(stakeholder=objective.sla.stakeholder, stage=cleaning_stage, office="back")
    services.sla_update(sla=objective.sla, data={"stages": [cleaning_stage]})
    client.force_login(viewer)
    assert "SLA breached" not in client.get(f"/journeys/{journey.pk}/").content.decode()

    response = token_client(cx_manager).post(
        "/api/v1/sla-measurements/",
        {
            "objective": objective.pk,
            "period_start": timezone.localdate().replace(day=1).isoformat(),
            "value": "90",
        },
    )

    assert response.status_code == 201
    lane = client.get(f"/journeys/{journey.pk}/").content.decode()
    lane = lane.split('class="lane lane-stakeholders"')[1].split("</tr>")[0]
    cells = dict(zip([other_stage.pk, cleaning_stage.pk], lane.split("<td")[1:], strict=True))
    assert "Propreté Express" in cells[cleaning_stage.pk]
    assert "SLA breached" in cells[cleaning_stage.pk]
    assert "SLA breached" not in cells[other_stage.pk]
