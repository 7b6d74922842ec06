"""What a browser walk found on wide maps and small phones: only a scroller scrolls sideways,
the survey's 0-10 scale stays on one row, and a form in error opens on its error."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from feedback.models import Case
from journeys.demo import AS_IS_NAME
from journeys.models import Journey
from stakeholders.models import Stakeholder
from tests.e2e.conftest import DESKTOP, PHONE, log_in
from tests.feedback.factories import sent_invitation

DEMO_PASSWORD = "parcours-demo"
SMALLEST_PHONE = {"width": 320, "height": 640}


def page_width_overflow(page: Page) -> int:
    """By how many pixels the page itself scrolls sideways (0: only its scrollers do)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_wide_maps_and_tables_scroll_in_their_scroller_never_the_page(demo, new_page):
    as_is = Journey.objects.get(name=AS_IS_NAME)
    desktop = new_page(viewport=DESKTOP)
    log_in(desktop, "claire", DEMO_PASSWORD)
    desktop.goto(reverse("journeys:journey_map", args=[as_is.pk]))
    scroller = desktop.get_by_role("region", name="Journey map")
    # The demo map is wider than the window: its own scroller takes the difference.
    assert scroller.evaluate("node => node.scrollWidth > node.clientWidth")
    assert page_width_overflow(desktop) <= 0

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, "claire", DEMO_PASSWORD)
    for stakeholder in Stakeholder.objects.order_by("id"):
        phone.goto(reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]))
        assert page_width_overflow(phone) <= 0, stakeholder.name


def test_the_nps_scale_stays_on_one_row_on_a_320px_phone(transactional_db, new_page):
    _invitation, token = sent_invitation()
    phone = new_page(viewport=SMALLEST_PHONE, is_mobile=True, has_touch=True)
    phone.goto(reverse("survey:answer", args=[token]))
    options = phone.get_by_role("group", name="How likely are you to recommend us").locator("label")
    expect(options).to_have_count(11)
    tops = options.evaluate_all("labels => labels.map(label => label.offsetTop)")
    assert len(set(tops)) == 1, tops
    assert page_width_overflow(phone) <= 0


def test_a_failed_case_update_opens_on_its_error(demo, new_page):
    case = Case.objects.order_by("id").first()
    page = new_page(viewport=DESKTOP)
    log_in(page, "claire", DEMO_PASSWORD)
    page.goto(reverse("feedback:case_detail", args=[case.pk]))
    page.get_by_role("button", name="Update the case").click()
    page.locator("#id_title").fill("")
    page.get_by_role("button", name="Save the case").click()

    error = page.get_by_text("Nothing was saved: correct what is marked below.")
    expect(error).to_be_focused()
    expect(error).to_be_in_viewport()
    expect(page.locator("#id_title")).to_be_in_viewport()


# The pages each role opens first, on a 390 px phone: the header, the section tabs and the
# tables wrap or scroll in their own scroller; the page itself never scrolls sideways.
PHONE_PAGES = {
    "claire": [
        "core:dashboard",
        "journeys:index",
        "stakeholders:index",
        "stakeholders:breach_list",
        "stakeholders:alignment",
        "stakeholders:interview_list",
        "feedback:index",
        "feedback:case_list",
        "gdpr:index",
        "core:notification_inbox",
    ],
    "ines": ["stakeholders:index", "stakeholders:interview_list", "core:notification_inbox"],
    "david": ["gdpr:index", "gdpr:respondent_search", "core:notification_inbox"],
    "victor": ["journeys:index", "stakeholders:index", "feedback:index"],
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("username", sorted(PHONE_PAGES))
def test_no_page_scrolls_sideways_on_a_phone(demo, new_page, username, language):
    # Not emulated as mobile: a mobile browser widens its window to a page too wide for it.
    phone = new_page(viewport=PHONE)
    log_in(phone, username, DEMO_PASSWORD)
    phone.context.add_cookies([{"name": "django_language", "value": language, "url": phone.url}])
    overflowing = {}
    for name in PHONE_PAGES[username]:
        phone.goto(reverse(name))
        if (overflow := page_width_overflow(phone)) > 0:
            overflowing[name] = overflow
    assert overflowing == {}
