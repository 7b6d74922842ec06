"""A CX manager shares a journey map: the link opens the read-only map in a fresh browser
without an account, with no personal data, and stops working once revoked or expired. The
presentation mode walks the map stage by stage with the keyboard, signed in and shared."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from core.roles import Role
from journeys import services
from journeys.models import ShareLink
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory
from tests.journeys.factories import ActionFactory, JourneyFactory, StageFactory, TouchpointFactory


def _journey(owner):
    journey = JourneyFactory(name="Car rental — weekend", owner=owner)
    for name in ("Search for a car", "Book online", "Pick up the car"):
        stage = StageFactory(journey=journey, name=name)
        TouchpointFactory(stage=stage, name=f"Touchpoint of {name}")
    ActionFactory(
        journey=journey,
        stage=stage,
        title="Express counter",
        owner=UserFactory(first_name="Zelmira", last_name="Doerksen"),
    )
    return journey


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def test_a_share_link_opens_the_map_without_an_account_until_revoked(transactional_db, new_page):
    claire = UserFactory(
        # Names no factory's lorem text can contain ("Manager" once did: a flaky failure).
        username="claire",
        first_name="Claire",
        last_name="Quillfeather",
        role=Role.CX_MANAGER,
    )
    journey = _journey(claire)
    manager = new_page()
    log_in(manager, "claire")
    manager.goto(f"/journeys/{journey.pk}/")

    manager.get_by_role("button", name="Share").click()
    manager.get_by_label("Label").fill("Steering committee")
    manager.get_by_label("Valid for").select_option(label="7 days")
    manager.get_by_role("button", name="Create the link").click()
    share_link = ShareLink.objects.get()
    address = manager.get_by_label("Address of the link")
    expect(address).to_have_value(
        f"{manager.url.split('/journeys/')[0]}/shared/{share_link.token}/"
    )
    url = address.input_value()

    visitor = new_page()
    csp_errors = _csp_errors(visitor)
    response = visitor.goto(url)
    assert response.status == 200
    assert "/accounts/login/" not in visitor.url
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Car rental — weekend")
    expect(visitor.locator("th.stage-head")).to_have_count(3)
    expect(visitor.get_by_text("Express counter")).to_be_visible()
    shown = visitor.locator("body").inner_text()
    for personal in ("Claire", "Quillfeather", "Zelmira", "Doerksen", "claire"):
        assert personal not in shown, personal
    expect(visitor.get_by_role("button", name="Add a stage")).to_have_count(0)
    expect(visitor.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(0)
    screenshot(visitor, "shared-map")
    assert csp_errors == []

    # Each view is counted; the manager sees the count.
    manager.reload()
    expect(manager.locator(f"#share-link-{share_link.pk} .share-link-views")).to_have_text("1")

    # Revoked, with a confirmation: the visitor is told the link no longer works.
    manager.get_by_role("button", name="Revoke").click()
    expect(manager.get_by_role("heading", name="Revoke the share link?")).to_be_visible()
    manager.get_by_role("button", name="Revoke").click()
    expect(manager.get_by_text("revoked", exact=True)).to_be_visible()
    gone = visitor.goto(url)
    assert gone.status == 410
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    expect(visitor.get_by_text("has revoked the link")).to_be_visible()
    expect(visitor.locator("th.stage-head")).to_have_count(0)


def test_an_expired_share_link_stops_working(transactional_db, new_page):
    journey = _journey(UserFactory())
    share_link = services.share_link_create(journey=journey, created_by=None, days=1)
    visitor = new_page()

    assert visitor.goto(f"/shared/{share_link.token}/").status == 200
    ShareLink.objects.filter(pk=share_link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expired = visitor.goto(f"/shared/{share_link.token}/")

    assert expired.status == 410
    expect(visitor.get_by_text("This link has expired.")).to_be_visible()


def test_a_password_protected_link_asks_once(transactional_db, new_page):
    journey = _journey(UserFactory())
    share_link = services.share_link_create(
        journey=journey, created_by=None, days=7, password="tulip-42"
    )
    visitor = new_page()

    visitor.goto(f"/shared/{share_link.token}/")
    visitor.get_by_label("Password").fill("tulip-41")
    visitor.get_by_role("button", name="Open the map").click()
    expect(visitor.get_by_text("This is not the password of this link.")).to_be_visible()
    visitor.get_by_label("Password").fill("tulip-42")
    visitor.get_by_role("button", name="Open the map").click()
    expect(visitor.locator("th.stage-head")).to_have_count(3)
    visitor.reload()
    expect(visitor.locator("th.stage-head")).to_have_count(3)
    share_link.refresh_from_db()
    assert share_link.view_count == 2


def _walk(page: Page) -> None:
    """Present, then arrows, End, Home and Escape."""
    slides = page.locator("#presentation [data-slide]")
    present = page.get_by_role("button", name="Present")
    present.focus()
    page.keyboard.press("Enter")
    show = page.locator("#presentation")
    expect(show).to_be_visible()
    expect(slides.nth(0)).to_be_visible()
    expect(slides.nth(0)).to_contain_text("Stage 1 of 3")
    expect(slides.nth(0)).to_contain_text("Search for a car")
    expect(slides.nth(1)).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(slides.nth(1)).to_be_visible()
    expect(slides.nth(1)).to_contain_text("Book online")
    expect(slides.nth(0)).to_be_hidden()
    page.keyboard.press("End")
    expect(slides.nth(2)).to_be_visible()
    expect(slides.nth(2)).to_contain_text("Stage 3 of 3")
    page.keyboard.press("ArrowRight")  # the last stage stays
    expect(slides.nth(2)).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(slides.nth(1)).to_be_visible()
    page.keyboard.press("Home")
    expect(slides.nth(0)).to_be_visible()
    page.keyboard.press("ArrowLeft")  # the first stage stays
    expect(slides.nth(0)).to_be_visible()
    page.keyboard.press("Escape")
    expect(show).to_be_hidden()
    expect(present).to_be_focused()


def test_presentation_mode_walks_the_stages_with_the_keyboard(transactional_db, new_page):
    claire = UserFactory(username="claire", role=Role.CX_MANAGER)
    journey = _journey(claire)
    share_link = services.share_link_create(journey=journey, created_by=claire, days=7)

    signed_in = new_page()
    csp_errors = _csp_errors(signed_in)
    log_in(signed_in, "claire")
    signed_in.goto(f"/journeys/{journey.pk}/")
    _walk(signed_in)

    visitor = new_page()
    csp_errors += _csp_errors(visitor)
    visitor.goto(f"/shared/{share_link.token}/")
    _walk(visitor)
    visitor.get_by_role("button", name="Present").click()
    screenshot(visitor, "presentation")
    assert csp_errors == []
