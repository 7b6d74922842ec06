"""Token scopes: every operation names its scope in the schema and refuses a token without it;
scopes by roles on representative endpoints, each outcome written out.

A token acts within both its scopes and its user's role, so the outcome of a call is the
role's outcome (the permission matrix) when the token holds the operation's scope, and 403
otherwise.
"""

import pytest
from rest_framework.test import APIClient

from core import services
from core.roles import Role
from core.scopes import SCOPES
from tests.factories import UserFactory

from .test_permission_matrix import (
    API_RESOURCES,
    DENIED,
    OK,
    _mismatches,
    _outcome,
    _rolled_back,
    discovered_operations,
    schema,
)

pytestmark = pytest.mark.django_db


def _client(user, scopes) -> APIClient:
    _token, secret = services.api_token_create(
        user=user, name="scoped", expires_at=None, scopes=scopes
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def _call(client, method, path, world, body="{}"):
    resource = path.removeprefix("/api/v1/").split("/")[0]
    if "{id}" in path:
        path = path.replace("{id}", str(world[API_RESOURCES[resource]].pk))
    path = path.replace("{file_format}", "csv")
    with _rolled_back():
        return client.generic(method, path, body, content_type="application/json")


def _operations():
    return {
        operation["operationId"]: operation
        for item in schema()["paths"].values()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_operation_states_its_scope_in_the_schema():
    operations = _operations()

    without = sorted(
        operation_id
        for operation_id, operation in operations.items()
        if operation.get("x-token-scope") not in SCOPES
    )
    mismatched = sorted(
        operation_id
        for operation_id, operation in operations.items()
        if {"apiToken": [operation.get("x-token-scope")]} not in operation["security"]
    )

    assert without == []
    assert mismatched == []
    assert operations["v1_service_events_create"]["x-token-scope"] == "events:write"
    assert operations["v1_journeys_list"]["x-token-scope"] == "read"
    assert operations["v1_responses_list"]["x-token-scope"] == "responses:read"
    assert operations["v1_data_items_list"]["x-token-scope"] == "register:read"
    assert operations["v1_cases_replies_create"]["x-token-scope"] == "cases:write"


def test_every_operation_refuses_a_token_without_its_scope(world):
    """A CX manager's token holding every scope but the operation's own gets 403 from every
    operation: no view escapes the scope check (a view that sets its own permission classes
    must keep TokenScopes or RequiresPermission)."""
    cx_manager = world["users"][Role.CX_MANAGER]
    clients = {scope: _client(cx_manager, set(SCOPES) - {scope}) for scope in SCOPES}
    operations = discovered_operations()
    scopes = {operation_id: op["x-token-scope"] for operation_id, op in _operations().items()}

    outcomes = {
        operation_id: _outcome(_call(clients[scopes[operation_id]], method, path, world))
        for operation_id, (method, path) in sorted(operations.items())
    }

    assert {key: value for key, value in outcomes.items() if value != DENIED} == {}


def test_an_events_write_token_posts_events_and_reads_nothing(world):
    client = _client(world["users"][Role.CX_MANAGER], ["events:write"])
    stage = world["stage"]

    posted = client.post(
        "/api/v1/service-events/",
        {
            "source": "crm",
            "idempotency_key": "scoped-1",
            "external_ref": "C-1",
            "occurred_at": "2026-12-01T10:00:00Z",
            "stage": stage.pk,
        },
        format="json",
    )
    reads = {
        operation_id: _outcome(_call(client, method, path, world))
        for operation_id, (method, path) in sorted(discovered_operations().items())
        if method == "GET"
    }

    assert posted.status_code == 201, posted.content
    assert posted.json()["created"] is True
    assert len(reads) == 99
    assert {key: value for key, value in reads.items() if value != DENIED} == {}
    refused = client.get("/api/v1/journeys/")
    assert refused.json() == {
        "detail": "This token's scopes do not allow this; it needs the “read” scope."
    }


# Representative endpoints: (method, path, body) and the outcome for a CX manager, an
# interviewer, a DPO, a viewer and an integration when the token holds the endpoint's scope.
WHO = (Role.CX_MANAGER, Role.INTERVIEWER, Role.DPO, Role.VIEWER, Role.INTEGRATION)
ENDPOINTS = {
    "read": ("GET", "/api/v1/journeys/", (OK, OK, OK, OK, OK)),
    "responses:read": ("GET", "/api/v1/responses/", (OK, OK, OK, OK, OK)),
    "register:read": ("GET", "/api/v1/data-items/", (OK, OK, OK, OK, DENIED)),
    "events:write": ("POST", "/api/v1/service-events/", (OK, DENIED, DENIED, DENIED, OK)),
    "cases:write": ("POST", "/api/v1/cases/", (OK, DENIED, DENIED, DENIED, OK)),
    "journeys:write": ("POST", "/api/v1/journeys/", (OK, DENIED, DENIED, DENIED, DENIED)),
    "stakeholders:write": (
        "POST",
        "/api/v1/stakeholders/",
        (OK, DENIED, DENIED, DENIED, DENIED),
    ),
    "surveys:write": ("POST", "/api/v1/survey-templates/", (OK, DENIED, DENIED, DENIED, DENIED)),
    "register:write": ("POST", "/api/v1/data-items/", (OK, DENIED, OK, DENIED, DENIED)),
    "settings:write": ("POST", "/api/v1/notifications/read-all/", (OK, OK, OK, OK, OK)),
    "comments:write": ("POST", "/api/v1/comments/", (OK, OK, OK, DENIED, DENIED)),
    "webhooks:manage": ("GET", "/api/v1/webhooks/", (OK, DENIED, DENIED, DENIED, DENIED)),
}


def test_representative_endpoints_cover_every_scope():
    assert set(SCOPES) == set(ENDPOINTS)


@pytest.mark.parametrize("role", WHO, ids=[role.value for role in WHO])
def test_scopes_by_role(role, world):
    """For each scope, a token of this role with that scope only, on every representative
    endpoint: the role's outcome on the endpoint of its scope, 403 on every other."""
    user = world["users"].get(role) or UserFactory(username="crm-sync", role=role)
    column = WHO.index(role)
    expected, actual = {}, {}
    for scope in SCOPES:
        client = _client(user, [scope])
        for endpoint_scope, (method, path, outcomes) in ENDPOINTS.items():
            key = f"{scope} → {method} {path}"
            expected[key] = outcomes[column] if endpoint_scope == scope else DENIED
            actual[key] = _outcome(_call(client, method, path, world))
    assert _mismatches(expected, actual) == {}


def test_a_session_is_not_limited_by_scopes(world):
    client = APIClient()
    client.force_login(world["users"][Role.VIEWER])

    assert client.get("/api/v1/responses/").status_code == 200
    assert client.get("/api/v1/data-items/").status_code == 200
