"""The integration role: service accounts that use the API with a token, never the pages."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.journeys.factories import StageFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "This is a service account for integrations: it calls the API with a token and cannot "
    "log in to Parcours&#x27; pages."
)


@pytest.fixture
def service_account():
    return UserFactory(username="crm-sync", role=Role.INTEGRATION)


def test_a_service_account_cannot_log_in_and_is_told_why(client, service_account):
    response = client.post(reverse("login"), {"username": "crm-sync", "password": PASSWORD})

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_service_accounts_session_is_ended_and_refused_on_every_page(client, service_account):
    client.force_login(service_account)

    page = client.get(reverse("journeys:index"))

    assert page.status_code == 403
    assert REFUSAL in page.content.decode()
    assert "_auth_user_id" not in client.session
    client.force_login(service_account)
    api = client.get("/api/v1/journeys/")
    assert api.status_code == 403
    assert api.json()["detail"].startswith("This is a service account for integrations")


def test_a_superuser_is_never_taken_for_a_service_account(admin_client):
    assert admin_client.get(reverse("core:dashboard")).status_code == 200


def test_the_integration_role_holds_exactly_its_permissions():
    codenames = set(
        Permission.objects.filter(group__name="integration").values_list(
            "content_type__app_label", "codename"
        )
    )

    assert {f"{app}.{codename}" for app, codename in codenames if app != "journeys"} >= {
        "core.act_as_integration",
        "feedback.add_serviceevent",
        "feedback.add_case",
        "feedback.change_case",
        "feedback.add_caselogentry",
    }
    assert not {
        (app, codename)
        for app, codename in codenames
        if app in {"gdpr"}
        or codename in {"view_respondent", "view_interview", "add_journey", "change_stage"}
    }


def test_a_service_account_posts_events_and_reads_journeys_with_a_token(
    service_account, token_client
):
    stage = StageFactory()
    api = token_client(service_account)

    posted = api.post(
        "/api/v1/service-events/",
        {
            "source": "crm",
            "idempotency_key": "k-1",
            "external_ref": "C-1",
            "occurred_at": "2026-12-01T10:00:00Z",
            "stage": stage.pk,
        },
        format="json",
    )

    assert posted.status_code == 201, posted.content
    assert api.get("/api/v1/journeys/").status_code == 200
    assert api.get("/api/v1/data-items/").status_code == 403
    assert api.post("/api/v1/journeys/", {}, format="json").status_code == 403
