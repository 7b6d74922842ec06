from datetime import timedelta

import pytest
from django.utils import timezone

from core import services
from core.models import WorkerPing
from core.roles import Role


@pytest.mark.django_db
def test_worker_ping_request_sends_the_task_only_after_commit(
    cx_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        ping = services.worker_ping_request(source=WorkerPing.Source.WEB, user=cx_manager)
    assert len(callbacks) == 1
    assert ping.executed_at is None


@pytest.mark.django_db
def test_a_redelivered_ping_is_stamped_once():
    ping = WorkerPing.objects.create(source=WorkerPing.Source.BEAT)

    assert services.worker_ping_execute(ping_id=ping.pk, worker="first") is True
    assert services.worker_ping_execute(ping_id=ping.pk, worker="second") is False

    ping.refresh_from_db()
    assert ping.worker == "first"


@pytest.mark.django_db
def test_old_pings_are_pruned():
    old = WorkerPing.objects.create(source=WorkerPing.Source.BEAT)
    WorkerPing.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=8))
    recent = WorkerPing.objects.create(source=WorkerPing.Source.BEAT)

    assert services.worker_pings_prune() == 1
    assert list(WorkerPing.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_user_set_role_replaces_the_previous_role(viewer):
    services.user_set_role(user=viewer, role=Role.DPO)
    viewer = type(viewer).objects.get(pk=viewer.pk)
    assert viewer.role == Role.DPO
    assert list(viewer.groups.values_list("name", flat=True)) == ["dpo"]


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    from django.core.management import call_command

    from core.models import User

    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = list(User.objects.order_by("username").values_list("username", "password"))
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(User.objects.order_by("username").values_list("username", "password")) == first
    assert {username for username, _ in first} == {
        "admin",
        "claire",
        "crm-sync",
        "david",
        "ines",
        "victor",
    }
