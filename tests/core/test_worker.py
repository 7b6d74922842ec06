"""Tasks sent by the web go through the real broker to a separate worker process."""

import os
import time

import pytest
from django.urls import reverse

from core.models import WorkerPing


def _wait_until_executed(ping_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ping = WorkerPing.objects.get(pk=ping_id)
        if ping.executed_at is not None:
            return ping
        time.sleep(0.1)
    raise AssertionError(f"ping {ping_id} was not executed within {timeout} s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_ping_sent_from_a_web_request_is_executed_by_the_worker_process(
    client, cx_manager, celery_worker_process
):
    client.force_login(cx_manager)

    response = client.post(reverse("core:worker_ping_send"))

    assert response.status_code == 302
    ping = _wait_until_executed(WorkerPing.objects.get().pk)
    assert ping.source == WorkerPing.Source.WEB
    assert ping.requested_by == cx_manager
    assert ping.worker.endswith(f"pid {celery_worker_process.pid}")
    assert celery_worker_process.pid != os.getpid()
    page = client.get(reverse("core:system_status")).content.decode()
    assert f"pid {celery_worker_process.pid}" in page


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_heartbeat_task_runs_on_the_worker(celery_worker_process):
    from core.tasks import beat_heartbeat_task

    beat_heartbeat_task.delay()

    deadline = time.monotonic() + 30
    while not WorkerPing.objects.filter(executed_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the heartbeat never reached the worker"
        time.sleep(0.1)
    assert WorkerPing.objects.get().source == WorkerPing.Source.BEAT
