"""A CX manager maps a journey on the map page: adds a stage and a touchpoint, edits the
stage, reorders with the keyboard and by drag and drop, duplicates the journey and exports
its CSV."""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from core.roles import Role
from journeys.models import Journey, Stage, Touchpoint
from tests.e2e.conftest import htmx_settled, log_in, screenshot
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory


def _stage_names(journey):
    return list(journey.stages.order_by("position").values_list("name", flat=True))


def test_a_cx_manager_maps_a_journey_duplicates_it_and_exports_it(transactional_db, page):
    claire = UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Car rental — weekend", owner=claire)
    StageFactory(journey=journey, name="Search for a car", place="at home")
    booking = StageFactory(journey=journey, name="Book online", place="at home")
    form = TouchpointFactory(stage=booking, name="Booking form", channel="website")
    TouchpointFactory(stage=booking, name="Payment page", channel="website")

    log_in(page, "claire")
    page.goto(f"/journeys/{journey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Car rental — weekend")

    # Add a stage: the form opens in place, the new column appears, no page load.
    with htmx_settled(page):
        page.get_by_role("button", name="Add a stage").click()
    editor = page.locator("#map-editor")
    editor.get_by_label("Name").fill("Pick up the car")
    editor.get_by_label("Place").fill("airport")
    with htmx_settled(page):
        editor.get_by_role("button", name="Save").click()
    expect(page.locator("th.stage-head")).to_have_count(3)
    expect(page.locator("th.stage-head").nth(2)).to_contain_text("Pick up the car")
    pick_up = journey.stages.get(name="Pick up the car")
    assert (pick_up.code, pick_up.position, pick_up.place) == ("C", 3, "airport")

    # Add a touchpoint to the new stage, front-stage, at the counter.
    with htmx_settled(page):
        page.locator("tr.lane-front td").nth(2).get_by_role("button", name="+ touchpoint").click()
    editor.get_by_label("Name").fill("Rental desk")
    editor.get_by_label("Channel").select_option(label="counter / in person")
    editor.get_by_role("spinbutton", name="Volume").fill("1200")
    editor.get_by_label("Volume period").select_option(label="per week")
    with htmx_settled(page):
        editor.get_by_role("button", name="Save").click()
    expect(page.locator("tr.lane-front td").nth(2)).to_contain_text("Rental desk")
    desk = Touchpoint.objects.get(name="Rental desk")
    assert (desk.stage_id, desk.channel, desk.volume) == (pick_up.pk, "counter", 1200)

    # Edit the stage; an empty name is refused next to the field, and nothing is lost.
    with htmx_settled(page):
        page.get_by_role("button", name="Edit stage C").click()
    editor.get_by_label("Name").fill("")
    editor.get_by_label("Place").fill("airport, terminal 2")
    with htmx_settled(page):
        editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_text("This field is required.")).to_be_visible()
    expect(editor.get_by_label("Place")).to_have_value("airport, terminal 2")
    editor.get_by_label("Name").fill("Pick up the car at the desk")
    with htmx_settled(page):
        editor.get_by_role("button", name="Save").click()
    expect(page.locator("th.stage-head").nth(2)).to_contain_text("Pick up the car at the desk")
    pick_up.refresh_from_db()
    assert (pick_up.name, pick_up.place) == ("Pick up the car at the desk", "airport, terminal 2")

    # Reorder with the keyboard: the move button keeps the focus, so Enter twice moves twice.
    page.get_by_role("button", name="Move stage C left").focus()
    with htmx_settled(page):
        page.keyboard.press("Enter")
    expect(page.locator("th.stage-head").nth(1)).to_contain_text("Pick up the car at the desk")
    expect(page.get_by_role("button", name="Move stage C left")).to_be_focused()
    with htmx_settled(page):
        page.keyboard.press("Enter")
    expect(page.locator("th.stage-head").nth(0)).to_contain_text("Pick up the car at the desk")
    assert _stage_names(journey) == [
        "Pick up the car at the desk",
        "Search for a car",
        "Book online",
    ]
    assert list(journey.stages.order_by("position").values_list("position", flat=True)) == [1, 2, 3]

    # Reorder by drag and drop: the payment page dropped above the booking form.
    payment = page.locator("li.touchpoint", has_text="Payment page")
    with htmx_settled(page):
        payment.drag_to(page.locator("li.touchpoint", has_text="Booking form"))
    expect(page.locator("tr.lane-front li.touchpoint").nth(1)).to_contain_text("Payment page")
    assert list(booking.touchpoints.order_by("position").values_list("name", flat=True)) == [
        "Payment page",
        "Booking form",
    ]
    form.refresh_from_db()
    assert form.position == 2
    screenshot(page, "journey-map-editing", full_page=True)

    # Duplicate into a to-be journey.
    page.get_by_role("button", name="Duplicate").click()
    page.get_by_label("Name of the copy").fill("Car rental — weekend (to-be)")
    page.get_by_label("State").select_option(label="to-be")
    page.get_by_role("button", name="Duplicate").click()
    copy = Journey.objects.get(name="Car rental — weekend (to-be)")
    expect(page).to_have_url(re.compile(rf"/journeys/{copy.pk}/$"))
    expect(page.locator("th.stage-head")).to_have_count(3)
    assert (copy.state, copy.source_journey_id) == (Journey.State.TO_BE, journey.pk)
    assert _stage_names(copy) == _stage_names(journey)
    assert Stage.objects.count() == 6

    # Export the copy as CSV: one row per touchpoint in map order, one for a stage without any.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export").click()
        page.get_by_role("link", name="CSV: stages and touchpoints").click()
    download = download_info.value
    assert download.suggested_filename == f"journey-{copy.pk}.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [(row["stage_code"], row["touchpoint_name"], row["channel"]) for row in rows] == [
        ("C", "Rental desk", "counter"),
        ("A", "", ""),
        ("B", "Payment page", "website"),
        ("B", "Booking form", "website"),
    ]
