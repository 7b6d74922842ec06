"""Issue 14: a DPO's every read of a respondent's e-mail or reference is logged or never
happens; erasure and retention leave nothing about the person; the search is a POST."""

import pytest

from feedback.models import Case, Respondent
from gdpr.models import RespondentAccess
from tests.feedback.factories import FollowUpRuleFactory

from .test_respondents import _answered

pytestmark = pytest.mark.django_db

EMAIL = "jane.roe@example.com"
REF = "CUST-JANE"


@pytest.fixture
def rule():
    return FollowUpRuleFactory()


@pytest.fixture
def jane(rule):
    return _answered(rule, REF, EMAIL)


# Finding 3: the DPO's reads of e-mails and references outside the logged pages.


@pytest.mark.parametrize("endpoint", ["invitations", "responses"])
def test_the_dpo_reads_no_respondent_identity_on_the_feedback_api(
    token_client, dpo, jane, endpoint
):
    body = token_client(dpo).get(f"/api/v1/{endpoint}/")

    assert body.status_code == 200
    assert [row["respondent"] for row in body.json()["results"]] == [
        {"id": jane.pk, "language": "en"}
    ]
    assert EMAIL not in body.text
    assert REF not in body.text
    assert not RespondentAccess.objects.exists()


@pytest.mark.parametrize("endpoint", ["invitations", "responses"])
def test_the_cx_manager_still_reads_the_respondent_on_the_feedback_api(
    token_client, cx_manager, jane, endpoint
):
    body = token_client(cx_manager).get(f"/api/v1/{endpoint}/").json()

    assert [row["respondent"] for row in body["results"]] == [
        {
            "id": jane.pk,
            "external_ref": REF,
            "email": EMAIL,
            "language": "en",
            "unsubscribed_at": None,
        }
    ]


@pytest.mark.parametrize("page", ["case", "invitations"])
def test_the_dpo_reads_no_respondent_identity_on_feedback_pages(client, dpo, jane, page):
    case = Case.objects.get(respondent=jane)
    url = f"/feedback/cases/{case.pk}/" if page == "case" else "/feedback/invitations/"
    client.force_login(dpo)

    response = client.get(url)

    assert response.status_code == 200
    assert EMAIL not in response.text
    assert REF not in response.text
    assert not RespondentAccess.objects.exists()


def test_the_erase_confirmation_page_logs_the_reference_it_shows(client, dpo, jane):
    client.force_login(dpo)

    page = client.get(f"/register/respondents/{jane.pk}/erase/")

    assert page.status_code == 200
    assert f"Erase respondent “{REF}”?" in page.text
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "viewed", dpo.pk)
    ]
    assert Respondent.objects.get(pk=jane.pk).email == EMAIL


# Finding 14: the search is a POST, so the address never lands in an access log.


def test_the_dpo_searches_respondents_with_a_post(client, dpo, jane):
    client.force_login(dpo)

    form = client.get("/register/respondents/")
    found = client.post("/register/respondents/", {"q": EMAIL.upper()})

    assert '<form method="post"' in form.text
    assert form.context["respondents"] is None
    assert found.status_code == 200
    assert [r.pk for r in found.context["respondents"]] == [jane.pk]
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "viewed", dpo.pk)
    ]


def test_a_search_in_the_query_string_finds_and_logs_nothing(client, dpo, jane):
    client.force_login(dpo)

    page = client.get("/register/respondents/", {"q": EMAIL})

    assert page.status_code == 200
    assert page.context["respondents"] is None
    assert EMAIL not in page.text
    assert not RespondentAccess.objects.exists()


def test_the_api_search_is_a_post(token_client, dpo, jane):
    client = token_client(dpo)

    found = client.post("/api/v1/respondent-requests/search/", {"q": REF}, format="json")
    by_get = client.get("/api/v1/respondent-requests/", {"q": REF})

    assert found.status_code == 200
    assert [row["id"] for row in found.json()] == [jane.pk]
    assert found.json()[0]["email"] == EMAIL
    assert by_get.status_code == 404
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "viewed", dpo.pk)
    ]
