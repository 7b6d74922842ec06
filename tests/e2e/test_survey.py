"""A customer answers a follow-up survey from the e-mail on a phone, as a detractor, and the
CX manager finds the complaint case it opened."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core import services as core_services
from core.roles import Role
from feedback import services as feedback_services
from feedback.models import Case, Invitation, Response
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, SurveyTemplateFactory
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
