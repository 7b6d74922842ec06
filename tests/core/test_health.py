import logging

import pytest

from config.celery import app as celery_app
from core.models import WorkerPing
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    assert celery_app.conf.broker_url == "redis://127.0.0.1:9/0"


def test_anonymous_healthz_shows_the_status_only(client):
    WorkerPing.objects.create(source=WorkerPing.Source.BEAT, worker="celery@host-1234")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_anonymous_healthz_hides_why_a_service_is_down_and_logs_it(client, broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.views"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "core.views"]
    assert record.levelname == "WARNING"
    assert record.getMessage().startswith("Health check failed: broker: ")
    assert "database" not in record.getMessage()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.INTERVIEWER])
def test_signed_in_users_who_may_not_see_the_system_status_get_the_status_only(client, role):
    client.force_login(UserFactory(role=role))

    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.fixture(params=["cx_manager", "dpo", "admin_staff"])
def staff_client(request, client):
    """The users who may see the system status page, and the admin site's staff."""
    if request.param == "admin_staff":
        user = UserFactory(username="sam", role=None, is_staff=True)
    else:
        user = request.getfixturevalue(request.param)
    client.force_login(user)
    return client


def test_healthz_shows_staff_database_and_broker_reachable(staff_client):
    response = staff_client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True}, "broker": {"ok": True}},
        "worker": {"last_ping_executed_at": None, "last_ping_worker": None},
    }


def test_healthz_is_503_and_tells_staff_why_when_the_broker_is_unreachable(
    staff_client, broker_down
):
    response = staff_client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["error"]


def test_healthz_shows_staff_the_last_executed_ping(staff_client):
    ping = WorkerPing.objects.create(source=WorkerPing.Source.BEAT)
    WorkerPing.objects.filter(pk=ping.pk).update(executed_at="2026-01-02T03:04:05Z", worker="w1")

    worker = staff_client.get("/healthz").json()["worker"]

    assert worker == {
        "last_ping_executed_at": "2026-01-02T03:04:05+00:00",
        "last_ping_worker": "w1",
    }
