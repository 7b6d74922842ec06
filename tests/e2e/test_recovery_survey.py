"""The customer whose complaint was resolved answers the recovery survey from the e-mail on a
320 px phone, in English and in French; a low answer reopens the case as a double failure,
which the CX manager sees on the case list."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import Role
from feedback import services as feedback_services
from feedback.models import Case, RecoverySurvey
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, sent_invitation
from tests.journeys.factories import StageFactory

SMALLEST_PHONE = {"width": 320, "height": 640}

# (language, question, button, thank-you heading, promise of a call)
WORDING = {
    "en": (
        "How satisfied are you with how we handled your complaint?",
        "Send my answer",
        "Thank you",
        "Someone from our team will contact you shortly",
    ),
    "fr": (
        "Êtes-vous satisfait de la façon dont nous avons traité votre réclamation",
        "Envoyer ma réponse",
        "Merci",
        "Une personne de notre équipe va vous contacter",
    ),
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_customer_answers_the_recovery_survey_on_a_320px_phone(
    transactional_db, live_server, new_page, settings, language
):
    settings.PARCOURS_BASE_URL = live_server.url
    UserFactory(username="claire", role=Role.CX_MANAGER)
    rule = FollowUpRuleFactory(stage=StageFactory(name="Return the car"))
    _invitation, token = sent_invitation(rule, language=language)
    response = feedback_services.response_submit(token=token, answers={"nps": 5})
    case = Case.objects.get(response=response)
    mail.outbox.clear()
    feedback_services.case_update(case=case, data={"status": Case.Status.RESOLVED})
    feedback_services.invitations_dispatch_due()
    [message] = mail.outbox
    survey_url = re.search(
        rf"{re.escape(live_server.url)}/s/recovery/[^/\s]+/", message.body
    ).group()
    question, button, thanks, promise = WORDING[language]

    # bypass_csp: only to inject axe; the page itself runs under its own CSP.
    phone = new_page(bypass_csp=True, viewport=SMALLEST_PHONE, is_mobile=True, has_touch=True)
    phone.goto(survey_url)
    scale = phone.get_by_role("group", name=question)
    expect(scale).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= SMALLEST_PHONE["width"]
    options = scale.locator("label")
    expect(options).to_have_count(5)
    # The five answers on one line, each a thumb's width.
    assert len(set(options.evaluate_all("labels => labels.map(label => label.offsetTop)"))) == 1
    assert min(options.evaluate_all("labels => labels.map(l => l.offsetWidth)")) >= 44
    assert axe_violations(phone) == []
    screenshot(phone, f"recovery-survey-320-{language}", full_page=True)

    # Forgotten score: pointed out, accessibly.
    phone.get_by_role("button", name=button).click()
    expect(scale.get_by_role("alert")).to_be_visible()
    assert axe_violations(phone) == []
    scale.get_by_label("2", exact=True).check()
    phone.locator("textarea").fill("Still no refund.")
    phone.get_by_role("button", name=button).click()
    expect(phone.get_by_role("heading", name=thanks)).to_be_visible()
    expect(phone.get_by_text(re.compile(promise))).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, f"recovery-thanks-320-{language}", full_page=True)

    survey = RecoverySurvey.objects.get()
    assert (survey.score, survey.comment, survey.language) == (2, "Still no refund.", language)
    case.refresh_from_db()
    assert (case.status, case.double_failure_at is not None) == (Case.Status.OPEN, True)

    # The CX manager sees the double failure on the case list.
    office = new_page(bypass_csp=True)
    log_in(office, "claire")
    office.goto("/feedback/cases/?double_failure=true")
    expect(office.locator(".case-double-failure")).to_have_count(1)
    assert axe_violations(office) == []
    assert case.double_failure_at <= timezone.now()
