"""A stage of the to-be map moves and the CX manager deletes a touchpoint, names the result
after a workshop, compares it with the demo's snapshot taken before the to-be changes (the
moved stage and the deleted touchpoint are marked in words), then restores that snapshot:
the touchpoint is back as a new version, and the restore is on the timeline."""

import pytest
from playwright.sync_api import expect

from journeys import services
from journeys.demo import TO_BE_NAME
from journeys.models import Journey, JourneySnapshot, Touchpoint
from tests.e2e.conftest import htmx_settled, log_in, screenshot
from tests.e2e.test_accessibility import DEMO_PASSWORD, axe_violations


@pytest.mark.django_db(transaction=True)
def test_two_snapshots_compare_and_restore_brings_a_touchpoint_back(demo, new_page):
    to_be = Journey.objects.get(name=TO_BE_NAME)
    before = JourneySnapshot.objects.get(journey=to_be)
    stage_b = to_be.stages.get(code="B")
    touchpoint = Touchpoint.objects.filter(stage__journey=to_be).order_by("pk").first()
    page = new_page(bypass_csp=True)  # axe is injected as a script
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "claire", DEMO_PASSWORD)

    # Stage B goes last (in a workshop, by drag and drop): the only stage out of order.
    services.stage_move(stage=stage_b, position=8)
    page.goto(f"/journeys/{to_be.pk}/")
    with htmx_settled(page):
        page.get_by_label(f"Delete the touchpoint: {touchpoint.name}").click()
    assert not Touchpoint.objects.filter(pk=touchpoint.pk).exists()

    page.get_by_role("button", name="History", exact=True).click()
    page.get_by_label("Snapshot name").fill("After the March workshop")
    page.get_by_role("button", name="Take a snapshot").click()
    expect(page.get_by_role("link", name="After the March workshop")).to_be_visible()
    # The removal and the move are on the timeline, by name.
    expect(page.get_by_text(f"Touchpoint “{touchpoint.name}” removed")).to_be_visible()

    page.locator("select[name=before]").select_option(f"snapshot-{before.pk}")
    after = JourneySnapshot.objects.get(journey=to_be, name="After the March workshop")
    page.locator("select[name=after]").select_option(f"snapshot-{after.pk}")
    page.get_by_role("button", name="Compare", exact=True).click()
    moved = page.locator(f'[data-kind="stages"][data-id="{stage_b.pk}"]')
    expect(moved).to_have_attribute("data-status", "changed")
    expect(moved.locator(".diff-mark.diff-moved")).to_contain_text("moved 2 → 8")
    removed = page.locator(f'[data-kind="touchpoints"][data-id="{touchpoint.pk}"]')
    expect(removed).to_have_attribute("data-status", "removed")
    expect(removed).to_contain_text("removed")
    expect(removed).to_contain_text(touchpoint.name)
    assert axe_violations(page) == []
    screenshot(page, "version-history-diff", full_page=True)

    page.get_by_role("button", name=f"Restore the version of {before.name}").click()
    expect(page.locator("h1")).to_contain_text(to_be.name)
    restored = Touchpoint.objects.get(pk=touchpoint.pk)
    assert restored.name == touchpoint.name
    stage_b.refresh_from_db()
    assert stage_b.position == 2
    expect(page.get_by_label(f"Delete the touchpoint: {touchpoint.name}")).to_be_visible()
    page.get_by_role("button", name="History", exact=True).click()
    expect(page.get_by_text("Restored an earlier version.").first).to_be_visible()
    expect(page.get_by_text(f"Touchpoint “{touchpoint.name}” added").first).to_be_visible()
