import pytest
from django.urls import reverse

from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERS
from core.models import APIToken, WorkerPing
from core.roles import Role
from tests.factories import PASSWORD

SIGNED_IN_PAGES = [
    "core:dashboard",
    "core:api_tokens",
    "journeys:index",
    "stakeholders:index",
    "feedback:index",
    "gdpr:index",
    "password_change",
]
NEEDS_A_ROLE = {"journeys:index", "stakeholders:index", "feedback:index", "gdpr:index"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*SIGNED_IN_PAGES, "core:system_status"])
def test_anonymous_users_are_sent_to_the_login_page(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_the_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_anonymous_post_to_admin_or_api_tokens_changes_nothing(client):
    response = client.post(reverse("core:api_tokens"), {"name": "sneaky"})
    assert response.status_code == 302
    assert APIToken.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "first_name", "last_name", "role"), DEMO_USERS)
def test_each_demo_user_logs_in_and_sees_the_navigation(
    client, username, first_name, last_name, role
):
    from django.core.management import call_command

    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain == [(reverse("core:dashboard"), 302)]
    page = response.content.decode()
    for label in ("Journeys", "Stakeholders", "Feedback", "Data register"):
        assert f">{label}</a>" in page
    assert f'<span class="badge role-badge">{role.label}</span>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
# The integration role has no pages (tests/core/test_integration_role.py).
@pytest.mark.parametrize("role", [*(role for role in Role if role != Role.INTEGRATION), None])
def test_every_signed_in_user_reaches_the_common_pages(client, user_with_role, role, name):
    client.force_login(user_with_role(role))
    # Pages that list an app's data need the role's view permission.
    expected = 403 if role is None and name in NEEDS_A_ROLE else 200
    assert client.get(reverse(name)).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "can_view", "can_ping"),
    [
        (Role.CX_MANAGER, True, True),
        (Role.DPO, True, False),
        (Role.INTERVIEWER, False, False),
        (Role.VIEWER, False, False),
        (None, False, False),
    ],
)
def test_system_status_access_follows_the_role(client, user_with_role, role, can_view, can_ping):
    client.force_login(user_with_role(role))

    assert client.get(reverse("core:system_status")).status_code == (200 if can_view else 403)
    response = client.post(reverse("core:worker_ping_send"))
    assert response.status_code == (302 if can_ping else 403)
    assert WorkerPing.objects.count() == (1 if can_ping else 0)


@pytest.mark.django_db
def test_dashboard_speaks_to_the_role(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "You are signed in as Data protection officer." in page
    assert "export the Article 30 register" in page
    assert "Map customer journeys" not in page


@pytest.mark.django_db
def test_language_switch_serves_french(client, viewer):
    client.force_login(viewer)
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("core:dashboard")}, follow=True
    )
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert ">Parcours clients</a>" in page
    assert ">Registre des données</a>" in page


@pytest.mark.django_db
def test_language_switch_works_before_login(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("login")}, follow=True
    )
    assert "Se connecter" in response.content.decode()


@pytest.mark.django_db
def test_password_change(client, viewer):
    client.force_login(viewer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "an0ther-Long-pass",
            "new_password2": "an0ther-Long-pass",
        },
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password("an0ther-Long-pass")


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302
