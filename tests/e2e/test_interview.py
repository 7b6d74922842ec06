"""An interviewer fills in an interview over two sittings: the draft saves itself, a tab
closed right after typing loses nothing, then another day on another browser, a refused
submission that loses nothing, and the submission."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from core.roles import Role
from journeys.models import Observation
from stakeholders.models import Interview
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import PASSWORD, UserFactory
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
    _section(laptop, "Channels, tools").locator("summary").click()
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
    # The answered stage is marked, and the first unfinished one is the one open.
    expect(_section(desktop, "A. Book online").locator("summary")).to_contain_text(
        "complete · 3 answers"
    )
    second = _section(desktop, "B. Pick up the car")
    expect(second.locator("summary")).to_contain_text("not started")
    expect(second).to_have_attribute("open", "")
    second.get_by_label("Role at this stage").fill("Hands over the keys.")
    second.get_by_label("Enchantments (one per line)").fill("Regulars greet us by name")

    # Submitting too early is refused with the missing sections, and nothing typed is lost.
    desktop.get_by_role("button", name="Submit").click()
    expect(desktop.get_by_text(re.compile("Answer every section first"))).to_be_visible()
    expect(second.get_by_label("Role at this stage")).to_have_value("Hands over the keys.")
    kpis = desktop.get_by_role("group", name="KPIs they are judged on")
    kpis.get_by_label("KPI name").fill("Customers served per hour")
    kpis.get_by_label("Unit").fill("/h")
    kpis.get_by_label("Target").fill("12")
    incentives = desktop.get_by_role("group", name="Incentives and how they are calculated")
    incentives.get_by_label("Type").select_option(label="performance bonus")
    incentives.get_by_label("Who is eligible").fill("counter staff")
    incentives.get_by_label("How it is calculated").fill("2% of upgrades sold")
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
        "severity": 2,
        # The employee side of the stage (issue 17), left unanswered here.
        "ease": None,
        "blockers": [],
        "suggestions": [],
        "channels": [],
        "volume": None,
        "volume_period": "",
    }


WORDS = {
    "en": {
        "done": "complete · 3 answers",
        "empty": "not started",
        "saved": "Draft saved at",
        "unsaved": "Unsaved changes",
        "add_kpi": "Add a KPI",
        "kpi_name": "KPI name",
        "validate": "Validate the interview…",
        "plan": "2 employee-side observations on the journey",
        "confirm": "Confirm and validate",
        "validated": "Interview validated: its observations are on the journey.",
        "said_by": "said by Karim Haddad",
    },
    "fr": {
        "done": "complète · 3 réponses",
        "empty": "pas commencée",
        "saved": "Brouillon enregistré à",
        "unsaved": "Modifications non enregistrées",
        "add_kpi": "Ajouter un indicateur",
        "kpi_name": "Nom de l\u2019indicateur",
        "validate": "Valider l\u2019entretien…",
        "plan": "2 observations côté collaborateur sur le parcours",
        "confirm": "Confirmer et valider",
        "validated": "Entretien validé",
        "said_by": "rapporté par Karim Haddad",
    },
}


def _log_in_as(page, username, language):
    page.goto("/accounts/login/")
    host = urlsplit(page.url).hostname
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_interviewer_returns_to_a_marked_draft_and_the_manager_validates_it(
    transactional_db, new_page, language
):
    words = WORDS[language]
    ines = UserFactory(username="ines", first_name="Inès", role=Role.INTERVIEWER)
    UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Location de voiture")
    booking = StageFactory(journey=journey, code="A", name="Réserver en ligne")
    StageFactory(journey=journey, code="B", name="Prendre le véhicule")
    interview = InterviewFactory(
        stakeholder=StakeholderFactory(name="Karim Haddad"),
        interviewer=ines,
        journey=journey,
        answers={
            "stages": {
                str(booking.pk): {
                    "role": "Vérifie les réservations.",
                    "irritants": ["Numéro de vol absent"],
                    "enchantments": ["Les habitués nous remercient"],
                    "severity": 3,
                }
            }
        },
    )
    options = {"bypass_csp": True}

    # The interviewer opens their interviews from the home card and returns to the draft.
    page = new_page(**options)
    _log_in_as(page, "ines", language)
    page.locator("article header a[href='/stakeholders/interviews/']").click()
    page.get_by_role("row", name=re.compile("Karim Haddad")).get_by_role("link").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text(words["saved"])
    first = _section(page, "A. Réserver en ligne")
    expect(first.locator("summary")).to_contain_text(words["done"])
    expect(first).not_to_have_attribute("open", "")
    second = _section(page, "B. Prendre le véhicule")
    expect(second.locator("summary")).to_contain_text(words["empty"])
    expect(second).to_have_attribute("open", "")
    assert axe_violations(page) == []

    # A KPI row is added; the status says the change is not saved yet, then saved.
    page.locator("details.interview-section").last.locator("summary").click()
    page.get_by_role("button", name=words["add_kpi"]).click()
    page.get_by_label(words["kpi_name"]).last.fill("Clients servis par heure")
    expect(status).to_contain_text(re.compile(f"{words['unsaved']}|{words['saved']}"))
    expect(status).to_contain_text(words["saved"])
    screenshot(page, f"interview-return-{language}", full_page=True)
    page.context.close()
    interview.refresh_from_db()
    assert [row["name"] for row in interview.answers["kpis"]] == ["Clients servis par heure"]

    # Submitted, the CX manager validates it through the confirmation step.
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    manager = new_page(**options)
    _log_in_as(manager, "claire", language)
    manager.goto(f"/stakeholders/interviews/{interview.pk}/")
    manager.get_by_role("button", name=words["validate"]).click()
    expect(manager.get_by_role("heading", name=words["plan"])).to_be_visible()
    expect(manager.locator(".validation-plan")).to_contain_text("Karim Haddad")
    assert axe_violations(manager) == []
    screenshot(manager, f"interview-validate-{language}", full_page=True)
    manager.get_by_role("button", name=words["confirm"]).click()
    expect(manager.get_by_text(words["validated"])).to_be_visible()
    expect(manager.get_by_text(words["said_by"]).first).to_be_visible()
    assert list(Observation.objects.values_list("severity", flat=True).order_by("id")) == [3, 2]
