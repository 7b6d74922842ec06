from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Case, FollowUpRule, Invitation, ServiceEvent, SurveyTemplate

from .factories import FollowUpRuleFactory, sent_invitation

pytestmark = pytest.mark.django_db


def _event(rule, key="return-1", **extra):
    return {
        "source": "rental-desk",
        "idempotency_key": key,
        "external_ref": "CUST-42",
        "email": "jane@example.com",
        "language": "fr",
        "stage": rule.stage_id,
        "occurred_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        **extra,
    }


def test_posting_the_same_event_twice_creates_one_event_and_one_invitation(
    token_client, cx_manager
):
    rule = FollowUpRuleFactory(delay_minutes=60)
    client = token_client(cx_manager)

    first = client.post("/api/v1/service-events/", _event(rule), format="json")
    second = client.post("/api/v1/service-events/", _event(rule), format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["created"] is True
    assert second.json()["created"] is False
    assert second.json()["id"] == first.json()["id"]
    assert first.json()["invitations"][0]["status"] == "scheduled"
    assert ServiceEvent.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_a_list_of_events_is_ingested_in_one_call(token_client, cx_manager):
    rule = FollowUpRuleFactory()
    client = token_client(cx_manager)
    body = [_event(rule, key=f"k-{n}", external_ref=f"C-{n}") for n in range(3)]

    response = client.post("/api/v1/service-events/", body, format="json")

    assert response.status_code == 201
    assert [item["created"] for item in response.json()] == [True, True, True]
    assert Invitation.objects.filter(status="scheduled").count() == 3


def test_more_than_1000_events_are_refused(token_client, cx_manager):
    rule = FollowUpRuleFactory()
    body = [_event(rule, key=f"k-{n}") for n in range(1001)]
    response = token_client(cx_manager).post("/api/v1/service-events/", body, format="json")
    assert response.status_code == 400
    assert ServiceEvent.objects.count() == 0


def test_an_event_at_an_unknown_stage_is_a_400_and_stores_nothing(token_client, cx_manager):
    rule = FollowUpRuleFactory()
    stage_id = rule.stage_id
    rule.stage.delete()
    response = token_client(cx_manager).post(
        "/api/v1/service-events/", _event(rule, stage=stage_id), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"stage": ["No such stage."]}
    assert ServiceEvent.objects.count() == 0


def test_an_event_names_its_stage_by_journey_and_code(token_client, cx_manager):
    rule = FollowUpRuleFactory(stage__code="H")
    event = _event(rule, journey=rule.stage.journey_id, stage_code="H")
    del event["stage"]

    response = token_client(cx_manager).post("/api/v1/service-events/", event, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == rule.stage_id
    assert ServiceEvent.objects.get().stage == rule.stage
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ({"journey": "own", "stage_code": "Z"}, "No stage with the code “Z” in journey {journey}."),
        ({"stage_code": "H"}, "Give the stage's id, or its journey and code."),
        ({"journey": "own"}, "Give the stage's id, or its journey and code."),
        ({}, "Give the stage's id, or its journey and code."),
        (
            {"stage": "own", "stage_code": "H"},
            "Give the stage's id, or its journey and code: not both.",
        ),
    ],
)
def test_an_unknown_or_half_given_stage_is_reported_under_stage(
    token_client, cx_manager, where, message
):
    rule = FollowUpRuleFactory(stage__code="H")
    journey = rule.stage.journey_id
    event = _event(rule)
    del event["stage"]
    own = {"journey": journey, "stage": rule.stage_id}
    event.update({key: own[key] if value == "own" else value for key, value in where.items()})

    response = token_client(cx_manager).post("/api/v1/service-events/", event, format="json")

    assert response.status_code == 400
    assert response.json() == {"stage": [message.format(journey=journey)]}
    assert ServiceEvent.objects.count() == 0


def test_a_viewer_cannot_post_events(token_client, viewer):
    rule = FollowUpRuleFactory()
    response = token_client(viewer).post("/api/v1/service-events/", _event(rule), format="json")
    assert response.status_code == 403
    assert ServiceEvent.objects.count() == 0


def test_a_viewer_reads_scores(token_client, viewer):
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 10, "csat": 4, "ces": 2})

    response = token_client(viewer).get("/api/v1/scores/")

    assert response.status_code == 200
    assert response.json() == {
        "responses": 1,
        "nps": 100.0,
        "nps_count": 1,
        "csat": 100.0,
        "csat_count": 1,
        "ces_mean": 2.0,
        "ces_high": 0.0,
        "ces_count": 1,
    }


def test_a_bad_month_is_a_400(token_client, viewer):
    assert token_client(viewer).get("/api/v1/scores/?month=2026-13").status_code == 400


@pytest.mark.parametrize("endpoint", ["invitations", "responses"])
def test_respondent_emails_are_hidden_from_a_viewer_and_shown_to_the_cx_manager(
    token_client, viewer, cx_manager, endpoint
):
    _invitation, token = sent_invitation(email="jane@example.com")
    services.response_submit(token=token, answers={"nps": 10})

    as_viewer = token_client(viewer).get(f"/api/v1/{endpoint}/").json()["results"][0]
    as_cx_manager = token_client(cx_manager).get(f"/api/v1/{endpoint}/").json()["results"][0]

    assert set(as_viewer["respondent"]) == {"id", "language"}
    assert as_cx_manager["respondent"]["email"] == "jane@example.com"


def test_a_cx_manager_manages_templates_and_rules(token_client, cx_manager):
    client = token_client(cx_manager)
    template = client.post(
        "/api/v1/survey-templates/", {"name": "After return", "asks_csat": True}, format="json"
    )
    stage = FollowUpRuleFactory().stage
    rule = client.post(
        "/api/v1/follow-up-rules/",
        {
            "name": "Return",
            "stage": stage.pk,
            "template": template.json()["id"],
            "delay_minutes": 0,
        },
        format="json",
    )
    patched = client.patch(
        f"/api/v1/follow-up-rules/{rule.json()['id']}/", {"active": False}, format="json"
    )

    assert (template.status_code, rule.status_code, patched.status_code) == (201, 201, 200)
    assert SurveyTemplate.objects.filter(name="After return").exists()
    assert FollowUpRule.objects.get(pk=rule.json()["id"]).active is False


def test_a_template_asking_nothing_is_a_400(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/survey-templates/",
        {
            "name": "Empty",
            "asks_nps": False,
            "asks_csat": False,
            "asks_ces": False,
            "asks_comment": False,
        },
        format="json",
    )
    assert response.status_code == 400
    assert not SurveyTemplate.objects.filter(name="Empty").exists()


def test_a_viewer_cannot_create_a_template(token_client, viewer):
    response = token_client(viewer).post("/api/v1/survey-templates/", {"name": "X"}, format="json")
    assert response.status_code == 403
    assert SurveyTemplate.objects.count() == 0


def test_cases_are_read_and_updated_through_the_api(token_client, cx_manager, viewer):
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 1})
    case = Case.objects.get()

    listed = token_client(viewer).get("/api/v1/cases/?status=open").json()
    refused = token_client(viewer).patch(
        f"/api/v1/cases/{case.pk}/", {"status": "closed"}, format="json"
    )
    updated = token_client(cx_manager).patch(
        f"/api/v1/cases/{case.pk}/",
        {"status": "in_progress", "harm_amount": "40.00"},
        format="json",
    )

    assert [item["id"] for item in listed["results"]] == [case.pk]
    assert refused.status_code == 403
    assert updated.status_code == 200
    assert updated.json()["compensation_guideline"] == ["28.00", "32.00"]
    assert [entry["text"] for entry in updated.json()["log_entries"]] == ["open → in progress"]


def test_the_schema_builds_with_the_feedback_endpoints(token_client, viewer):
    response = token_client(viewer).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/service-events/" in response.json()["paths"]
    assert "/api/v1/scores/" in response.json()["paths"]


def test_the_schema_offers_the_stage_by_id_or_by_journey_and_code(client, cx_manager):
    client.force_login(cx_manager)
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    event = schemas["ServiceEventInputRequest"]
    assert {"stage", "journey", "stage_code"} <= set(event["properties"])
    assert "stage" not in event.get("required", [])
    assert event["properties"]["stage_code"]["maxLength"] == 8
