"""The survey e-mail and pages in the organisation's name; the thank-you page's promise to a
detractor; a service event entered on the form; the recurring-cause messages' plurals."""

import io
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core import services as core_services
from feedback.models import Case, Invitation, ServiceEvent
from tests.journeys.factories import TouchpointFactory

from .factories import FollowUpRuleFactory, sent_invitation

pytestmark = pytest.mark.django_db

BRAND = {
    "name": "Parcours Location",
    "sender_name": "Parcours Location — Service client",
    "sender_email": "service-client@parcours-location.example",
    "primary_colour": "#0f4c81",
    "accent_colour": "#f2a900",
    "privacy_notice_url": "https://parcours-location.example/confidentialite",
}


@pytest.fixture
def organisation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "#0f4c81").save(buffer, format="PNG")
    return core_services.organisation_update(
        data=BRAND, logo=SimpleUploadedFile("logo.png", buffer.getvalue())
    )


def test_the_survey_e_mail_comes_from_the_organisation_with_its_logo(organisation, settings):
    settings.PARCOURS_BASE_URL = "https://survey.parcours-location.example"
    sent_invitation(language="fr")

    [message] = mail.outbox
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    sender = parsed["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (
        "Parcours Location — Service client",
        "service-client@parcours-location.example",
    )
    html = message.alternatives[0].content
    assert (
        f'<img src="https://survey.parcours-location.example{organisation.logo_path}" '
        'alt="Parcours Location"' in html
    )
    assert "border-top:6px solid #f2a900" in html
    assert 'href="https://parcours-location.example/confidentialite"' in html
    assert "Politique de confidentialité" in html
    assert "https://parcours-location.example/confidentialite" in message.body


def test_without_settings_the_e_mail_keeps_the_installations_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Parcours <parcours@localhost>"
    sent_invitation()
    [message] = mail.outbox
    assert message.from_email == "Parcours <parcours@localhost>"
    assert "<img" not in message.alternatives[0].content


def test_the_survey_page_shows_the_logo_the_colours_and_the_privacy_notice(organisation):
    _invitation, token = sent_invitation(language="fr")

    page = Client().get(reverse("survey:answer", args=[token])).content.decode()

    assert f'<img src="{organisation.logo_path}" alt="Parcours Location">' in page
    assert f"/organisation/theme.css?v={organisation.theme_version}" in page
    assert '<a href="https://parcours-location.example/confidentialite" rel="noopener">' in page
    assert "Politique de confidentialité\u202f: ce que nous faisons de vos réponses" in page
    assert "<title>Votre avis · Parcours Location</title>" in page
    assert "style=" not in page


def test_the_survey_page_reads_the_organisation_once_then_from_the_cache(
    organisation, django_assert_num_queries
):
    _invitation, token = sent_invitation()
    url = reverse("survey:answer", args=[token])
    client = Client()
    cache.clear()

    # The invitation with its rule, template, event, stage and respondent (one query), and
    # the organisation.
    with django_assert_num_queries(2):
        client.get(url)
    with django_assert_num_queries(1):
        client.get(url)


def test_an_answer_is_stored_in_a_fixed_number_of_statements(
    organisation, django_assert_num_queries
):
    _invitation, token = sent_invitation()
    url = reverse("survey:answer", args=[token])
    client = Client()
    client.get(url)

    # The invitation with its rule, template, event, stage and respondent; then in one
    # transaction (here a savepoint, and its release): the journey's scores stamp, in a
    # savepoint (3); the claim of the link; the response; the score rollups of the answer's
    # month and of the sending's; the verbatim; the webhooks subscribed to new responses;
    # the promoter's follow-up, in a savepoint (2)
    with django_assert_num_queries(14):
        response = client.post(url, {"nps": 8, "csat": 4, "ces": 3, "comment": "Quick."})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("language", "promise"),
    [
        ("en", "Someone from our team will contact you shortly"),
        ("fr", "Une personne de notre équipe va vous contacter rapidement"),
    ],
)
def test_a_detractor_is_told_someone_will_contact_them(language, promise):
    _invitation, token = sent_invitation(language=language)

    response = Client().post(
        reverse("survey:answer", args=[token]), {"nps": "2", "csat": "2", "ces": "6"}
    )

    assert Case.objects.count() == 1
    assert promise in response.content.decode()


def test_a_promoter_is_promised_nothing():
    _invitation, token = sent_invitation()

    response = Client().post(
        reverse("survey:answer", args=[token]), {"nps": "10", "csat": "5", "ces": "1"}
    )

    assert Case.objects.count() == 0
    assert "will contact you" not in response.content.decode()


# The service event form


def _event_form(rule, **extra):
    return {
        "external_ref": "CUST-7",
        "email": "paul@example.com",
        "language": "fr",
        "stage": rule.stage_id,
        "touchpoint": "",
        "occurred_at": "2026-11-20T18:30",
        "idempotency_key": "form-abc",
        **extra,
    }


def test_the_cx_manager_records_a_service_event_and_its_invitation(client, cx_manager):
    rule = FollowUpRuleFactory(delay_minutes=60)
    client.force_login(cx_manager)

    form = client.get(reverse("feedback:service_event_create")).content.decode()
    response = client.post(reverse("feedback:service_event_create"), _event_form(rule), follow=True)

    assert f"{rule.stage.journey.name} — {rule.stage}" in form
    assert 'name="idempotency_key"' in form
    event = ServiceEvent.objects.get()
    assert (event.source, event.idempotency_key, event.stage_id) == (
        "parcours-form",
        "form-abc",
        rule.stage_id,
    )
    assert event.respondent.language == "fr"
    assert Invitation.objects.get().status == Invitation.Status.SCHEDULED
    assert "Service event recorded: 1 invitation scheduled." in response.content.decode()


def test_sending_the_form_twice_records_one_event(client, cx_manager):
    rule = FollowUpRuleFactory()
    client.force_login(cx_manager)
    client.post(reverse("feedback:service_event_create"), _event_form(rule))

    again = client.post(reverse("feedback:service_event_create"), _event_form(rule), follow=True)

    assert ServiceEvent.objects.count() == 1
    assert "This service event was already recorded: nothing new." in again.content.decode()


def test_a_touchpoint_of_another_stage_is_refused(client, cx_manager):
    rule = FollowUpRuleFactory()
    elsewhere = TouchpointFactory()
    client.force_login(cx_manager)

    response = client.post(
        reverse("feedback:service_event_create"), _event_form(rule, touchpoint=elsewhere.pk)
    )

    assert response.status_code == 400
    assert "Choose a touchpoint of the chosen stage." in response.content.decode()
    assert ServiceEvent.objects.count() == 0


def test_the_viewer_cannot_record_a_service_event(client, viewer):
    rule = FollowUpRuleFactory()
    client.force_login(viewer)
    assert (
        client.post(reverse("feedback:service_event_create"), _event_form(rule)).status_code == 403
    )
    assert ServiceEvent.objects.count() == 0


def test_the_event_form_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries
):
    for _ in range(3):
        TouchpointFactory(stage=FollowUpRuleFactory().stage)
    client.force_login(cx_manager)
    client.get(reverse("feedback:service_event_create"))  # the permissions, cached

    # The session, the user, their role (the menu), the stages with their journeys, the
    # touchpoints with theirs.
    with django_assert_num_queries(5):
        client.get(reverse("feedback:service_event_create"))


# Plurals


def test_the_recurring_cause_messages_are_plural_in_french():
    with translation.override("fr"):
        assert (
            translation.ngettext(
                "Fewer than %(count)d case of this kind is left outside the plan.",
                "Fewer than %(count)d cases of this kind are left outside the plan.",
                3,
            )
            % {"count": 3}
            == "Il reste moins de 3 réclamations de ce type hors du plan."
        )
        assert translation.ngettext(
            "%(count)d complaint case at this stage was classified as “%(risk)s”. "
            "Find the cause and fix it.",
            "%(count)d complaint cases at this stage were classified as “%(risk)s”. "
            "Find the cause and fix it.",
            1,
        ) % {"count": 1, "risk": "temporel"} == (
            "1 réclamation à cette étape a été classée «\u202ftemporel\u202f». "
            "Trouver la cause et la corriger."
        )
