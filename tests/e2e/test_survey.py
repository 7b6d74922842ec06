"""A customer answers a follow-up survey from the e-mail on a phone, as a detractor, and the
CX manager finds the complaint case it opened."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from core import services as core_services
from core.models import Organisation
from core.roles import Role
from feedback import services as feedback_services
from feedback.models import Case, Invitation, Response, ServiceEvent
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, SurveyTemplateFactory, sent_invitation
from tests.journeys.factories import JourneyFactory, StageFactory


def test_a_detractor_answers_the_e_mailed_survey_on_a_phone_and_a_case_opens(
    transactional_db, live_server, new_page, settings, monkeypatch
):
    settings.PARCOURS_BASE_URL = live_server.url
    claire = UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    crm = UserFactory(username="crm", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Car rental — business trip", owner=claire)
    car_return = StageFactory(journey=journey, name="Return the car", place="car park")
    FollowUpRuleFactory(
        name="After the car return",
        stage=car_return,
        template=SurveyTemplateFactory(name="Car return"),
        delay_minutes=60,
    )
    _token, secret = core_services.api_token_create(user=crm, name="CRM", expires_at=None)

    # The rental system posts the service event through the API, with its token.
    office = new_page()
    posted = office.request.post(
        "/api/v1/service-events/",
        headers={"Authorization": f"Bearer {secret}"},
        data={
            "source": "rental-desk",
            "idempotency_key": "return-2026-0042",
            "external_ref": "CUST-0042",
            "email": "jane@example.com",
            "stage": car_return.pk,
            "occurred_at": timezone.now().isoformat(),
        },
    )
    assert posted.status == 201, posted.text()
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SCHEDULED

    # An hour later, the CX manager asks for what is due without waiting for beat: the page
    # answers at once and queues the task, which this process then runs as a worker would.
    requested = []
    monkeypatch.setattr(
        "feedback.tasks.invitations_dispatch_task.apply_async",
        lambda **options: requested.append(options),
    )
    Invitation.objects.update(send_after=timezone.now() - timedelta(seconds=1))
    log_in(office, "claire")
    office.goto("/feedback/sent-emails/")
    office.get_by_role("button", name="Send what is due now").click()
    expect(
        office.get_by_text("Sending requested: the e-mails due go out in a moment.")
    ).to_be_visible()
    assert (requested, mail.outbox) == ([{"retry": False}], [])
    feedback_services.invitations_dispatch_due()
    [message] = mail.outbox
    assert message.to == ["jane@example.com"]
    survey_url = re.search(rf"{re.escape(live_server.url)}/s/[^/\s]+/", message.body).group()

    # The customer opens the link on her phone and answers as a detractor.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(survey_url)
    expect(phone.get_by_role("heading", name="Your opinion")).to_be_visible()
    expect(phone.get_by_text("About: Return the car")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    nps = phone.get_by_role("group", name="How likely are you to recommend us")
    csat = phone.get_by_role("group", name="How satisfied are you")
    ces = phone.get_by_role("group", name="How much effort")
    # A forgotten question is pointed out, and what was chosen stays chosen.
    nps.get_by_label("3", exact=True).check()
    phone.get_by_role("button", name="Send my answer").click()
    expect(csat.get_by_role("alert")).to_have_text("Please choose an answer.")
    expect(nps.get_by_label("3", exact=True)).to_be_checked()
    screenshot(phone, "survey-phone", full_page=True)
    csat.get_by_label("2", exact=True).check()
    ces.get_by_label("6", exact=True).check()
    phone.get_by_label("Would you like to tell us more?").fill(
        "Nobody at the car park to take the keys; I nearly missed my flight."
    )
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    response = Response.objects.get()
    assert (response.nps, response.csat, response.ces) == (3, 2, 6)

    # The link is used up.
    phone.goto(survey_url)
    expect(phone.get_by_role("heading", name="This link is no longer valid")).to_be_visible()

    # The case is in the CX manager's list, at the car return, high severity.
    case = Case.objects.get()
    assert (case.stage_id, case.severity, case.status) == (
        car_return.pk,
        Case.Severity.HIGH,
        Case.Status.OPEN,
    )
    office.get_by_role("navigation", name="Feedback").get_by_role("link", name="Cases").click()
    row = office.get_by_role("row", name=re.compile("Return the car"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Car rental — business trip")
    screenshot(office, "case-list")
    row.get_by_role("link").first.click()
    expect(office.get_by_text("Nobody at the car park to take the keys")).to_be_visible()
    screenshot(office, "case-detail", full_page=True)


SMALLEST_PHONE = {"width": 320, "height": 640}
BRAND = {
    "name": "Parcours Location",
    "sender_name": "Parcours Location — Service client",
    "sender_email": "service-client@parcours-location.example",
    "primary_colour": "#0f4c81",
    "accent_colour": "#f2a900",
    "privacy_notice_url": "https://parcours-location.example/confidentialite",
}


def _brand(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#0f4c81").save(buffer, format="PNG")
    return core_services.organisation_update(
        data=BRAND, logo=SimpleUploadedFile("logo.png", buffer.getvalue())
    )


def test_a_detractor_on_a_320px_phone_sees_the_brand_and_is_told_someone_will_call(
    transactional_db, new_page, settings, tmp_path
):
    organisation = _brand(settings, tmp_path)
    _invitation, token = sent_invitation(language="fr")
    phone = new_page(viewport=SMALLEST_PHONE, is_mobile=True, has_touch=True)
    phone.goto(reverse("survey:answer", args=[token]))

    logo = phone.get_by_role("img", name="Parcours Location")
    expect(logo).to_be_visible()
    assert logo.evaluate("image => image.naturalWidth") == 120
    assert logo.get_attribute("src") == organisation.logo_path
    notice = phone.get_by_role("link", name="Politique de confidentialité")
    expect(notice).to_have_attribute("href", "https://parcours-location.example/confidentialite")
    # The organisation's colours come from its stylesheet: the primary button is in them.
    send = phone.get_by_role("button", name="Envoyer ma réponse")
    assert send.evaluate("button => getComputedStyle(button).backgroundColor") == (
        "rgb(15, 76, 129)"
    )
    nps = phone.get_by_role("group", name="recommandiez")
    options = nps.locator("label")
    expect(options).to_have_count(11)
    assert len(set(options.evaluate_all("labels => labels.map(label => label.offsetTop)"))) == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= SMALLEST_PHONE["width"]

    nps.get_by_label("2", exact=True).check()
    phone.get_by_role("group", name="satisfait").get_by_label("2", exact=True).check()
    phone.get_by_role("group", name="effort").get_by_label("6", exact=True).check()
    send.click()

    expect(phone.get_by_role("heading", name="Merci")).to_be_visible()
    expect(
        phone.get_by_text("Une personne de notre équipe va vous contacter rapidement")
    ).to_be_visible()
    expect(phone.get_by_role("img", name="Parcours Location")).to_be_visible()
    assert Case.objects.count() == 1
    screenshot(phone, "survey-thanks-detractor-320", full_page=True)


@pytest.mark.parametrize(
    ("language", "heading", "save", "saved"),
    [
        ("en", "Organisation", "Save the settings", "The organisation settings were saved."),
        ("fr", "Organisation", "Enregistrer les réglages", "sont enregistrés."),
    ],
)
def test_the_cx_manager_brands_the_surveys_on_the_organisation_page(
    transactional_db, new_page, settings, tmp_path, language, heading, save, saved
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (90, 30), "#0f4c81").save(logo, format="PNG")
    page = new_page(bypass_csp=True)
    log_in(page, "claire")
    if language == "fr":
        page.locator("#language-select").select_option("fr")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("summary", has_text="Claire").click()
    page.get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.locator("#id_name").fill("Parcours Location")
    page.locator("#id_sender_email").fill("service-client@parcours-location.example")
    page.locator("#id_privacy_notice_url").fill("https://parcours-location.example/vie-privee")
    page.locator("#id_logo").set_input_files(logo)
    page.get_by_role("button", name=save).click()

    expect(page.get_by_text(saved)).to_be_visible()
    preview = page.locator(".organisation-preview img")
    expect(preview).to_be_visible()
    assert preview.evaluate("image => image.naturalWidth") == 90
    assert axe_violations(page) == []
    screenshot(page, f"organisation-settings-{language}", full_page=True)

    # A GIF renamed .png is refused next to the field, nothing saved.
    gif = tmp_path / "fake.png"
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    page.locator("#id_logo").set_input_files(gif)
    page.get_by_role("button", name=save).click()
    expect(page.locator("#id_logo")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    organisation = Organisation.objects.get()
    assert organisation.privacy_notice_url == "https://parcours-location.example/vie-privee"
    assert organisation.logo.name.endswith(".png")


def test_the_cx_manager_records_a_service_event_on_the_form(transactional_db, new_page):
    UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Car rental — business trip")
    car_return = StageFactory(journey=journey, code="H", name="Return the car")
    FollowUpRuleFactory(stage=car_return, delay_minutes=60)
    page = new_page(bypass_csp=True)
    log_in(page, "claire")
    page.goto(reverse("feedback:invitation_list"))
    page.get_by_role("button", name="Record a service event").click()
    assert axe_violations(page) == []

    page.get_by_label("Customer reference").fill("CUST-0099")
    page.get_by_label("E-mail").fill("paul@example.com")
    page.get_by_label("Stage").select_option(label="Car rental — business trip — H. Return the car")
    page.get_by_role("button", name="Record the event").click()

    expect(page.get_by_text("Service event recorded: 1 invitation scheduled.")).to_be_visible()
    event = ServiceEvent.objects.get()
    assert (event.stage_id, event.respondent.external_ref) == (car_return.pk, "CUST-0099")
    assert Invitation.objects.get().status == Invitation.Status.SCHEDULED
