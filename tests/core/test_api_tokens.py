from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import services
from core.models import APIToken
from tests.factories import UserFactory


@pytest.mark.django_db
def test_creating_a_token_shows_its_secret_once_and_stores_only_a_hash(client, viewer):
    client.force_login(viewer)
    expires_on = timezone.localdate() + timedelta(days=30)

    response = client.post(
        reverse("core:api_tokens"), {"name": "CRM", "expires_on": expires_on.isoformat()}
    )

    assert response.status_code == 200
    secret = response.context["new_secret"]
    token = APIToken.objects.get(user=viewer)
    assert token.name == "CRM"
    assert timezone.localtime(token.expiry_date).date() == expires_on
    assert secret in response.content.decode()
    assert secret not in (token.id, token.hashed_key)
    assert token.is_valid(secret)
    assert secret not in client.get(reverse("core:api_tokens")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 51}, "name", "Ensure this value has at most 50 characters"),
        ({"name": "CRM", "expires_on": "2001-01-01"}, "expires_on", "must be in the future"),
        ({"name": "CRM", "expires_on": "not a date"}, "expires_on", "Enter a valid date."),
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
