"""An interviewer fills in an interview over two sittings: the draft saves itself, a tab
closed right after typing loses nothing, then another day on another browser, a refused
submission that loses nothing, and the submission."""

import re

from playwright.sync_api import expect

from core.roles import Role
from stakeholders.models import Interview
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory
from tests.stakeholders.factories import InterviewFactory, StakeholderFactory


def _section(page, title):
    return page.locator("details.interview-section").filter(has_text=title)


def test_an_interviewer_fills_in_an_interview_over_two_sittings_and_submits_it(
    transactional_db, new_page
):
    ines = UserFactory(username="ines", first_name="Inès", role=Role.INTERVIEWER)
    journey = JourneyFactory(name="Car rental — business trip")
    booking = StageFactory(journey=journey, code="A", name="Book online")
    pick_up = StageFactory(journey=journey, code="B", name="Pick up the car")
    counter = StakeholderFactory(name="Airport counter manager")
    interview = InterviewFactory(stakeholder=counter, interviewer=ines, journey=journey)

    # First sitting: what is typed is saved as a draft without asking.
    laptop = new_page()
    log_in(laptop, "ines")
    laptop.goto("/stakeholders/interviews/")
    laptop.get_by_role("row", name=re.compile("Airport counter manager")).get_by_role(
        "link"
    ).click()
    expect(laptop.get_by_role("heading", level=1)).to_contain_text("Airport counter manager")
    first = _section(laptop, "A. Book online")
    first.get_by_label("Role at this stage").fill("Checks web bookings made the day before.")
    first.get_by_label("Irritants (one per line)").fill(
        "Bookings arrive without the flight number\nNo way to reach the customer"
    )
    laptop.get_by_label("Channels and volumes").fill("Counter: 300 customers a day")
    expect(laptop.get_by_text(re.compile("Draft saved at"))).to_be_visible()

    # Typing, then the tab is closed at once: nothing is lost.
    laptop.get_by_label("Tools").fill("Rental desk software, paper checklist")
    context = laptop.context
    laptop.close(run_before_unload=True)
    laptop = context.new_page()
    laptop.goto(f"/stakeholders/interviews/{interview.pk}/")
    expect(laptop.get_by_label("Tools")).to_have_value("Rental desk software, paper checklist")
    expect(_section(laptop, "A. Book online").get_by_label("Role at this stage")).to_have_value(
        "Checks web bookings made the day before."
    )
    screenshot(laptop, "interview-draft")
    context.close()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.DRAFT
    assert interview.answers["tools"] == "Rental desk software, paper checklist"
    assert interview.answers["stages"][str(booking.pk)]["irritants"] == [
        "Bookings arrive without the flight number",
        "No way to reach the customer",
    ]

    # Second sitting, another day and another browser: the server's draft is there.
    desktop = new_page()
    log_in(desktop, "ines")
    desktop.goto(f"/stakeholders/interviews/{interview.pk}/")
    expect(desktop.get_by_label("Channels and volumes")).to_have_value(
        "Counter: 300 customers a day"
    )
    expect(desktop.get_by_label("Tools")).to_have_value("Rental desk software, paper checklist")
    second = _section(desktop, "B. Pick up the car")
    second.locator("summary").click()
    second.get_by_label("Role at this stage").fill("Hands over the keys.")
    second.get_by_label("Enchantments (one per line)").fill("Regulars greet us by name")

    # Submitting too early is refused with the missing sections, and nothing typed is lost.
    desktop.get_by_role("button", name="Submit").click()
    expect(desktop.get_by_text(re.compile("Answer every section first"))).to_be_visible()
    expect(second.get_by_label("Role at this stage")).to_have_value("Hands over the keys.")
    desktop.get_by_label("KPIs they are judged on").fill("Customers served per hour; /h; 12")
    desktop.get_by_label("Incentives and how they are calculated").fill(
        "performance_bonus; counter staff; 2% of upgrades sold"
    )
    desktop.get_by_label("How easy is it to satisfy the customer?").select_option("2")
    desktop.get_by_label("What stops them").fill("Cars not ready when the customer arrives")
    desktop.get_by_label("Suggestions").fill("Send the flight number with the booking")
    screenshot(desktop, "interview", full_page=True)
    desktop.get_by_role("button", name="Submit").click()
    expect(desktop.get_by_text("Interview submitted.")).to_be_visible()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("submitted")
    expect(desktop.get_by_role("button", name="Submit")).to_have_count(0)

    interview.refresh_from_db()
    assert interview.status == Interview.Status.SUBMITTED
    assert interview.ease_of_satisfying == 2
    assert interview.answers["stages"][str(pick_up.pk)] == {
        "role": "Hands over the keys.",
        "irritants": [],
        "enchantments": ["Regulars greet us by name"],
    }
