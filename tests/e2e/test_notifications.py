"""The loop closed in a browser: a CX manager sees the bell's count rise when a detractor
answers on a phone, opens the case from the inbox, replies to the customer and resolves it;
the customer answers the recovery survey on a phone."""

import re

from playwright.sync_api import expect

from core.roles import Role
from feedback import services as feedback_services
from feedback.models import Case, CaseReply, RecoverySurvey
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, sent_invitation
from tests.journeys.factories import JourneyFactory, StageFactory


def test_the_bell_rises_the_inbox_opens_the_case_the_reply_goes_and_the_customer_is_asked_again(
    transactional_db, live_server, new_page
):
    claire = UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Car rental — business trip", owner=claire)
    car_return = StageFactory(journey=journey, name="Return the car", code="H")
    _invitation, token = sent_invitation(FollowUpRuleFactory(stage=car_return))

    office = new_page(bypass_csp=True)  # for axe, injected inline
    log_in(office, "claire")
    office.goto("/feedback/cases/")
    bell = office.locator("#notification-bell")
    expect(bell).to_contain_text("0 unread notifications")
    expect(office.locator(".notification-count")).to_have_count(0)

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"/s/{token}/")
    phone.get_by_role("group", name="How likely are you to recommend us").get_by_label(
        "2", exact=True
    ).check()
    phone.get_by_role("group", name="How satisfied are you").get_by_label("2", exact=True).check()
    phone.get_by_role("group", name="How much effort").get_by_label("6", exact=True).check()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    case = Case.objects.get()

    office.reload()
    expect(office.locator(".notification-count")).to_have_text("1")
    screenshot(office, "notification-bell")
    office.locator("#notification-bell").click()
    expect(office.get_by_role("heading", name="Notifications")).to_be_visible()
    link = office.get_by_role("link", name=f"Case {case.pk} (H. Return the car) is assigned to you")
    expect(link).to_be_visible()
    assert axe_violations(office) == []
    screenshot(office, "notification-inbox")
    link.click()
    expect(office).to_have_url(re.compile(rf"/feedback/cases/{case.pk}/$"))
    expect(office.locator(".notification-count")).to_have_count(0)

    office.get_by_label("Reply to the customer").fill("Hello,\nYour refund is on its way.")
    office.get_by_role("button", name="Send the reply").click()
    expect(office.get_by_text("Reply saved: it is being e-mailed to the customer.")).to_be_visible()
    office.get_by_text("Update the case", exact=True).click()
    office.locator("select[name=status]").select_option("resolved")
    office.get_by_role("button", name="Save the case").click()
    expect(office.get_by_text("Case saved.")).to_be_visible()
    assert CaseReply.objects.get().text == "Hello,\nYour refund is on its way."

    # The recovery survey went out (or goes now) once; the customer answers it on the phone.
    feedback_services.invitations_dispatch_due()
    survey = RecoverySurvey.objects.get(case=case)
    phone.goto(f"/s/recovery/{feedback_services.recovery_token(survey=survey)}/")
    phone.get_by_role(
        "group", name="How satisfied are you with how we handled your complaint?"
    ).get_by_label("5", exact=True).check()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    survey.refresh_from_db()
    case.refresh_from_db()
    assert (survey.status, survey.score, case.status) == ("answered", 5, Case.Status.RESOLVED)
