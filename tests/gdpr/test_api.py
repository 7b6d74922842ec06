"""The register's API: read for every role, write for the CX manager, review for the DPO,
the Article 30 download, and respondents' requests for the DPO only."""

import io

import pytest
from openpyxl import load_workbook

from gdpr.models import DataItem, ProcessingActivity, RespondentAccess, ReviewStatus
from tests.feedback.factories import RespondentFactory
from tests.journeys.factories import StageFactory
from tests.stakeholders.factories import ExternalStakeholderFactory

from .factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/processing-activities/",
    "/api/v1/data-items/",
    "/api/v1/processors/",
    "/api/v1/dpia-screenings/",
    "/api/v1/gdpr-requirements/",
]


@pytest.mark.parametrize("role", ["cx_manager", "interviewer", "dpo", "viewer"])
def test_every_role_reads_the_register(token_client, user_with_role, role):
    item = DataItemFactory(name="IP address")
    client = token_client(user_with_role(role))
    for url in LISTS:
        assert client.get(url).status_code == 200, url
    [row] = client.get("/api/v1/data-items/").json()["results"]
    assert (row["id"], row["name"], row["review_status"]) == (item.pk, "IP address", "draft")


def test_a_user_without_role_reads_nothing(token_client, user_with_role):
    client = token_client(user_with_role(None))
    for url in LISTS:
        assert client.get(url).status_code == 403, url


def test_the_cx_manager_creates_and_submits_but_cannot_review(token_client, cx_manager):
    stage = StageFactory()
    client = token_client(cx_manager)
    response = client.post(
        "/api/v1/data-items/", {"stage": stage.pk, "name": "login", "category": "personal"}
    )
    assert response.status_code == 201, response.json()
    item_id = response.json()["id"]
    assert client.post(f"/api/v1/data-items/{item_id}/submit/").json()["review_status"] == (
        "in_review"
    )
    refused = client.post(f"/api/v1/data-items/{item_id}/review/", {"decision": "approved"})
    assert refused.status_code == 403
    assert DataItem.objects.get().review_status == ReviewStatus.IN_REVIEW
    assert DataItem.objects.get().history.first().history_user == cx_manager


@pytest.mark.parametrize("role", ["interviewer", "viewer", "dpo"])
def test_others_cannot_write_through_cx_manager_endpoints_unless_allowed(
    token_client, user_with_role, role
):
    stage = StageFactory()
    client = token_client(user_with_role(role))
    response = client.post(
        "/api/v1/data-items/", {"stage": stage.pk, "name": "login", "category": "personal"}
    )
    # The DPO holds every register permission; readers hold none.
    assert response.status_code == (201 if role == "dpo" else 403)
    assert DataItem.objects.count() == (1 if role == "dpo" else 0)


def test_the_dpo_reviews_and_a_comment_is_required_to_send_back(token_client, dpo):
    item = DataItemFactory(review_status=ReviewStatus.IN_REVIEW)
    client = token_client(dpo)
    missing = client.post(
        f"/api/v1/data-items/{item.pk}/review/", {"decision": "changes_requested"}
    )
    assert missing.status_code == 400
    assert "comment" in missing.json()
    response = client.post(
        f"/api/v1/data-items/{item.pk}/review/",
        {"decision": "changes_requested", "comment": "Say which form"},
    )
    body = response.json()
    assert (body["review_status"], body["review_comment"], body["reviewed_by"]) == (
        "changes_requested",
        "Say which form",
        dpo.pk,
    )


def test_a_change_through_the_api_sends_an_approved_activity_back(token_client, cx_manager):
    activity = ProcessingActivityFactory(review_status=ReviewStatus.APPROVED)
    client = token_client(cx_manager)
    response = client.patch(
        f"/api/v1/processing-activities/{activity.pk}/", {"retention": "5 years"}
    )
    assert response.status_code == 200
    assert response.json()["review_status"] == "in_review"
    history = client.get(f"/api/v1/processing-activities/{activity.pk}/history/").json()
    assert history[0]["user"] == cx_manager.username
    assert {"field": "retention", "new": "5 years"}.items() <= next(
        change for change in history[0]["changes"] if change["field"] == "retention"
    ).items()


def test_legitimate_interests_without_balancing_test_is_a_400(token_client, cx_manager):
    client = token_client(cx_manager)
    response = client.post(
        "/api/v1/processing-activities/",
        {
            "name": "Fraud",
            "purposes": "Detect fraud",
            "controller_contact": "Rental SA",
            "data_subjects": "Customers",
            "legal_basis": "legitimate_interests",
        },
    )
    assert response.status_code == 400
    assert "balancing_test" in response.json()
    assert not ProcessingActivity.objects.exists()


def test_the_screening_action_computes_the_dpia_requirement(token_client, dpo):
    activity = ProcessingActivityFactory()
    client = token_client(dpo)
    response = client.post(
        f"/api/v1/processing-activities/{activity.pk}/screening/",
        {"systematic_monitoring": True, "vulnerable_subjects": True},
    )
    assert response.status_code == 200
    assert (response.json()["criteria_met"], response.json()["dpia_required"]) == (2, True)


def test_a_processor_must_be_an_external_stakeholder(token_client, cx_manager):
    activity = ProcessingActivityFactory()
    client = token_client(cx_manager)
    response = client.post(
        "/api/v1/processors/",
        {
            "activity": activity.pk,
            "stakeholder": ExternalStakeholderFactory().pk,
            "service": "Shuttle",
            "agreement_signed_on": "2025-03-01",
        },
    )
    assert response.status_code == 201, response.json()


def test_the_article30_download(token_client, viewer):
    DataItemFactory(name="IP address")
    client = token_client(viewer)
    response = client.get("/api/v1/article30/xlsx/", {"language": "en"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[5][7] == "IP address"
    assert client.get("/api/v1/article30/pdf/").content.startswith(b"%PDF-")
    assert client.get("/api/v1/article30/doc/").status_code == 404
    assert client.get("/api/v1/article30/csv/", {"language": "de"}).status_code == 400


def test_respondent_requests_are_for_the_dpo_and_logged(token_client, dpo, viewer):
    respondent = RespondentFactory(external_ref="CUST-9", email="nine@example.com")
    search = "/api/v1/respondent-requests/search/"
    assert token_client(viewer).post(search, {"q": "CUST-9"}, format="json").status_code == 403
    client = token_client(dpo)
    found = client.post(search, {"q": "nine@example.com"}, format="json").json()
    assert [r["id"] for r in found["results"]] == [respondent.pk]
    export = client.get(f"/api/v1/respondent-requests/{respondent.pk}/export/").json()
    assert export["respondent"]["email"] == "nine@example.com"
    assert client.post(f"/api/v1/respondent-requests/{respondent.pk}/erase/").status_code == 204
    respondent.refresh_from_db()
    assert respondent.email == ""
    assert list(RespondentAccess.objects.order_by("id").values_list("action", flat=True)) == [
        "viewed",
        "exported",
        "erased",
    ]
    log = client.get("/api/v1/respondent-accesses/").json()
    assert log["count"] == 3
    assert token_client(viewer).get("/api/v1/respondent-accesses/").status_code == 403


def test_the_schema_lists_the_register_endpoints(api_client, dpo):
    api_client.force_authenticate(dpo)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/data-items/{id}/review/" in paths
    assert "/api/v1/article30/{file_format}/" in paths
    content = paths["/api/v1/article30/{file_format}/"]["get"]["responses"]["200"]["content"]
    assert set(content) == {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
        "application/pdf",
    }
