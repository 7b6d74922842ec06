"""Two CX managers discuss a touchpoint on the map: one opens its thread from the map with
the keyboard and mentions the other through the @ autocomplete; the other finds it in the
inbox and replies; back on the map, the count says two."""

import re

from playwright.sync_api import expect

from core.comments.models import Comment
from core.roles import Role
from tests.e2e.conftest import htmx_settled, log_in, screenshot
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory


def test_a_mention_reaches_the_inbox_and_is_answered(transactional_db, live_server, new_page):
    claire = UserFactory(
        username="claire", first_name="Claire", last_name="Martin", role=Role.CX_MANAGER
    )
    UserFactory(username="bruno", first_name="Bruno", last_name="Petit", role=Role.CX_MANAGER)
    journey = JourneyFactory(name="Car rental — business trip", owner=claire)
    stage = StageFactory(journey=journey, name="Pick up the car", code="E")
    counter = TouchpointFactory(stage=stage, name="Counter check-in")

    office = new_page()
    log_in(office, "claire")
    office.goto(f"/journeys/{journey.pk}/")
    opener = office.get_by_role("button", name="0 comments on Counter check-in")
    opener.focus()
    with htmx_settled(office):
        office.keyboard.press("Enter")
    dialog = office.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="0 comments")).to_be_focused()

    field = dialog.get_by_label("New comment")
    field.focus()
    field.press_sequentially("Queue at 9 am? @bru")
    option = office.get_by_role("option", name="Bruno Petit (@bruno)")
    expect(option).to_be_visible()
    field.press("Enter")
    expect(field).to_have_value("Queue at 9 am? @bruno ")
    field.press_sequentially("can you check?")
    with htmx_settled(office):
        dialog.get_by_role("button", name="Comment", exact=True).click()
    expect(dialog.get_by_text("Queue at 9 am? @bruno can you check?")).to_be_visible()
    expect(office.locator(f"#comments-journeys-touchpoint-{counter.pk}-count")).to_have_text("1")
    screenshot(office, "comment-thread-on-the-map")
    office.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    colleague = new_page()
    log_in(colleague, "bruno")
    colleague.goto("/notifications/")
    link = colleague.get_by_role("link", name="Claire Martin mentioned you in a comment")
    expect(link).to_be_visible()
    link.click()
    expect(colleague).to_have_url(re.compile(rf"/comments/journeys\.touchpoint/{counter.pk}/"))
    expect(colleague.get_by_text("Queue at 9 am? @bruno can you check?")).to_be_visible()
    colleague.get_by_label("Reply").fill("@claire yes, on Thursday with the counter team.")
    colleague.get_by_role("button", name="Reply").click()
    expect(colleague.get_by_text("@claire yes, on Thursday with the counter team.")).to_be_visible()

    office.reload()
    expect(office.get_by_role("button", name="2 comments on Counter check-in")).to_be_visible()
    thread = Comment.objects.get(parent__isnull=True)
    assert [(c.author.username, c.parent_id) for c in Comment.objects.order_by("pk")] == [
        ("claire", None),
        ("bruno", thread.pk),
    ]
