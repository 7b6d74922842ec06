"""Issue 17 in the browser: an interviewer records, for three stages, the employee's role, ease
and blockers; the CX manager validates, accepts the proposed involvements, and sees the
employee lane and the cross matrix change; the action made from a quadrant's pair carries
its priority. In English and in French, axe clean."""

from pprint import pformat

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import User
from journeys.demo import AS_IS_NAME
from journeys.models import Action, Journey, Observation
from stakeholders import services
from stakeholders.models import Interview, Involvement, Stakeholder
from tests.e2e.conftest import htmx_settled, log_in, screenshot
from tests.e2e.test_accessibility import DEMO_PASSWORD, axe_violations

# Stage code → role, ease, blockers the interviewer types (Sophie Bernard is involved at A, B
# and D: these three stages are new for her).
ANSWERS = {
    "E": ("I meet customers at the arrivals hall.", "2", "No signpost in terminal 2"),
    "G": ("I check the cars before they leave.", "3", "Cars come back late from cleaning"),
    "H": ("I take the cars back at return.", "4", "The fuel level is read by hand"),
}


def _draft(journey: Journey) -> Interview:
    """Sophie Bernard's interview, its general sections already answered as a draft."""
    interview = services.interview_create(
        stakeholder=Stakeholder.objects.get(name="Sophie Bernard"),
        interviewer=User.objects.get(username="ines"),
        scheduled_at=timezone.now(),
        journey=journey,
    )
    services.interview_save_draft(
        interview=interview,
        answers={
            "channels_and_volumes": "Counter and phone.",
            "tools": "Counter software",
            "blockers": "Not enough staff.",
            "suggestions": "Signposts.",
            "kpis": [{"name": "Customers served", "direction": "higher_is_better"}],
        },
        ease_of_satisfying=3,
    )
    return interview


def _switch(page, language):
    if language != "en":
        with page.expect_navigation():
            page.locator("#language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)


def _count(page, stage, column: int) -> int:
    """The count of a stage's quadrant in the matrix's table (0 where it shows a dot)."""
    row = page.locator("table.matrix-counts tbody tr").filter(has_text=f"{stage.code}. ")
    cell = row.locator("td").nth(column)
    return int(cell.inner_text()) if "is-active" in cell.get_attribute("class") else 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_employee_lane_and_the_matrix_follow_a_validated_interview(demo, new_page, language):
    journey = Journey.objects.get(name=AS_IS_NAME)
    stages = {stage.code: stage for stage in journey.stages.all()}
    interview = _draft(journey)
    found = {}

    page = new_page(bypass_csp=True)
    log_in(page, "ines", DEMO_PASSWORD)
    page.goto(f"/stakeholders/interviews/{interview.pk}/")
    _switch(page, language)
    for code, (role, ease, blockers) in ANSWERS.items():
        pk = stages[code].pk
        section = page.locator("details.interview-section").filter(
            has=page.locator(f"#id_role_{pk}")
        )
        if section.get_attribute("open") is None:
            section.locator("summary").click()
        page.locator(f"#id_role_{pk}").fill(role)
        page.locator(f"#id_ease_{pk}").select_option(ease)
        page.locator(f"#id_blockers_{pk}").fill(blockers)
    page.locator(f"#id_irritants_{stages['E'].pk}").fill("Nobody at the desk before 7 am")
    found["interview"] = axe_violations(page)
    with page.expect_navigation():
        page.locator("button[name=submit]").click()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SUBMITTED
    assert interview.answers["stages"][str(stages["G"].pk)]["ease"] == 3

    page = new_page(bypass_csp=True)
    log_in(page, "claire", DEMO_PASSWORD)
    page.goto(f"/journeys/{journey.pk}/matrix/")
    _switch(page, language)
    assert _count(page, stages["E"], 0) == 0  # nothing to fix first at E yet
    page.goto(f"/stakeholders/interviews/{interview.pk}/validate/")
    proposed = page.locator("input[name=accept_involvement]")
    expect(proposed).to_have_count(3)
    for code in ("E", "G"):
        page.locator(f"#accept-{stages[code].pk}").check()
    found["validate"] = axe_violations(page)
    screenshot(page, f"employee-validate-{language}", full_page=True)
    with page.expect_navigation():
        page.locator("button[name=confirm]").click()
    assert sorted(
        Involvement.objects.filter(stakeholder__name="Sophie Bernard", role__gt="").values_list(
            "stage__code", flat=True
        )
    ) == ["E", "G"]

    page.goto(f"/journeys/{journey.pk}/")
    lane = page.locator("tr.lane-employee-experience")
    expect(lane).to_contain_text("No signpost in terminal 2")
    expect(lane).to_contain_text("Cars come back late from cleaning")
    expect(lane.locator(".map-ease").first).to_be_visible()
    found["map"] = axe_violations(page)
    screenshot(page, f"employee-lane-{language}", full_page=True)

    page.goto(f"/journeys/{journey.pk}/matrix/")
    # E: the customer irritant and the new employee irritant now cross: fix first.
    assert _count(page, stages["E"], 0) == 2
    new_irritant = Observation.objects.get(description="Nobody at the desk before 7 am")
    page.goto(f"/journeys/{journey.pk}/observations/{new_irritant.pk}/links/")
    page.locator("input[name=explains]").first.check()
    found["links"] = axe_violations(page)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    details = page.locator(f"#stage-{stages['E'].pk}")
    details.locator("summary").click()
    found["matrix"] = axe_violations(page)
    screenshot(page, f"employee-matrix-{language}", full_page=True)
    with page.expect_navigation():
        details.locator(".matrix-pair a[role=button]").click()
    editor = page.locator("#map-editor")
    expect(editor.locator("select[name=priority]")).to_have_value("1")
    with htmx_settled(page):
        editor.locator("button[type=submit]").click()
    action = Action.objects.get(observation__stage=stages["E"], observation__side="customer")
    assert action.priority == 1
    assert action.title.startswith("Fix first" if language == "en" else "Corriger en premier")

    assert {state: v for state, v in found.items() if v} == {}, pformat(found, width=100)
