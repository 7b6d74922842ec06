"""Hardening: login lockout, API throttling, survey rate limit, headers and cookies, bad input."""

import json
import os
import time
from itertools import count

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Each test comes from its own address, so that counts kept in the cache never meet.
_addresses = count(1)


def _address() -> str:
    return f"198.51.100.{next(_addresses)}"


def _login(client, username, password, address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_five_failed_logins_lock_the_username_from_that_address(client, settings):
    user = UserFactory(username="lena")
    address = _address()

    statuses = [_login(client, "lena", "wrong", address).status_code for _ in range(4)]
    locked = _login(client, "lena", "wrong", address)
    with_the_right_password = _login(client, "lena", PASSWORD, address)

    assert statuses == [200] * 4  # the login form again, with its error
    assert locked.status_code == 429
    assert "Login temporarily blocked" in locked.content.decode()
    assert "locked after 5 failed login attempts" in locked.content.decode()
    assert "Try again in 15 minutes." in locked.content.decode()
    assert locked["Retry-After"] == str(15 * 60)
    assert with_the_right_password.status_code == 429
    assert SESSION_KEY not in client.session
    # The same user from elsewhere is not locked out by someone guessing their password.
    elsewhere = Client()
    assert _login(elsewhere, "lena", PASSWORD, _address()).status_code == 302
    assert int(elsewhere.session[SESSION_KEY]) == user.pk


def test_the_lockout_page_is_translated(client):
    UserFactory(username="lena")
    address = _address()
    for _ in range(5):
        response = client.post(
            reverse("login"),
            {"username": "lena", "password": "wrong"},
            REMOTE_ADDR=address,
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_a_successful_login_resets_the_failure_count(client):
    UserFactory(username="lena")
    address = _address()
    for _ in range(4):
        _login(client, "lena", "wrong", address)
    assert _login(client, "lena", PASSWORD, address).status_code == 302
    client.logout()

    for _ in range(4):
        assert _login(client, "lena", "wrong", address).status_code == 200


def test_api_calls_over_the_user_rate_get_429_with_retry_after(monkeypatch, token_client, viewer):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": None})
    client = token_client(viewer)

    statuses = [client.get("/api/v1/me/").status_code for _ in range(3)]
    throttled = client.get("/api/v1/me/")

    assert statuses == [200, 200, 200]
    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert throttled.json()["detail"].startswith("Request was throttled.")


def test_the_rate_is_per_user(monkeypatch, token_client, viewer, dpo):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "1/minute", "anon": None})
    first, second = token_client(viewer), token_client(dpo)

    assert first.get("/api/v1/me/").status_code == 200
    assert first.get("/api/v1/me/").status_code == 429
    assert second.get("/api/v1/me/").status_code == 200


def test_the_rate_counts_per_window_and_says_when_the_next_one_opens(
    monkeypatch, token_client, viewer
):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": None})
    clock = [120.0]
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: clock[0])
    client = token_client(viewer)

    assert [client.get("/api/v1/me/").status_code for _ in range(2)] == [200, 200]
    assert client.get("/api/v1/me/")["Retry-After"] == "60"
    clock[0] = 150.0
    assert client.get("/api/v1/me/")["Retry-After"] == "30"
    clock[0] = 180.0
    assert client.get("/api/v1/me/").status_code == 200


def test_survey_answers_are_rate_limited_per_address(settings):
    settings.SURVEY_RATE_LIMIT = "3/m"
    address, other = _address(), _address()
    client = Client()
    url = reverse("survey:answer", args=["not-a-real-token"])

    statuses = [client.post(url, {}, REMOTE_ADDR=address).status_code for _ in range(3)]
    limited = client.post(url, {}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")

    assert statuses == [404, 404, 404]  # the invalid-link page
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "Too many requests" in limited.content.decode()
    # Reading the page is not limited, nor is another address.
    assert client.get(url, REMOTE_ADDR=address).status_code == 404
    assert client.post(url, {}, REMOTE_ADDR=other).status_code == 404


def test_security_headers_on_a_real_https_response(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("core:dashboard"), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_session_and_csrf_cookies_are_secure_and_session_is_http_only(client):
    UserFactory(username="lena")
    form = client.get(reverse("login"), secure=True)
    csrf = form.cookies["csrftoken"]
    signed_in = client.post(
        reverse("login"),
        {"username": "lena", "password": PASSWORD},
        secure=True,
        REMOTE_ADDR=_address(),
    )
    session = signed_in.cookies["sessionid"]

    assert csrf["secure"] is True
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


# Bad input never loses data: the API answers a clear 4xx and saves nothing.


def _persona_count():
    from journeys.models import Persona

    return Persona.objects.count()


def test_malformed_json_is_a_400_and_saves_nothing(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/personas/", data='{"name": "Business traveller",', content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    assert _persona_count() == 0


def test_wrong_types_are_a_400_naming_the_field(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/personas/", data={"name": ["not", "a", "string"]}, format="json"
    )

    assert response.status_code == 400
    assert "name" in response.json()
    assert _persona_count() == 0


def test_a_huge_payload_is_refused_and_saves_nothing(token_client, cx_manager, settings):
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = token_client(cx_manager).post(
        "/api/v1/personas/", data=body, content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert _persona_count() == 0


def test_unknown_ids_are_a_404_or_a_400_naming_the_field(token_client, cx_manager):
    from journeys.models import Journey

    client = token_client(cx_manager)
    missing = (Journey.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    assert client.get(f"/api/v1/journeys/{missing}/").status_code == 404
    assert client.patch(f"/api/v1/journeys/{missing}/", {"name": "x"}).status_code == 404
    response = client.post("/api/v1/stages/", {"journey": missing, "code": "A", "name": "Book"})
    assert response.status_code == 400
    assert "journey" in response.json()


# Client addresses behind a reverse proxy (finding 5 of issue 14). The proxy at PROXY appends
# the address it sees to X-Forwarded-For; what the client sent itself stays on the left.
PROXY = "10.0.0.2"


def _login_via(client, username, password, *, remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote_addr,
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )


def test_one_trusted_proxy_setting_drives_axes_ratelimit_and_drf():
    """TRUSTED_PROXY_COUNT from the environment, default 0, is what all three read."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'], "
        "s.AXES_CLIENT_IP_CALLABLE, s.RATELIMIT_IP_META_KEY)"
    )
    outputs = []
    for value in (None, "2"):
        env = {key: val for key, val in os.environ.items() if key != "TRUSTED_PROXY_COUNT"}
        env |= {"DJANGO_SETTINGS_MODULE": "config.settings"}
        if value:
            env["TRUSTED_PROXY_COUNT"] = value
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        outputs.append(run.stdout.strip())

    assert outputs == [
        "0 0 core.ratelimits.client_ip core.ratelimits.client_ip",
        "2 2 core.ratelimits.client_ip core.ratelimits.client_ip",
    ]


def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored_by_the_lockout(client):
    UserFactory(username="lena")
    attacker = _address()

    statuses = [
        _login_via(
            client, "lena", "wrong", remote_addr=attacker, forwarded_for=f"192.0.2.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("lena", attacker)]


def test_behind_one_trusted_proxy_the_lockout_keys_on_the_client_not_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(username="lena")
    attacker, customer = _address(), _address()
    guessing = Client()

    # The attacker forges a left-hand entry, which the proxy's own entry follows.
    statuses = [
        _login_via(
            guessing, "lena", "wrong", remote_addr=PROXY, forwarded_for=f"192.0.2.9, {attacker}"
        ).status_code
        for _ in range(5)
    ]
    real_user = Client()
    signed_in = _login_via(real_user, "lena", PASSWORD, remote_addr=PROXY, forwarded_for=customer)

    assert statuses == [200, 200, 200, 200, 429]
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [attacker]
    assert signed_in.status_code == 302
    assert int(real_user.session[SESSION_KEY]) == user.pk


def test_behind_one_trusted_proxy_survey_answers_are_limited_per_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SURVEY_RATE_LIMIT = "2/m"
    noisy, quiet = _address(), _address()
    client = Client()
    url = reverse("survey:answer", args=["not-a-real-token"])

    def post(address):
        return client.post(url, {}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address).status_code

    assert [post(noisy) for _ in range(3)] == [404, 404, 429]
    assert post(quiet) == 404


def test_with_no_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_survey_limit(
    settings,
):
    settings.SURVEY_RATE_LIMIT = "2/m"
    address = _address()
    client = Client()
    url = reverse("survey:answer", args=["not-a-real-token"])

    statuses = [
        client.post(url, {}, REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [404, 404, 429]


def test_a_username_is_slowed_down_from_every_address_without_being_locked_out(
    settings, monkeypatch
):
    """Guesses from many addresses each stay under the lockout; the per-username limit caps
    them all together, for one window only: the account is never locked."""
    settings.LOGIN_RATE_PER_USERNAME = "3/m"
    user = UserFactory(username="lena")
    UserFactory(username="omar")

    statuses = [
        _login_via(Client(), "lena", "wrong", remote_addr=_address()).status_code for _ in range(3)
    ]
    slowed = _login_via(Client(), " LENA", "wrong", remote_addr=_address())
    with_the_right_password = _login_via(Client(), "lena", PASSWORD, remote_addr=_address())
    someone_else = _login_via(Client(), "omar", PASSWORD, remote_addr=_address())

    assert statuses == [200, 200, 200]
    assert slowed.status_code == 429
    assert slowed["Retry-After"] == "60"
    assert (
        "Too many login attempts for this username. Please wait up to 1 minute before "
        "trying again." in slowed.content.decode()
    )
    assert with_the_right_password.status_code == 429
    assert SESSION_KEY not in with_the_right_password.wsgi_request.session
    assert someone_else.status_code == 302
    # Only the three attempts that reached the password check count as failures.
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 3

    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    real_user = Client()
    signed_in = _login_via(real_user, "lena", PASSWORD, remote_addr=_address())

    assert signed_in.status_code == 302
    assert int(real_user.session[SESSION_KEY]) == user.pk


def test_the_per_username_limit_message_is_translated(settings):
    settings.LOGIN_RATE_PER_USERNAME = "1/m"
    UserFactory(username="lena")
    _login_via(Client(), "lena", "wrong", remote_addr=_address())

    slowed = Client().post(
        reverse("login"),
        {"username": "lena", "password": "wrong"},
        REMOTE_ADDR=_address(),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert slowed.status_code == 429
    assert (
        "Trop de tentatives de connexion pour cet identifiant. Veuillez patienter au plus "
        "1 minute avant de réessayer." in slowed.content.decode()
    )


# Password reset (finding 12 of issue 14): each request sends an e-mail.


def _ask_reset(client, email, *, address, language="en"):
    return client.post(
        reverse("password_reset"),
        {"email": email},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_password_reset_is_limited_per_address(settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "2/h"
    UserFactory(username="lena")
    UserFactory(username="omar")

    statuses = [
        _ask_reset(Client(), "lena@parcours.example", address=_address()).status_code
        for _ in range(2)
    ]
    refused = _ask_reset(Client(), " LENA@parcours.example", address=_address())
    other_address = _ask_reset(Client(), "omar@parcours.example", address=_address())

    assert statuses == [302, 302]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert (
        "Too many password reset requests for this address. Please wait up to 60 minutes "
        "before asking again." in refused.content.decode()
    )
    assert other_address.status_code == 302
    assert [message.to for message in mailoutbox] == [
        ["lena@parcours.example"],
        ["lena@parcours.example"],
        ["omar@parcours.example"],
    ]


def test_password_reset_is_limited_per_client(settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "2/h"
    for name in ("lena", "omar", "paul"):
        UserFactory(username=name)
    client, address = Client(), _address()

    statuses = [
        _ask_reset(client, f"{name}@parcours.example", address=address).status_code
        for name in ("lena", "omar")
    ]
    refused = _ask_reset(client, "paul@parcours.example", address=address)
    elsewhere = _ask_reset(Client(), "paul@parcours.example", address=_address())

    assert statuses == [302, 302]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert (
        "Too many password reset requests from your connection. Please wait up to 60 minutes "
        "before asking again." in refused.content.decode()
    )
    assert elsewhere.status_code == 302
    assert [message.to for message in mailoutbox] == [
        ["lena@parcours.example"],
        ["omar@parcours.example"],
        ["paul@parcours.example"],
    ]


def test_the_password_reset_limit_message_is_translated(settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "1/h"
    UserFactory(username="lena")
    _ask_reset(Client(), "lena@parcours.example", address=_address())

    refused = _ask_reset(Client(), "lena@parcours.example", address=_address(), language="fr")

    assert refused.status_code == 429
    assert (
        "Trop de demandes de réinitialisation du mot de passe pour cette adresse. Veuillez "
        "patienter au plus 60 minutes avant de redemander." in refused.content.decode()
    )
    assert len(mailoutbox) == 1
