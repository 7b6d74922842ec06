import pytest

from config.celery import app as celery_app
from core.models import WorkerPing


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["checks"] == {"database": {"ok": True}, "broker": {"ok": True}}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    assert celery_app.conf.broker_url == "redis://127.0.0.1:9/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["error"]


@pytest.mark.django_db
def test_healthz_shows_the_last_executed_ping(client):
    ping = WorkerPing.objects.create(source=WorkerPing.Source.BEAT)
    WorkerPing.objects.filter(pk=ping.pk).update(executed_at="2026-01-02T03:04:05Z", worker="w1")

    worker = client.get("/healthz").json()["worker"]

    assert worker == {
        "last_ping_executed_at": "2026-01-02T03:04:05+00:00",
        "last_ping_worker": "w1",
    }
