"""The CX manager opens a complaint that came by phone, replies to the customer and resolves
the case, in English and in French; axe finds no serious violation on the way."""

from pprint import pformat

import pytest
from playwright.sync_api import expect

from core.roles import Role
from feedback import services
from feedback.models import Case, CaseReply
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

WORDS = {
    "en": {
        "open": "Open a case",
        "phone": "phone call",
        "stage": "Stage",
        "title": "What is the complaint about?",
        "customer": "Customer",
        "name": "Name",
        "email": "E-mail",
        "submit": "Open the case",
        "opened": "Case opened.",
        "reply": "Reply to the customer",
        "send": "Send the reply",
        "sent": "Reply saved: it is being e-mailed to the customer.",
        "update": "Update the case",
        "save": "Save the case",
        "saved": "Case saved.",
        "resolved": "resolved",
        "text": "Hello,\nWe refund the child seat. Sorry for the wait.",
    },
    "fr": {
        "open": "Ouvrir une réclamation",
        "phone": "appel téléphonique",
        "stage": "Étape",
        "title": "Sur quoi porte la réclamation\N{NARROW NO-BREAK SPACE}?",
        "customer": "Client",
        "name": "Nom",
        "email": "E-mail",
        "submit": "Ouvrir la réclamation",
        "opened": "Réclamation ouverte.",
        "reply": "Réponse au client",
        "send": "Envoyer la réponse",
        "sent": "Réponse enregistrée\N{NARROW NO-BREAK SPACE}: elle est en cours "
        "d\N{RIGHT SINGLE QUOTATION MARK}envoi au client par e-mail.",
        "update": "Mettre à jour la réclamation",
        "save": "Enregistrer la réclamation",
        "saved": "Réclamation enregistrée.",
        "resolved": "résolu",
        "text": "Bonjour,\nNous vous remboursons le siège enfant. Désolés pour "
        "l\N{RIGHT SINGLE QUOTATION MARK}attente.",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_cx_manager_opens_a_phone_complaint_replies_and_resolves_it(
    transactional_db, live_server, new_page, language
):
    words = WORDS[language]
    UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Car rental — business trip")
    StageFactory(journey=journey, code="G", name="Take the car")
    page = new_page(bypass_csp=True)  # for axe, injected inline
    log_in(page, "claire")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])

    page.goto("/feedback/cases/")
    page.get_by_role("button", name=words["open"]).click()
    page.get_by_label(words["phone"]).check()
    page.get_by_label(words["stage"]).select_option(
        label="Car rental — business trip — G. Take the car"
    )
    page.get_by_label(words["title"]).fill("Child seat missing at pick-up")
    page.locator("details.complaint-section > summary", has_text=words["customer"]).click()
    page.get_by_role("textbox", name=words["name"]).fill("M. Durand")
    page.get_by_role("textbox", name=words["email"]).fill("durand@example.com")
    assert axe_violations(page) == [], pformat(axe_violations(page))
    screenshot(page, f"complaint-form-{language}", full_page=True)
    page.get_by_role("button", name=words["submit"]).click()

    expect(page.get_by_text(words["opened"])).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child seat missing at pick-up")
    case = Case.objects.get()
    assert (case.channel, case.language, case.contact_email) == (
        "phone",
        language,
        "durand@example.com",
    )

    page.get_by_label(words["reply"]).fill(words["text"])
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_text(words["sent"])).to_be_visible()
    expect(page.locator(".case-reply-text")).to_have_count(1)
    assert axe_violations(page) == [], pformat(axe_violations(page))

    page.get_by_text(words["update"], exact=True).click()
    page.locator("select[name=status]").select_option("resolved")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["saved"])).to_be_visible()
    expect(page.locator("hgroup .badge")).to_have_text(words["resolved"])
    assert axe_violations(page) == [], pformat(axe_violations(page))
    screenshot(page, f"complaint-case-{language}", full_page=True)

    # The reply, as typed, in the customer's language, goes through the outbox (a worker of
    # the suite may already have sent it; tests/feedback/test_replies*.py check the e-mail).
    reply = CaseReply.objects.get()
    assert (reply.text, reply.language, reply.case_id) == (words["text"], language, case.pk)
    services.case_replies_send_due()
    reply.refresh_from_db()
    assert reply.status == "sent"


def test_the_complaint_form_fits_a_phone(transactional_db, live_server, new_page):
    UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    StageFactory()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    log_in(page, "claire")

    page.goto("/feedback/cases/new/")

    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == [], pformat(axe_violations(page))
    screenshot(page, "complaint-form-phone", full_page=True)
