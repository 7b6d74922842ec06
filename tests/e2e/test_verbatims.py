"""The CX manager reads the customers' words on the demo: searches without accents, pins a
verbatim for the committee and turns one into a customer observation, in English and in
French; axe finds no serious violation."""

from pprint import pformat

import pytest
from playwright.sync_api import expect

from feedback.models import Verbatim
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import axe_violations

WORDS = {
    "en": {
        "nav": "Verbatims",
        "search": "Search",
        "pin": "Pin for the committee",
        "pinned": "Pinned for the committee.",
        "observe": "Turn into a customer observation",
        "observed": "Added to the journey map as a customer observation.",
    },
    "fr": {
        "nav": "Verbatims",
        "search": "Recherche",
        "pin": "Épingler pour le comité",
        "pinned": "Épinglé pour le comité.",
        "observe": "Transformer en observation client",
        "observed": "Ajouté à la carte du parcours comme observation client.",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_cx_manager_searches_pins_and_observes(demo, new_page, language):
    words = WORDS[language]
    page = new_page(bypass_csp=True)
    log_in(page, "claire", "parcours-demo")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto("/feedback/")
    page.locator("nav.feedback-nav").get_by_role("link", name=words["nav"]).click()
    # Without its accent: "arrivée" is found by "arrivee".
    page.get_by_role("searchbox", name=words["search"], exact=True).fill("arrivee")
    page.locator("form.feedback-filters").get_by_role("button", name=words["search"]).click()
    cards = page.locator("li.verbatim")
    expect(cards.first).to_contain_text("arrivée")
    for text in cards.locator("blockquote").all_inner_texts():
        assert "arrivée" in text
    assert axe_violations(page) == [], pformat(axe_violations(page))
    screenshot(page, f"verbatims-search-{language}", full_page=True)

    unpinned = cards.filter(has=page.get_by_role("button", name=words["pin"])).first
    unpinned.get_by_role("button", name=words["pin"]).click()
    expect(page.get_by_text(words["pinned"])).to_be_visible()

    pinned_before = Verbatim.objects.filter(pinned_at__isnull=False).count()
    observable = cards.filter(has=page.get_by_role("button", name=words["observe"])).first
    observed_before = Verbatim.objects.filter(observation__isnull=False).count()
    observable.get_by_role("button", name=words["observe"]).click()
    expect(page.get_by_text(words["observed"])).to_be_visible()
    assert Verbatim.objects.filter(observation__isnull=False).count() == observed_before + 1
    assert Verbatim.objects.filter(pinned_at__isnull=False).count() == pinned_before
    # Back on the search, with its filters kept.
    expect(page.get_by_role("searchbox", name=words["search"], exact=True)).to_have_value("arrivee")
    assert axe_violations(page) == [], pformat(axe_violations(page))


@pytest.mark.parametrize("path", ["/feedback/trends/", "/feedback/review-links/"])
def test_the_trends_and_review_links_pages_are_axe_clean(demo, new_page, path):
    page = new_page(bypass_csp=True)
    log_in(page, "claire", "parcours-demo")
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(page) == [], pformat(axe_violations(page))
    screenshot(page, "feedback" + path.replace("/", "-").rstrip("-"), full_page=True)
