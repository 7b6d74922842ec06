"""Issue 14: a DPO's every read of a respondent's e-mail or reference is logged or never
happens; erasure and retention leave nothing about the person; the search is a POST."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import Case, Invitation, Respondent, Response
from gdpr.models import RespondentAccess
from gdpr.tasks import respondents_purge_expired_task
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
    assert [row["id"] for row in found.json()["results"]] == [jane.pk]
    assert found.json()["results"][0]["email"] == EMAIL
    assert by_get.status_code == 404
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "viewed", dpo.pk)
    ]


# Finding 9: erasure is a timestamp, not a reserved reference; one failure stops no purge.


def _event_posted(client, rule, *, external_ref, email, key):
    return client.post(
        "/api/v1/service-events/",
        {
            "source": "crm",
            "idempotency_key": key,
            "external_ref": external_ref,
            "email": email,
            "stage": rule.stage_id,
            "occurred_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        },
        format="json",
    )


def test_a_crafted_reference_does_not_block_an_erasure(
    client, token_client, cx_manager, dpo, rule, jane
):
    crafted = _event_posted(
        token_client(cx_manager),
        rule,
        external_ref=f"erased-{jane.pk}",
        email="x@example.com",
        key="crafted-1",
    )
    assert crafted.status_code == 201
    client.force_login(dpo)

    response = client.post(f"/register/respondents/{jane.pk}/erase/")

    assert response.status_code == 302
    jane.refresh_from_db()
    assert (jane.email, jane.external_ref) == ("", "")
    assert jane.erased_at is not None
    assert (
        Respondent.objects.filter(
            external_ref=f"erased-{jane.pk}", email="x@example.com", erased_at=None
        ).count()
        == 1
    )
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "erased", dpo.pk)
    ]


def test_one_failure_never_stops_the_purge_of_the_others(settings, caplog, rule):
    settings.GDPR_RESPONDENT_RETENTION_MONTHS = 12
    jane = _answered(rule, REF, EMAIL)
    carol = _answered(rule, "CUST-CAROL", "carol@example.com")
    # A reference that looked erased to the old purge, which then skipped it for ever.
    crafted = _answered(rule, "erased-999", "crafted@example.com")
    long_ago = timezone.now() - timedelta(days=400)
    for respondent in (jane, carol, crafted):
        Respondent.objects.filter(pk=respondent.pk).update(created_at=long_ago)
        respondent.events.update(received_at=long_ago)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_carol() RETURNS trigger AS $$ BEGIN "
            f"IF OLD.id = {carol.pk} THEN RAISE EXCEPTION 'refused for %', OLD.email; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER test_refuse_carol BEFORE UPDATE ON feedback_respondent "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_carol()"
        )

    with caplog.at_level(logging.ERROR, logger="gdpr"):
        purged = respondents_purge_expired_task()

    assert purged == 2
    assert sorted(
        RespondentAccess.objects.values_list("respondent_id", "action", "user")
    ) == sorted([(jane.pk, "purged", None), (crafted.pk, "purged", None)])
    assert list(
        Respondent.objects.filter(erased_at__isnull=False).order_by("pk").values_list("pk", "email")
    ) == [(jane.pk, ""), (crafted.pk, "")]
    carol.refresh_from_db()
    assert (carol.email, carol.external_ref, carol.erased_at) == (
        "carol@example.com",
        "CUST-CAROL",
        None,
    )
    [record] = [r for r in caplog.records if r.name.startswith("gdpr")]
    assert record.getMessage() == (
        f"Retention purge: respondent {carol.pk} was not erased (ProgrammingError)."
    )
    assert "carol" not in caplog.text.lower()


# Finding 4: erasure and retention leave nothing about the person, who is never surveyed
# again; the access-request export holds the whole case.

BOOKING = "BOOKING-JANE-77123"
NAME = "Jane Roe"
PHONE = "+33 6 12 34 56 78"


def _jane_with_a_full_case(token_client, cx_manager, rule):
    """Jane, as an integration and the CX manager leave her: an event keyed by her booking
    number, a comment, a case whose title, notes and log name her, a delivery error."""
    posted = _event_posted(
        token_client(cx_manager), rule, external_ref=REF, email=EMAIL, key=BOOKING
    )
    assert posted.status_code == 201
    feedback_services.invitations_dispatch_due()
    invitation = Invitation.objects.get(event_id=posted.json()["id"])
    feedback_services.response_submit(
        token=feedback_services.invitation_token(invitation=invitation),
        answers={"nps": 2, "comment": f"My name is {NAME}, call me on {PHONE}"},
    )
    Invitation.objects.filter(pk=invitation.pk).update(error=f"<{EMAIL}>: mailbox full")
    case = Case.objects.get(respondent__external_ref=REF)
    feedback_services.case_update(
        case=case,
        data={
            "title": f"{NAME} — car not ready",
            "description": f"{NAME} phoned about the car",
            "harm_amount": Decimal("120.00"),
            "compensation_offered": Decimal("90.00"),
            "distributive_justice": f"Refund promised to {NAME}",
            "procedural_justice": f"Called back on {PHONE}",
            "interactional_justice": f"{NAME} was upset at the desk",
        },
        author=cx_manager,
    )
    feedback_services.case_log_add(case=case, author=cx_manager, text=f"Called {NAME}")
    feedback_services.case_reply_write(case=case, author=cx_manager, text=f"Dear {NAME}")
    return Respondent.objects.get(external_ref=REF)


def _text_columns_holding(*needles):
    """(table, column, needle) for every text column of every table that holds a needle."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'character', 'json', 'jsonb') ORDER BY 1, 2"
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT EXISTS (SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s)',
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, needle))
    return found


@pytest.mark.parametrize("how", ["erasure", "retention"])
def test_nothing_about_an_erased_respondent_is_left_in_the_database(
    settings, client, token_client, cx_manager, dpo, rule, how
):
    jane = _jane_with_a_full_case(token_client, cx_manager, rule)
    needles = (EMAIL, REF, BOOKING, NAME, PHONE)
    assert {needle for _table, _column, needle in _text_columns_holding(*needles)} == set(needles)

    if how == "erasure":
        client.force_login(dpo)
        assert client.post(f"/register/respondents/{jane.pk}/erase/").status_code == 302
    else:
        settings.GDPR_RESPONDENT_RETENTION_MONTHS = 12
        long_ago = timezone.now() - timedelta(days=400)
        Respondent.objects.filter(pk=jane.pk).update(created_at=long_ago)
        jane.events.update(received_at=long_ago)
        assert respondents_purge_expired_task() == 1

    assert _text_columns_holding(*needles) == []
    case = Case.objects.get(respondent=jane)
    assert (case.harm_amount, case.compensation_offered) == (Decimal("120.00"), Decimal("90.00"))
    assert Response.objects.get(invitation__respondent=jane).nps == 2


@pytest.mark.parametrize("same_reference", [True, False])
def test_an_erased_respondent_is_never_surveyed_again(
    client, token_client, cx_manager, dpo, rule, jane, same_reference
):
    client.force_login(dpo)
    client.post(f"/register/respondents/{jane.pk}/erase/")
    mail.outbox.clear()

    again = _event_posted(
        token_client(cx_manager),
        rule,
        external_ref=REF if same_reference else "CUST-NEW",
        email=EMAIL.upper(),
        key="back-again",
    )

    assert again.status_code == 201
    assert [(i["status"], i["suppression_reason"]) for i in again.json()["invitations"]] == [
        ("suppressed", "unsubscribed")
    ]
    feedback_services.invitations_dispatch_due()
    assert mail.outbox == []


def test_an_unsubscribed_address_is_never_surveyed_under_another_reference(
    client, token_client, cx_manager, rule, jane
):
    invitation = Invitation.objects.get(respondent=jane)
    token = feedback_services.unsubscribe_token(invitation=invitation)
    assert client.post(f"/s/{token}/unsubscribe/").status_code == 200
    mail.outbox.clear()

    again = _event_posted(
        token_client(cx_manager),
        rule,
        external_ref="CUST-OTHER-SYSTEM",
        email=EMAIL,
        key="other-system-1",
    )

    assert [(i["status"], i["suppression_reason"]) for i in again.json()["invitations"]] == [
        ("suppressed", "unsubscribed")
    ]
    feedback_services.invitations_dispatch_due()
    assert mail.outbox == []


def test_a_new_address_is_still_surveyed(token_client, cx_manager, dpo, client, rule, jane):
    client.force_login(dpo)
    client.post(f"/register/respondents/{jane.pk}/erase/")

    other = _event_posted(
        token_client(cx_manager),
        rule,
        external_ref="CUST-NEW",
        email="new@example.com",
        key="new-1",
    )

    assert [(i["status"], i["suppression_reason"]) for i in other.json()["invitations"]] == [
        ("scheduled", "")
    ]


def test_the_access_request_export_holds_the_whole_case(
    client, token_client, cx_manager, dpo, rule
):
    jane = _jane_with_a_full_case(token_client, cx_manager, rule)
    client.force_login(dpo)

    [case] = client.get(f"/register/respondents/{jane.pk}/export/").json()["cases"]

    skipped = ("id", "opened_at", "log", "stage", "replies")
    assert [(reply["text"], reply["status"]) for reply in case["replies"]] == [
        (f"Dear {NAME}", "pending")
    ]
    assert {key: case[key] for key in case if key not in skipped} == {
        "title": f"{NAME} — car not ready",
        "channel": "survey",
        "description": f"{NAME} phoned about the car",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "status": "open",
        "category": "",
        "severity": 3,
        "harm_amount": "120.00",
        "compensation_offered": "90.00",
        "distributive_justice": f"Refund promised to {NAME}",
        "procedural_justice": f"Called back on {PHONE}",
        "interactional_justice": f"{NAME} was upset at the desk",
        "recontacted_at": None,
        "due_at": Case.objects.get(pk=case["id"]).due_at.isoformat(),
        "double_failure_at": None,
        "recovery_survey": None,
    }
