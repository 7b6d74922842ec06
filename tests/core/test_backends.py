"""core.backends.CachedModelBackend: a user's permissions are read once, then come from the
cache until something changes who may do what."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from core import roles, services
from core.roles import Role

pytestmark = pytest.mark.django_db

NEW_JOURNEY = "/journeys/new/"


def _permission_queries(client, url: str) -> tuple[int, int]:
    """The status of a GET of `url` and how many of its queries read permissions (the
    session's user query only joins them, to tell a service account)."""
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, sum('FROM "auth_permission"' in query["sql"] for query in queries)


def test_permissions_are_read_on_the_first_request_only(client, viewer):
    client.force_login(viewer)

    assert _permission_queries(client, "/journeys/") == (200, 2)  # the user's, the groups'
    assert _permission_queries(client, "/journeys/") == (200, 0)
    assert _permission_queries(client, "/stakeholders/") == (200, 0)


def test_a_new_role_applies_from_the_next_request(client, viewer):
    client.force_login(viewer)
    assert _permission_queries(client, NEW_JOURNEY)[0] == 403

    services.user_set_role(user=viewer, role=Role.CX_MANAGER)

    assert _permission_queries(client, NEW_JOURNEY) == (200, 2)


def test_a_permission_taken_from_a_role_applies_from_the_next_request(client, cx_manager):
    client.force_login(cx_manager)
    assert _permission_queries(client, NEW_JOURNEY)[0] == 200

    Group.objects.get(name=Role.CX_MANAGER).permissions.remove(
        Permission.objects.get(codename="add_journey")
    )

    assert _permission_queries(client, NEW_JOURNEY)[0] == 403


def test_a_permission_given_to_the_user_applies_from_the_next_request(client, viewer):
    client.force_login(viewer)
    assert _permission_queries(client, NEW_JOURNEY)[0] == 403

    viewer.user_permissions.add(Permission.objects.get(codename="add_journey"))

    assert _permission_queries(client, NEW_JOURNEY)[0] == 200


def test_a_deleted_role_group_takes_its_permissions_along(client, cx_manager):
    client.force_login(cx_manager)
    assert _permission_queries(client, NEW_JOURNEY)[0] == 200

    Group.objects.get(name=Role.CX_MANAGER).delete()

    assert _permission_queries(client, NEW_JOURNEY)[0] == 403


def test_roles_synced_after_a_migration_apply_from_the_next_request(client, viewer, monkeypatch):
    """`migrate` syncs the role groups through the migration state's models, whose signals
    core.apps does not hear: the sync itself makes the kept permissions stale."""
    client.force_login(viewer)
    assert _permission_queries(client, NEW_JOURNEY)[0] == 403
    grants = {**roles.ROLE_PERMISSIONS[Role.VIEWER], "journeys.journey": roles.ALL}
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.VIEWER, grants)
    state_apps = MigrationExecutor(connection).loader.project_state().apps

    roles.sync_after_migrate(sender=None, apps=state_apps)

    assert _permission_queries(client, NEW_JOURNEY)[0] == 200
