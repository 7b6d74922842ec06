"""Single sign-on through a real OpenID Connect provider: tests/oidc_provider, a Django project
on django-oauth-toolkit, in its own process on a loopback port, with an RS256 key made at start."""

import subprocess
import sys

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import User
from core.roles import Role
from tests.conftest import ROOT, free_port

CLIENT_ID = "parcours"
CLIENT_SECRET = "parcours-client-secret-of-the-tests"
PASSWORD = "jeanne-at-acme"


@pytest.fixture
def oidc_provider(live_server):
    """The provider, knowing Jeanne Roux (groups cx-managers and staff) and Parcours as a
    client whose redirect URI is the live server's callback."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.serve",
            str(port),
            f"{live_server.url}{reverse('sso_callback')}",
            CLIENT_ID,
            CLIENT_SECRET,
            "jeanne",
            PASSWORD,
            "jeanne.roux@acme.example",
            "cx-managers,staff",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", line + process.stdout.read()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()


@pytest.fixture
def sso(settings, oidc_provider):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Acme ID"
    # The endpoints from the provider's discovery document (test_sso.py names them one by one).
    settings.OIDC_OP_DISCOVERY_URL = f"{oidc_provider}/o/.well-known/openid-configuration"
    settings.OIDC_ROLE_MAP = "dpo=dpo,cx-managers=cx_manager,staff=viewer"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "core.sso.SSOBackend"]
    settings.PASSWORD_LOGIN_ENABLED = False
    # The live server is plain HTTP on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return settings


def test_a_person_logs_in_through_the_provider_and_lands_with_the_mapped_role(
    transactional_db, live_server, sso, page
):
    page.goto(reverse("journeys:index"))
    expect(page.get_by_label("Username")).to_have_count(0)
    page.get_by_role("button", name="Log in with Acme ID").click()

    page.get_by_label("Username").fill("jeanne")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to Acme ID").click()

    expect(page).to_have_url(f"{live_server.url}{reverse('journeys:index')}")
    expect(page.locator(".role-badge")).to_have_text("CX manager")
    user = User.objects.get(email="jeanne.roux@acme.example")
    assert (user.username, user.get_full_name(), user.role) == (
        "jeanne",
        "Jeanne Roux",
        Role.CX_MANAGER,
    )
    assert not user.has_usable_password()
