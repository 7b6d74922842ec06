"""Single sign-on: the backend's role mapping and user creation, the login page's offer, and
password login disabled. The login through a real provider is tests/e2e/test_sso.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from core.models import User
from core.roles import Role, role_map
from core.sso import SSOBackend, role_from_claims
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def sso(settings):
    settings.OIDC_RP_CLIENT_ID = "parcours"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = "Acme ID"
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"https://id.example.com/{name.lower()}")
    settings.OIDC_ROLE_MAP = "cx-managers=cx_manager, dpo=dpo,everyone=viewer,bots=integration"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "core.sso.SSOBackend"]
    return settings


@pytest.fixture
def backend(sso):
    backend = SSOBackend()
    backend.request = RequestFactory().get("/accounts/sso/callback/")
    backend.request.user = AnonymousUser()
    return backend


def claims(**extra):
    return {"sub": "42", "email": "Jeanne.Roux@example.com", "preferred_username": "jroux", **extra}


def test_role_map_reads_pairs_and_names_a_bad_one():
    assert role_map("cx-managers=cx_manager, dpo=dpo,") == {
        "cx-managers": Role.CX_MANAGER,
        "dpo": Role.DPO,
    }
    with pytest.raises(ValueError, match=r"^OIDC_ROLE_MAP: 'cx-managers=boss' is not group=role"):
        role_map("cx-managers=boss")


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (["everyone", "dpo"], Role.DPO),
        (["dpo", "cx-managers"], Role.CX_MANAGER),
        ("everyone", Role.VIEWER),
        (["bots"], None),
        (["strangers"], None),
        (None, None),
    ],
)
def test_the_role_is_the_first_mapped_group_in_the_maps_order(sso, groups, role):
    assert role_from_claims(claims(groups=groups)) == role


@pytest.mark.django_db
def test_a_first_login_creates_the_user_with_the_mapped_role(backend):
    info = claims(groups=["cx-managers"], given_name="Jeanne", family_name="Roux")

    assert backend.verify_claims(info) is True
    user = backend.create_user(info)

    user = User.objects.get(pk=user.pk)
    assert (user.username, user.email, user.get_full_name()) == (
        "jroux",
        "Jeanne.Roux@example.com",
        "Jeanne Roux",
    )
    assert user.role == Role.CX_MANAGER
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_a_later_login_finds_the_user_by_email_and_follows_the_group_change(backend):
    existing = UserFactory(username="jeanne", email="jeanne.roux@example.com", role=Role.VIEWER)

    [found] = backend.filter_users_by_claims(claims())
    backend.update_user(found, claims(groups=["dpo"]))

    assert found == existing
    assert User.objects.get(pk=existing.pk).role == Role.DPO


@pytest.mark.django_db
def test_a_taken_username_falls_back_to_a_generated_one(backend):
    UserFactory(username="jroux", email="someone.else@example.com")

    user = backend.create_user(claims(groups=["everyone"]))

    assert user.username != "jroux"
    assert User.objects.get(pk=user.pk).role == Role.VIEWER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("info", "reason"),
    [
        (claims(groups=["strangers"]), "Your account has no group that gives a role in Parcours"),
        (claims(groups=["bots"]), "Your account has no group that gives a role in Parcours"),
        ({"sub": "42", "groups": ["dpo"]}, "Your provider did not give your e-mail address."),
    ],
)
def test_a_person_without_a_mapped_role_or_email_is_refused(backend, info, reason):
    assert backend.verify_claims(info) is False
    assert backend.request.sso_refusal.startswith(reason)
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_the_login_page_offers_the_provider_when_configured(client, sso):
    page = client.get(reverse("login") + "?next=/journeys/").content.decode()

    assert (
        '<a role="button" href="/accounts/sso/start/?next=/journeys/">Log in with Acme ID</a>'
        in page
    )
    assert 'name="password"' in page


@pytest.mark.django_db
def test_without_configuration_the_login_page_offers_passwords_only(client):
    page = client.get(reverse("login")).content.decode()

    assert "Log in with" not in page
    assert client.get(reverse("sso_start")).status_code == 404
    assert client.get(reverse("sso_callback")).status_code == 404


@pytest.mark.django_db
def test_sso_start_sends_the_browser_to_the_provider(client, sso):
    response = client.get(reverse("sso_start"))

    assert response.status_code == 302
    assert response["Location"].startswith("https://id.example.com/authorization?")
    assert "client_id=parcours" in response["Location"]


@pytest.mark.django_db
def test_password_login_disabled_refuses_passwords_everywhere(client, sso, cx_manager):
    sso.PASSWORD_LOGIN_ENABLED = False

    page = client.get(reverse("login")).content.decode()
    posted = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    admin = client.post(reverse("admin:login"), {"username": "alice", "password": PASSWORD})

    assert 'name="password"' not in page
    assert "Log in with Acme ID" in page
    assert posted.status_code == 403
    assert "Logging in with a password is disabled." in posted.content.decode()
    assert admin.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("password_reset")).status_code == 404
