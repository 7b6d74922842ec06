"""Browser tests: Debian's Chromium driven by Playwright against a live server on the test
database. The server runs in a thread of this process, so `mail.outbox` sees its e-mails."""

import os
import shutil
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(
    os.environ.get("E2E_SCREENSHOTS_DIR") or settings.BASE_DIR / "var" / "e2e-screenshots"
)
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but static files come from whitenoise (in the middleware)
    out of the collected, hashed STATIC_ROOT, as in production, rather than from the source
    folders through Django's StaticFilesHandler, which knows no hashed names."""
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        pytest.fail("the end-to-end tests need the static files: python manage.py collectstatic")
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser() -> Browser:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"the end-to-end tests need Chromium at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    # calls next to a running loop; the test code is synchronous, so the check is lifted for
    # as long as the browser lives (this package only).
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a fresh browser context (its own cookies, as another browser would)."""
    contexts = []

    def open_page(*, viewport=DESKTOP, **options) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="en-GB", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()


@contextmanager
def htmx_settled(page: Page):
    """Waits, after the block, until every htmx request the block set off (and those their
    answers set off: the health panel reloading after an edit) is answered, swapped and
    settled: the new buttons work only from then on (a person is never that fast)."""
    page.evaluate(
        """() => {
            window.e2eStarted = 0;
            window.e2ePending = 0;
            window.e2eLastAnswer = 0;
            if (window.e2eCounting) return;
            window.e2eCounting = true;
            document.addEventListener("htmx:beforeRequest", () => {
                window.e2eStarted += 1;
                window.e2ePending += 1;
            });
            document.addEventListener("htmx:afterRequest", () => {
                window.e2ePending = Math.max(0, window.e2ePending - 1);
                window.e2eLastAnswer = performance.now();
            });
        }"""
    )
    yield
    # htmx settles 20 ms after a swap; a request an answer triggers starts within that time.
    page.wait_for_function(
        "() => window.e2eStarted > 0 && window.e2ePending === 0"
        " && performance.now() - window.e2eLastAnswer > 150"
    )


def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


@pytest.fixture
def demo(transactional_db):
    """The demo organisation of DOMAIN.md (claire, ines, david, victor; parcours-demo)."""
    call_command("load_demo", "--allow-production", stdout=StringIO())


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_sep("-", "end-to-end screenshots")
        terminalreporter.write_line(str(SCREENSHOTS))
