from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from core import services
from core.api.permissions import RequiresPermission
from core.roles import Role
from tests.stakeholders.factories import StakeholderFactory


@pytest.mark.django_db
def test_me_with_a_token_returns_the_user_role_and_permissions(token_client, cx_manager):
    response = token_client(cx_manager).get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "alice"
    assert body["role"] == Role.CX_MANAGER.value
    assert "core.add_workerping" in body["permissions"]


@pytest.mark.django_db
def test_me_with_a_session(api_client, viewer):
    api_client.force_login(viewer)
    assert api_client.get("/api/v1/me/").json()["role"] == "viewer"


@pytest.mark.django_db
def test_a_token_use_is_recorded(token_client, viewer):
    client = token_client(viewer)
    client.get("/api/v1/me/")
    token = viewer.api_tokens.get()
    assert token.last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer not-a-token", "Bearer abc.def", "Token whatever"],
)
def test_anonymous_or_bad_tokens_are_refused(api_client, authorization):
    if authorization:
        api_client.credentials(HTTP_AUTHORIZATION=authorization)
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.django_db
def test_an_expired_token_is_refused(api_client, viewer):
    token, secret = services.api_token_create(user=viewer, name="old", expires_at=None)
    token.expiry_date = timezone.now() - timedelta(seconds=1)
    token.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "This token has expired."}


@pytest.mark.django_db
def test_an_inactive_users_token_is_refused(token_client, viewer):
    client = token_client(viewer)
    viewer.is_active = False
    viewer.save()
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_api_root_needs_authentication(api_client, token_client, viewer):
    assert api_client.get("/api/v1/").status_code == 401
    assert token_client(viewer).get("/api/v1/").status_code == 200


@pytest.mark.django_db
def test_openapi_schema_describes_the_api_and_its_token_auth(token_client, viewer):
    client = token_client(viewer)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "A personal API token created under “API tokens” in the app. It acts within its "
            "scopes and its user's role: each operation names the scope it needs "
            "(`x-token-scope`, and in its security requirement)."
        ),
    }


@pytest.mark.django_db
def test_schema_and_docs_are_not_public(client):
    assert client.get("/api/schema/").status_code == 401
    assert client.get("/api/docs/").status_code == 401


@pytest.mark.django_db
def test_browsable_docs_are_served_from_parcours_itself(client, viewer):
    client.force_login(viewer)
    page = client.get("/api/docs/").content.decode()
    assert 'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.' in page
    assert '<script src="/api/docs/?script="></script>' in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db
def test_me_runs_a_fixed_number_of_queries(token_client, viewer, django_assert_num_queries):
    client = token_client(viewer)
    # token lookup (with its user), token touch, groups (role), permissions (user + group)
    with django_assert_num_queries(5):
        client.get("/api/v1/me/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "rows"),
    [("", 50), ("?page_size=100", 100), ("?page_size=500", 200)],
    ids=["default", "asked", "capped"],
)
def test_an_api_list_gives_50_rows_a_page_or_up_to_200_on_request(
    token_client, viewer, query, rows
):
    StakeholderFactory.create_batch(210)

    body = token_client(viewer).get(f"/api/v1/stakeholders/{query}").json()

    assert (body["count"], len(body["results"])) == (210, rows)


class _View:
    """A detail view whose lookup finds `found` or raises Http404."""

    def __init__(self, found):
        self.found, self.looked_up = found, 0

    def get_object(self):
        self.looked_up += 1
        if self.found is None:
            raise Http404
        return self.found


@pytest.mark.django_db
def test_a_required_permission_on_an_object_looks_the_object_up_before_refusing(cx_manager, viewer):
    """The row is looked up only to refuse: a row the user cannot see is a 404, a row they
    see is a 403, and a user holding the permission costs no lookup here."""
    permission = RequiresPermission("stakeholders.change_stakeholder", on_object=True)()
    anonymous, allowed, seen = SimpleNamespace(user=AnonymousUser()), _View(1), _View(1)

    assert permission.has_permission(SimpleNamespace(user=cx_manager), allowed) is True
    assert permission.has_permission(SimpleNamespace(user=viewer), seen) is False
    with pytest.raises(Http404):
        permission.has_permission(SimpleNamespace(user=viewer), _View(None))
    assert permission.has_permission(anonymous, _View(None)) is False
    assert (allowed.looked_up, seen.looked_up) == (0, 1)
    assert RequiresPermission("stakeholders.change_stakeholder", on_object=True) is type(permission)
    assert type(permission).__name__ == (
        "RequiresPermission('stakeholders.change_stakeholder', on_object=True)"
    )
