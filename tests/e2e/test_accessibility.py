"""axe-core (vendored, tests/e2e/vendor/) on every main page, as each role that uses it, on
the demo organisation: no serious or critical violation.

axe is injected as a script, which the pages' CSP ('self' only) would refuse: these contexts
bypass the CSP, and only these (the other end-to-end tests run under the real policy)."""

from pprint import pformat

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from feedback import services as feedback_services
from feedback.models import Case, FollowUpRule, SurveyTemplate
from gdpr.models import DataItem, ProcessingActivity
from journeys import services as journeys_services
from journeys.demo import AS_IS_NAME, TO_BE_NAME
from journeys.models import Journey, JourneyTemplate, ShareLink
from stakeholders.models import Interview, Stakeholder
from tests.e2e.conftest import AXE, DESKTOP, PHONE, htmx_settled, log_in, screenshot
from tests.feedback.factories import ingest

DEMO_PASSWORD = "parcours-demo"
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """Runs axe on the page as it is; the serious and critical violations, summarised."""
    page.add_script_tag(path=AXE)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


def _survey_path() -> str:
    """A fresh survey link, as the e-mail carries it (the demo's links are all used)."""
    rule = FollowUpRule.objects.filter(active=True).order_by("id").first()
    event, _created = ingest(
        rule, external_ref="AXE-1", email="axe@example.com", occurred_at=timezone.now()
    )
    # The rule's delay has passed (without a task sent to the broker on ingest).
    event.invitations.update(send_after=timezone.now())
    feedback_services.invitations_dispatch_due()
    invitation = event.invitations.get()
    return reverse(
        "survey:answer", args=[feedback_services.invitation_token(invitation=invitation)]
    )


def _a_template(journey: Journey) -> JourneyTemplate:
    """A shipped template; a transactional test's flush removes those (a migration's rows),
    so then one saved from the journey."""
    return JourneyTemplate.objects.first() or journeys_services.journey_template_save(
        journey=journey, name="Car rental", language="en"
    )


def _main_pages() -> dict[str, list[str]]:
    """Each role's main pages, from the demo organisation's rows."""
    as_is = Journey.objects.get(name=AS_IS_NAME)
    to_be = Journey.objects.get(name=TO_BE_NAME)
    stakeholder = Stakeholder.objects.order_by("id").first()
    interview = Interview.objects.order_by("id").first()
    case = Case.objects.order_by("id").first()
    template = SurveyTemplate.objects.order_by("id").first()
    rule = FollowUpRule.objects.order_by("id").first()
    data_item = DataItem.objects.filter(review_status="in_review").order_by("id").first()
    activity = ProcessingActivity.objects.order_by("id").first()
    journey_pages = [
        reverse("journeys:index"),
        reverse("journeys:journey_map", args=[as_is.pk]),
        reverse("journeys:journey_matrix", args=[as_is.pk]),
        reverse("journeys:journey_compare", args=[as_is.pk, to_be.pk]),
        reverse("stakeholders:index"),
        reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]),
        reverse("stakeholders:stakeholder_map", args=[as_is.pk]),
        reverse("stakeholders:breach_list"),
        reverse("feedback:index"),
        reverse("feedback:case_list"),
        reverse("feedback:case_detail", args=[case.pk]),
    ]
    return {
        "cx_manager": [
            reverse("core:dashboard"),
            *journey_pages,
            reverse("journeys:journey_create"),
            reverse("journeys:journey_update", args=[as_is.pk]),
            reverse("journeys:journey_duplicate", args=[as_is.pk]),
            reverse("journeys:journey_import_csv", args=[as_is.pk]),
            reverse("journeys:persona_list"),
            reverse("journeys:persona_create"),
            reverse("journeys:share_links", args=[as_is.pk]),
            reverse("journeys:template_list"),
            reverse("journeys:template_save", args=[as_is.pk]),
            reverse("journeys:template_use", args=[_a_template(as_is).pk]),
            reverse("stakeholders:stakeholder_create"),
            reverse("stakeholders:measurement_import", args=[stakeholder.pk]),
            reverse("stakeholders:alignment") + f"?journey={as_is.pk}",
            reverse("stakeholders:interview_list"),
            reverse("stakeholders:interview_detail", args=[interview.pk]),
            reverse("feedback:invitation_list"),
            reverse("feedback:service_event_create"),
            reverse("feedback:service_event_import"),
            reverse("feedback:case_create"),
            reverse("feedback:sent_emails"),
            reverse("feedback:rule_list"),
            reverse("feedback:trends"),
            reverse("feedback:verbatim_list"),
            reverse("feedback:review_link_list"),
            reverse("core:notification_inbox"),
            reverse("core:notification_preferences"),
            reverse("feedback:rule_update", args=[rule.pk]),
            reverse("feedback:template_list"),
            reverse("feedback:template_update", args=[template.pk]),
            reverse("gdpr:index"),
            reverse("core:api_tokens"),
            reverse("core:organisation_settings"),
            reverse("core:system_status"),
            reverse("password_change"),
        ],
        "interviewer": [
            reverse("core:dashboard"),
            reverse("stakeholders:interview_list"),
            reverse("stakeholders:interview_create"),
            reverse("stakeholders:interview_detail", args=[interview.pk]),
        ],
        "dpo": [
            reverse("core:dashboard"),
            reverse("gdpr:index"),
            reverse("gdpr:register", args=[as_is.pk]),
            reverse("gdpr:data_item_list"),
            reverse("gdpr:data_item_detail", args=[data_item.pk]),
            reverse("gdpr:data_item_create"),
            reverse("gdpr:activity_list"),
            reverse("gdpr:activity_detail", args=[activity.pk]),
            reverse("gdpr:screening_update", args=[activity.pk]),
            reverse("gdpr:checklist"),
            reverse("gdpr:respondent_search"),
            reverse("gdpr:access_log"),
            reverse("core:organisation_settings"),
            reverse("core:system_status"),
        ],
        # The read-only variants: no editing controls, no personal data.
        "viewer": [
            reverse("journeys:journey_map", args=[as_is.pk]),
            reverse("journeys:journey_matrix", args=[as_is.pk]),
            reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]),
            reverse("feedback:index"),
            reverse("feedback:case_detail", args=[case.pk]),
        ],
        # The demo's share link: the map for people without an account.
        "anonymous": [
            reverse("login"),
            reverse("shared:map", args=[ShareLink.objects.get(journey=as_is).token]),
        ],
    }


ROLE_USERS = {"cx_manager": "claire", "interviewer": "ines", "dpo": "david", "viewer": "victor"}
# Key pages saved as screenshots on the way, as the CX manager sees them (name: path).
SCREENSHOTS = {
    "dashboard": "/",
    "journey-map": "/journeys/{as_is}/",
    "journey-matrix": "/journeys/{as_is}/matrix/",
    "stakeholder-map": "/stakeholders/map/{as_is}/",
    "feedback-scores": "/feedback/",
    "data-register": "/register/",
}


def _open(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path


# Every number an SVG chart is drawn with: the French decimal comma ("50,0") or a missing
# value makes the browser drop the point, the line or the axis.
INVALID_CHART_NUMBERS = """() => {
  const number = /^-?\\d+(\\.\\d+)?%?$/;
  const point = /^-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?$/;
  const invalid = [];
  for (const element of document.querySelectorAll("svg, svg *")) {
    for (const name of ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"]) {
      const value = element.getAttribute(name);
      if (value !== null && !number.test(value.trim()))
        invalid.push(`${element.tagName} ${name}="${value}"`);
    }
    const points = element.getAttribute("points");
    if (points !== null && !points.trim().split(/\\s+/).every(pair => point.test(pair)))
      invalid.push(`${element.tagName} points="${points}"`);
  }
  return invalid;
}"""


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("role", ["cx_manager", "interviewer", "dpo", "viewer", "anonymous"])
def test_main_pages_have_no_serious_or_critical_accessibility_violation(
    demo, live_server, new_page, role, language
):
    """Each role's pages in both languages: axe finds nothing serious and every chart's
    coordinates are numbers."""
    pages = _main_pages()[role]
    if role == "anonymous":
        pages.append(_survey_path())
    page = new_page(bypass_csp=True, viewport=PHONE if role == "anonymous" else DESKTOP)
    if role != "anonymous":
        log_in(page, ROLE_USERS[role], DEMO_PASSWORD)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    shots = {}
    if role == "cx_manager" and language == "en":
        as_is = Journey.objects.get(name=AS_IS_NAME).pk
        shots = {path.format(as_is=as_is): name for name, path in SCREENSHOTS.items()}
    found = {}
    charts = {}
    for path in pages:
        _open(page, path)
        if path in shots:
            screenshot(page, shots[path], full_page=shots[path] != "journey-map")
        if violations := axe_violations(page):
            found[path] = violations
        if invalid := page.evaluate(INVALID_CHART_NUMBERS):
            charts[path] = invalid[:5]
    assert found == {}, pformat(found, width=100)
    assert charts == {}


def test_forms_in_error_and_open_editors_have_no_serious_or_critical_violation(demo, new_page):
    """What the page scan above does not see: errors next to fields, the map's in-place
    editor, the open user menu, a refused interview and the survey's errors on a phone."""
    as_is = Journey.objects.get(name=AS_IS_NAME)
    draft = Interview.objects.filter(status=Interview.Status.DRAFT).order_by("id").first()
    found = {}

    def check(page, state):
        violations = axe_violations(page)
        if violations:
            found[state] = violations

    manager = new_page(bypass_csp=True)
    log_in(manager, "claire", DEMO_PASSWORD)
    _open(manager, reverse("journeys:journey_create"))
    manager.get_by_role("button", name="Create the journey").click()
    expect(manager.locator("[aria-invalid=true]").first).to_be_visible()
    check(manager, "journey form with errors")
    manager.locator("summary", has_text="Claire").click()
    # Pico fades the menu in: measured half-transparent, its contrast would be too low.
    manager.wait_for_function(
        "() => getComputedStyle(document.querySelector('details.dropdown[open] > ul')).opacity"
        " === '1'"
    )
    check(manager, "user menu open")

    _open(manager, reverse("journeys:journey_map", args=[as_is.pk]))
    with htmx_settled(manager):
        manager.get_by_role("button", name="Add a stage").click()
    check(manager, "map: stage editor open")
    with htmx_settled(manager):
        manager.locator("#map-editor").get_by_role("button", name="Save").click()
    expect(manager.locator("#map-editor [aria-invalid=true]").first).to_be_visible()
    check(manager, "map: stage editor with errors")

    interviewer = new_page(bypass_csp=True)
    log_in(interviewer, draft.interviewer.username, DEMO_PASSWORD)
    _open(interviewer, reverse("stakeholders:interview_detail", args=[draft.pk]))
    interviewer.get_by_role("button", name="Submit").click()
    check(interviewer, "interview refused")

    customer = new_page(bypass_csp=True, viewport=PHONE, is_mobile=True, has_touch=True)
    _open(customer, _survey_path())
    customer.get_by_role("button", name="Send my answer").click()
    expect(customer.get_by_role("alert").first).to_be_visible()
    check(customer, "survey with errors, phone")
    assert found == {}, pformat(found, width=100)
