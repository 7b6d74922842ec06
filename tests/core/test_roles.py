"""Each role holds exactly the model permissions meant for it, and no other."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.roles import ROLE_PERMISSIONS, Role, actions_for, roles_sync

# Comments: all but the viewer write them (each edits and deletes only their own).
COMMENTS = {"core.view_comment", "core.add_comment", "core.change_comment", "core.delete_comment"}
EXPECTED_CORE_PERMISSIONS = {
    Role.CX_MANAGER: {
        "core.add_workerping",
        "core.view_workerping",
        "core.view_organisation",
        "core.change_organisation",
        "core.view_webhooksubscription",
        "core.add_webhooksubscription",
        "core.change_webhooksubscription",
        "core.delete_webhooksubscription",
        "core.view_webhookdelivery",
        "core.change_webhookdelivery",
        *COMMENTS,
    },
    Role.INTERVIEWER: COMMENTS,
    Role.DPO: {"core.view_workerping", "core.view_organisation", *COMMENTS},
    Role.VIEWER: {"core.view_comment"},
    Role.INTEGRATION: {"core.act_as_integration"},
}


def _codenames(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.mark.django_db
def test_the_data_migration_creates_the_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "cx_manager",
        "interviewer",
        "dpo",
        "viewer",
        "integration",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_role_holds_exactly_its_core_permissions(role):
    group = Group.objects.get(name=role.value)
    core = {name for name in _codenames(group) if name.startswith("core.")}
    assert core == EXPECTED_CORE_PERMISSIONS[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_no_role_can_manage_users_tokens_or_groups(role):
    group = Group.objects.get(name=role.value)
    forbidden = {
        name
        for name in _codenames(group)
        if name.split(".")[0] in {"auth", "admin", "sessions", "contenttypes"}
        or name.endswith(("_user", "_apitoken"))
    }
    assert forbidden == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_group_permissions_match_the_declared_policy(role):
    group = Group.objects.get(name=role.value)
    expected = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
        if p.codename.split("_", 1)[0]
        in actions_for(role, p.content_type.app_label, p.content_type.model)
    }
    assert _codenames(group) == expected


@pytest.mark.django_db
def test_roles_sync_restores_a_tampered_group():
    group = Group.objects.get(name=Role.VIEWER.value)
    group.permissions.add(Permission.objects.get(codename="add_workerping"))

    roles_sync()

    assert "core.add_workerping" not in _codenames(group)


def test_app_grants_are_overridden_by_model_grants():
    assert actions_for(Role.CX_MANAGER, "core", "workerping") == {"view", "add"}
    assert actions_for(Role.CX_MANAGER, "core", "user") == set()
    assert actions_for(Role.DPO, "gdpr", "anything") == {
        "view",
        "add",
        "change",
        "delete",
        "review",
    }
    assert set(ROLE_PERMISSIONS) == set(Role)
