"""The CX manager turns an irritant into an action from the map and follows the link both
ways, then compares the as-is journey with its to-be version: in English and in French,
axe clean, with no console error (the map runs under the real CSP)."""

import re
from pprint import pformat

import pytest
from playwright.sync_api import expect

from journeys.demo import AS_IS_NAME, TO_BE_NAME
from journeys.models import Action, Journey
from tests.e2e.conftest import htmx_settled, log_in, screenshot
from tests.e2e.test_accessibility import DEMO_PASSWORD, axe_violations

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_irritant_becomes_an_action_and_two_journeys_compare(demo, new_page, language):
    as_is = Journey.objects.get(name=AS_IS_NAME)
    to_be = Journey.objects.get(name=TO_BE_NAME)
    page = new_page(bypass_csp=True)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, "claire", DEMO_PASSWORD)
    page.goto(f"/journeys/{as_is.pk}/")
    if language != "en":
        with page.expect_navigation():
            page.locator("#language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    button = page.locator("button.turn-into-action").first
    irritant_id = int(
        button.locator("xpath=ancestor::li[1]").get_attribute("id").removeprefix("observation-")
    )
    with htmx_settled(page):
        button.click()
    editor = page.locator("#map-editor")
    expect(editor.locator("select[name=stage]")).to_be_focused()
    expect(editor.locator("input[name=title]")).not_to_have_value("")
    assert editor.locator("input[name=observation]").input_value() == str(irritant_id)
    found = {"editor": axe_violations(page)}
    screenshot(page, f"irritant-action-form-{language}")
    with htmx_settled(page):
        editor.locator("button[type=submit]").click()

    action = Action.objects.get(observation_id=irritant_id)
    assert action.owner_id == as_is.owner_id
    assert action.due_date is not None
    irritant = page.locator(f"#observation-{irritant_id}")
    to_action = irritant.locator("a.observation-action")
    expect(to_action).to_contain_text(action.title[:20])
    to_action.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#action-{action.pk}$"))
    back = page.locator(f"#action-{action.pk} a.action-observation")
    expect(back).to_have_attribute("href", f"#observation-{irritant_id}")
    back.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#observation-{irritant_id}$"))
    found["map"] = axe_violations(page)
    screenshot(page, f"irritant-action-map-{language}")

    page.goto(f"/journeys/{as_is.pk}/compare/{to_be.pk}/")
    lines = page.locator(".compare-curves polyline")
    expect(lines.first).to_be_visible()
    classes = {lines.nth(i).get_attribute("class") for i in range(lines.count())}
    assert classes == {"compare-line compare-before", "compare-line compare-after"}
    for i in range(lines.count()):
        for point in lines.nth(i).get_attribute("points").split():
            assert all(NUMBER.match(value) for value in point.split(",")), point
    for dot in page.locator(".compare-curves circle").all():
        assert NUMBER.match(dot.get_attribute("cx"))
        assert NUMBER.match(dot.get_attribute("cy"))
    found["compare"] = axe_violations(page)
    screenshot(page, f"compare-{language}", full_page=True)

    assert {state: v for state, v in found.items() if v} == {}, pformat(found, width=100)
    assert errors == []


def test_a_failed_inline_edit_logs_no_csp_error(demo, new_page):
    """Under the real policy: an invalid form coming back with 422 swaps in without any
    Content-Security-Policy report (the browser still logs the 422 response itself)."""
    as_is = Journey.objects.get(name=AS_IS_NAME)
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, "claire", DEMO_PASSWORD)
    page.goto(f"/journeys/{as_is.pk}/")

    with htmx_settled(page):
        page.get_by_role("button", name="Add a stage").click()
    with htmx_settled(page):
        page.locator("#map-editor").get_by_role("button", name="Save").click()
    expect(page.locator("#map-editor [aria-invalid=true]").first).to_be_visible()
    assert [error for error in errors if "422" not in error] == []
