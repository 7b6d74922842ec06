"""Dispatch loses nothing and repeats nothing when a worker is killed or Redis restarts.

Each test runs its own Redis server and its own `celery worker` processes on the test
database, with a mail server that keeps every accepted message as a file
(`mail_backends.RecordingBackend`): the e-mails are counted where they arrive.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db.models import F
from django.utils import timezone

from feedback import services
from feedback.models import Invitation
from tests.conftest import database_url, free_port

from .factories import FollowUpRuleFactory, ingest
from .mail_backends import recorded_messages

ROOT = Path(__file__).resolve().parent.parent.parent
DISPATCH_TASK = "feedback.tasks.invitations_dispatch_task"


class RedisServer:
    """A throw-away Redis on loopback, with append-only persistence as in production."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--appendonly", "yes", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port).ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def start_worker(django_db_setup, django_db_blocker, tmp_path):
    """Starts `celery worker` processes on a given broker, recording e-mails in a folder."""
    processes = []
    with django_db_blocker.unblock():
        database = database_url()

    def start(broker_url: str, mail_dir: Path, **mail_options) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.feedback.worker_settings",
            "DATABASE_URL": database,
            "CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": broker_url,
            "FEEDBACK_TEST_MAIL_DIR": str(mail_dir),
            "FEEDBACK_TEST_MAIL_SECONDS": str(mail_options.get("seconds_per_message", 0)),
            "FEEDBACK_TEST_MAIL_HANG_AFTER": str(mail_options.get("hang_after", 0)),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"failures{len(processes)}@%h"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        processes.append(process)
        ready = threading.Event()
        process.log = []

        def follow():
            for line in process.stdout:
                process.log.append(line)
                if " ready." in line:
                    ready.set()

        threading.Thread(target=follow, daemon=True).start()
        if not ready.wait(timeout=60):
            process.kill()
            pytest.fail("the Celery worker did not start:\n" + "".join(process.log))
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _due_invitations(count: int, prefix: str = "customer") -> list[str]:
    """`count` customers with an invitation due now; returns their e-mail addresses. The
    events are ingested before their rule's delay and the delay then passes, so that no
    on-commit nudge reaches the suite's own broker."""
    rule = FollowUpRuleFactory(delay_minutes=60)
    emails = []
    for number in range(count):
        email = f"{prefix}{number}@example.com"
        ingest(rule, external_ref=f"{prefix}-{number}", email=email, occurred_at=timezone.now())
        emails.append(email)
    Invitation.objects.filter(rule=rule).update(send_after=F("send_after") - timedelta(hours=1))
    return emails


def _send_task(broker_url: str) -> None:
    """What beat does every minute: one dispatch task on the broker."""
    client = Celery()
    # An explicit connection: Celery prefers the CELERY_BROKER_URL variable to `broker=`.
    with client.connection_for_write(broker_url) as connection:
        client.send_task(DISPATCH_TASK, connection=connection)


def _wait_for(condition, timeout: float, message: str, worker: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            rows = list(Invitation.objects.values_list("status", "attempts", "error"))
            pytest.fail(f"{message}; invitations {rows}\n" + "".join(worker.log))
        time.sleep(0.1)


def _statuses() -> Counter:
    return Counter(Invitation.objects.values_list("status", flat=True))


def _recipients(mail_dir: Path) -> Counter:
    return Counter(message["To"] for message in recorded_messages(mail_dir))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_then_restarted_sends_each_invitation_once(
    redis_server, start_worker, tmp_path
):
    emails = _due_invitations(8)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    # The mail server stops answering after three messages: the worker is stuck mid-batch.
    first = start_worker(redis_server.url, mail_dir, hang_after=3)
    _send_task(redis_server.url)
    _wait_for(
        lambda: len(recorded_messages(mail_dir)) == 3 and _statuses()[Invitation.Status.SENT] == 3,
        15,
        "the first worker did not send three e-mails",
        first,
    )

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    # The killed run's claim holds the other five until its lease runs out.
    assert _statuses() == {Invitation.Status.SENT: 3, Invitation.Status.SENDING: 5}
    assert services.invitations_dispatch_due()["sent"] == 0
    # The lease runs out (ten minutes on the clock, skipped here), and a worker restarts.
    Invitation.objects.filter(status=Invitation.Status.SENDING).update(
        claimed_at=F("claimed_at") - services.SENDING_LEASE
    )
    second = start_worker(redis_server.url, mail_dir)
    _send_task(redis_server.url)
    _wait_for(
        lambda: _statuses() == {Invitation.Status.SENT: 8},
        15,
        "the restarted worker did not send the rest",
        second,
    )

    assert _recipients(mail_dir) == Counter(emails)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_mid_batch_and_started_again_sends_each_invitation_once(
    redis_server, start_worker, tmp_path
):
    emails = _due_invitations(12)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = start_worker(redis_server.url, mail_dir, seconds_per_message=0.3)
    _send_task(redis_server.url)
    _wait_for(lambda: len(recorded_messages(mail_dir)) >= 2, 15, "no e-mail went out", worker)

    redis_server.stop()
    assert len(recorded_messages(mail_dir)) < 12  # mid-batch
    # More invitations fall due while the broker is down: they wait in the database.
    late_emails = _due_invitations(4, prefix="late")
    redis_server.start()
    # Beat's next tick, once the broker is back.
    _send_task(redis_server.url)
    _wait_for(
        lambda: _statuses() == {Invitation.Status.SENT: 16},
        20,
        "the worker did not send everything after Redis came back",
        worker,
    )

    assert _recipients(mail_dir) == Counter(emails + late_emails)
    assert worker.poll() is None
