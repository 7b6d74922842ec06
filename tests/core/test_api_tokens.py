import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import services
from core.models import APIToken
from core.scopes import SCOPES
from tests.factories import UserFactory


@pytest.mark.django_db
def test_creating_a_token_shows_its_secret_once_and_stores_only_a_hash(client, viewer):
    client.force_login(viewer)
    expires_on = timezone.localdate() + timedelta(days=30)

    response = client.post(
        reverse("core:api_tokens"),
        {"name": "CRM", "expires_on": expires_on.isoformat(), "scopes": ["read", "events:write"]},
    )

    assert response.status_code == 200
    secret = response.context["new_secret"]
    token = APIToken.objects.get(user=viewer)
    assert token.name == "CRM"
    assert token.scopes == ["events:write", "read"]
    assert timezone.localtime(token.expiry_date).date() == expires_on
    assert secret in response.content.decode()
    assert secret not in (token.id, token.hashed_key)
    assert token.is_valid(secret)
    assert secret not in client.get(reverse("core:api_tokens")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "scopes": ["read"]}, "name", "This field is required."),
        ({"name": "x" * 51, "scopes": ["read"]}, "name", "Ensure this value has at most 50"),
        ({"name": "CRM", "expires_on": "2001-01-01"}, "expires_on", "must be in the future"),
        ({"name": "CRM", "expires_on": "not a date"}, "expires_on", "Enter a valid date."),
        ({"name": "CRM"}, "scopes", "This field is required."),
        ({"name": "CRM", "scopes": ["everything"]}, "scopes", "Select a valid choice."),
    ],
)
def test_invalid_token_form_says_why_and_creates_nothing(client, viewer, data, field, message):
    client.force_login(viewer)
    response = client.post(reverse("core:api_tokens"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert APIToken.objects.count() == 0


@pytest.mark.django_db
def test_revoking_a_token_makes_it_unusable(client, viewer, api_client):
    token, secret = services.api_token_create(user=viewer, name="CRM", expires_at=None)
    client.force_login(viewer)

    response = client.post(reverse("core:api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api_client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_a_user_cannot_revoke_someone_elses_token(client, viewer):
    other = UserFactory(username="mallory")
    token, _secret = services.api_token_create(user=other, name="theirs", expires_at=None)
    client.force_login(viewer)

    response = client.post(reverse("core:api_token_revoke", args=[token.pk]), follow=True)

    assert "No active token of yours has this id." in response.content.decode()
    token.refresh_from_db()
    assert not token.revoked


@pytest.mark.django_db
def test_token_list_shows_only_the_users_own_tokens(client, viewer):
    services.api_token_create(user=viewer, name="mine", expires_at=None)
    services.api_token_create(user=UserFactory(username="mallory"), name="theirs", expires_at=None)
    client.force_login(viewer)

    page = client.get(reverse("core:api_tokens")).content.decode()

    assert "mine" in page
    assert "theirs" not in page


@pytest.mark.django_db
def test_token_list_query_count_does_not_grow_with_tokens(
    client, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    for index in range(5):
        services.api_token_create(user=viewer, name=f"token {index}", expires_at=None)

    # session, user, the user's groups (role badge), user and group permissions (menu), tokens
    with django_assert_num_queries(6):
        client.get(reverse("core:api_tokens"))


@pytest.mark.django_db
def test_the_token_page_offers_every_scope_and_shows_each_tokens_scopes(client, viewer):
    services.api_token_create(user=viewer, name="CRM", expires_at=None, scopes=["events:write"])
    client.force_login(viewer)

    response = client.get(reverse("core:api_tokens"))

    assert list(response.context["form"].fields["scopes"].choices) == [
        (scope, f"{scope} — {label}") for scope, label in SCOPES.items()
    ]
    assert response.context["form"]["scopes"].initial == ["read"]
    assert "<td><code>events:write</code></td>" in response.content.decode()


@pytest.mark.django_db
def test_a_token_with_an_unknown_scope_is_refused_by_the_service(viewer):
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(user=viewer, name="CRM", expires_at=None, scopes=["root"])

    assert refused.value.message_dict == {"scopes": ["Unknown scopes: root."]}
    assert APIToken.objects.count() == 0


@pytest.mark.django_db
def test_last_use_is_recorded_with_the_address_at_most_once_a_minute(
    viewer, django_assert_num_queries
):
    token, secret = services.api_token_create(user=viewer, name="CRM", expires_at=None)
    client = APIClient(REMOTE_ADDR="192.0.2.7")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    client.get("/api/v1/me/")
    token.refresh_from_db()
    first = token.last_used_at
    # the token with its user, the user's groups (role); permissions are cached; no UPDATE
    with django_assert_num_queries(2):
        client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.8")
    token.refresh_from_db()

    assert first is not None
    assert (token.last_used_at, token.last_used_ip) == (first, "192.0.2.7")
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.8")
    token.refresh_from_db()
    assert token.last_used_at > first
    assert token.last_used_ip == "192.0.2.8"


@pytest.mark.django_db
def test_the_touch_is_a_conditional_update_that_a_concurrent_request_loses(viewer):
    """Two requests that both read a stale last use: only the first UPDATE writes."""
    token, _secret = services.api_token_create(user=viewer, name="CRM", expires_at=None)
    first_reader = APIToken.objects.get(pk=token.pk)
    second_reader = APIToken.objects.get(pk=token.pk)

    services.api_token_touch(token=first_reader, ip="192.0.2.1")
    services.api_token_touch(token=second_reader, ip="192.0.2.2")

    token.refresh_from_db()
    assert token.last_used_ip == "192.0.2.1"


@pytest.mark.django_db
def test_api_token_create_command_prints_the_secret_once_on_stdout(viewer):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "api_token_create",
        "--user=victor",
        "--name=CRM export",
        "--scopes=events:write,read",
        stdout=out,
        stderr=err,
    )

    token = APIToken.objects.get(user=viewer)
    secret = out.getvalue().strip()
    assert token.is_valid(secret)
    assert (token.name, token.scopes, token.expiry_date) == (
        "CRM export",
        ["events:write", "read"],
        None,
    )
    assert err.getvalue() == (
        f"Token {token.prefix}… for victor, scopes events:write, read. Its secret, shown once:\n"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user=nobody", "--scopes=read"], "No active user named 'nobody'."),
        (["--user=victor", "--scopes=read,root"], "Unknown scopes: root."),
        (["--user=victor", "--scopes=,"], "Name at least one scope."),
    ],
)
def test_api_token_create_command_refuses_bad_arguments(viewer, arguments, message):
    with pytest.raises(CommandError) as refused:
        call_command("api_token_create", "--name=CRM", *arguments, stdout=io.StringIO())

    assert str(refused.value) == message
    assert APIToken.objects.count() == 0
