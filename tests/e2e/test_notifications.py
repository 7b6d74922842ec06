"""A CX manager sees the bell's count rise when a detractor answers on a phone, and opens
the case from the inbox."""

import re

from playwright.sync_api import expect

from core.roles import Role
from feedback.models import Case
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, sent_invitation
from tests.journeys.factories import JourneyFactory, StageFactory


def test_the_bell_rises_when_a_detractor_answers_and_the_inbox_opens_the_case(
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
