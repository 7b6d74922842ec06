"""Replies to the customer of a case (issue 16, item 5): written on the case page or through
the API, logged, e-mailed once through the outbox as plain text in the customer's language,
never to an address unsubscribed or erased, and kept, said so, without an address."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from feedback import services
from feedback.models import Case, CaseReply
from tests.journeys.factories import StageFactory

from .factories import RespondentFactory

pytestmark = pytest.mark.django_db

TEXT = "Bonjour,\n\nNous vous remboursons le siège enfant.\n\nL'équipe Parcours Location"


def _case(**fields) -> Case:
    return services.case_create(
        stage=StageFactory(), title="Child seat missing", channel="phone", **fields
    )


def _reply_url(case):
    return reverse("feedback:case_reply", args=[case.pk])


def test_a_reply_is_logged_then_emailed_once_as_written_in_the_customers_language(
    client, cx_manager, django_capture_on_commit_callbacks, settings
):
    settings.PARCOURS_BASE_URL = "https://parcours.example"
    case = _case(language="fr", contact_email="durand@example.com")
    client.force_login(cx_manager)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_reply_url(case), {"reply": TEXT}, follow=True)
    reply = CaseReply.objects.get()
    assert len(callbacks) == 1  # the worker is asked to send, after the commit
    assert mail.outbox == []  # the web request never sends mail itself
    sent = services.case_replies_send_due()
    again = services.case_replies_send_due()

    message = mail.outbox[0]
    reply.refresh_from_db()
    assert (sent, again, len(mail.outbox)) == (1, 0, 1)
    assert "Reply saved: it is being e-mailed to the customer." in response.content.decode()
    assert message.to == ["durand@example.com"]
    assert message.subject == "Notre réponse à votre message"
    assert message.body == TEXT
    assert not isinstance(message, EmailMultiAlternatives)  # no HTML part
    assert message.content_subtype == "plain"
    assert message.extra_headers["Message-ID"] == (
        f"<parcours.case-reply.{reply.pk}@parcours.example>"
    )
    assert (reply.status, reply.language, reply.author) == ("sent", "fr", cx_manager)
    assert [entry.text for entry in case.log_entries.order_by("id")] == [
        "Reply to the customer written; it will be e-mailed.",
        "Reply e-mailed to the customer.",
    ]


def test_a_known_respondent_is_written_to_at_their_address(cx_manager):
    respondent = RespondentFactory(email="jane@example.com", language="en")
    case = _case(respondent=respondent, contact_email="other@example.com")

    services.case_reply_write(case=case, author=cx_manager, text="Hello Jane")
    services.case_replies_send_due()

    assert [message.to for message in mail.outbox] == [["jane@example.com"]]
    assert mail.outbox[0].subject == "Our reply to your message"


def test_without_an_address_the_reply_is_kept_and_the_page_says_so(client, cx_manager):
    case = _case(contact_phone="+33 6 00 00 00 00")
    client.force_login(cx_manager)

    before = client.get(reverse("feedback:case_detail", args=[case.pk])).content.decode()
    response = client.post(_reply_url(case), {"reply": "Called back instead."}, follow=True)
    services.case_replies_send_due()

    page = response.content.decode()
    assert (
        "No e-mail address is known for this customer: a reply is kept on the case, not sent."
        in before
    )
    assert "Keep the reply on the case" in before
    assert (
        "No e-mail address is known for this customer: the reply is kept on the case, not sent. "
        "Reach them another way." in page
    )
    assert "Called back instead." in page
    assert CaseReply.objects.get().status == "no_address"
    assert mail.outbox == []
    assert [entry.text for entry in case.log_entries.all()] == [
        "Reply to the customer kept, not sent: no e-mail address is known."
    ]


def test_an_unsubscribed_address_is_not_written_to(cx_manager):
    respondent = RespondentFactory(email="gone@example.com")
    services.respondent_erase(respondent_id=RespondentFactory(email="also@example.com").pk)
    suppressed = _case(contact_email="also@example.com")
    erased_case = _case(respondent=respondent)
    services.respondent_erase(respondent_id=respondent.pk)
    erased_case.refresh_from_db()

    replies = [
        services.case_reply_write(case=case, author=cx_manager, text="Sorry")
        for case in (suppressed, erased_case)
    ]
    services.case_replies_send_due()

    assert [reply.status for reply in replies] == ["suppressed", "no_address"]
    assert mail.outbox == []


def test_a_reply_waiting_when_its_customer_is_erased_is_never_sent(cx_manager):
    respondent = RespondentFactory(email="jane@example.com")
    case = _case(respondent=respondent)
    reply = services.case_reply_write(case=case, author=cx_manager, text="Dear Jane")

    services.respondent_erase(respondent_id=respondent.pk)
    services.case_replies_send_due()

    reply.refresh_from_db()
    assert (reply.status, reply.text) == ("suppressed", "[erased]")
    assert mail.outbox == []


def test_a_reply_in_error_keeps_nothing_and_says_why(client, cx_manager):
    case = _case(contact_email="durand@example.com")
    client.force_login(cx_manager)

    response = client.post(_reply_url(case), {"reply": ""})

    assert response.status_code == 400
    assert response.context["reply_form"].errors == {"reply": ["This field is required."]}
    assert CaseReply.objects.count() == 0


@pytest.mark.parametrize("who", ["interviewer", "dpo", "viewer"])
def test_only_the_cx_manager_replies(who, client, token_client, user_with_role):
    case = _case(contact_email="durand@example.com")
    user = user_with_role(who)
    client.force_login(user)

    page = client.post(_reply_url(case), {"reply": "Hello"})
    api = token_client(user).post(
        f"/api/v1/cases/{case.pk}/replies/", {"text": "Hello"}, format="json"
    )

    assert (page.status_code, api.status_code) == (403, 403)
    assert CaseReply.objects.count() == 0


def test_the_api_replies_and_shows_the_replies_on_the_case(token_client, cx_manager, viewer):
    case = _case(language="fr", contact_email="durand@example.com")
    client = token_client(cx_manager)

    response = client.post(f"/api/v1/cases/{case.pk}/replies/", {"text": "Bonjour"}, format="json")
    as_cx = client.get(f"/api/v1/cases/{case.pk}/").json()["replies"]
    as_viewer = token_client(viewer).get(f"/api/v1/cases/{case.pk}/").json()["replies"]

    body = response.json()
    assert response.status_code == 201, body
    assert (body["text"], body["language"], body["status"]) == ("Bonjour", "fr", "pending")
    assert [(reply["text"], reply["status"]) for reply in as_cx] == [("Bonjour", "pending")]
    assert [(reply["text"], reply["status"]) for reply in as_viewer] == [("", "pending")]


def test_the_api_says_when_a_reply_is_kept_for_want_of_an_address(token_client, cx_manager):
    case = _case()

    response = token_client(cx_manager).post(
        f"/api/v1/cases/{case.pk}/replies/", {"text": "Bonjour"}, format="json"
    )

    assert (response.status_code, response.json()["status"]) == (201, "no_address")


@pytest.mark.parametrize(
    ("case_language", "page_language", "said"),
    [
        ("fr", "fr", "La réponse est envoyée par e-mail en français, telle qu’écrite."),
        ("en", "fr", "La réponse est envoyée par e-mail en anglais, telle qu’écrite."),
        ("fr", "en", "The reply is e-mailed in French, as written."),
    ],
)
def test_the_page_says_in_which_language_the_reply_goes(
    client, cx_manager, case_language, page_language, said
):
    case = _case(contact_email="durand@example.com", language=case_language)
    client.force_login(cx_manager)

    page = client.get(
        reverse("feedback:case_detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=page_language
    ).content.decode()

    assert said in page
