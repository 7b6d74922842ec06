"""A real HTTP receiver in its own process, and Celery workers told the webhook settings."""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, database_url, free_port

RECEIVER = Path(__file__).with_name("receiver.py")


def standard_webhooks_verify(*, secret: str, headers: dict, body: str) -> bool:
    """The Standard Webhooks reference check, written from the specification: the signed
    content is `{id}.{timestamp}.{body}`, the key the base64 after `whsec_`, and one of the
    space-separated `v1,<base64>` signatures must match."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    timestamp = int(headers["webhook-timestamp"])
    if abs(time.time() - timestamp) > 5 * 60:
        return False
    for signature in headers["webhook-signature"].split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


class Receiver:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self.log = directory / f"received-{self.port}.jsonl"
        self.process = None

    def start(self, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(RECEIVER), str(self.port), str(self.log), *options],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "listening"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def received(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


@pytest.fixture
def receiver(tmp_path):
    """A receiver not yet started (`receiver.start(...)`), killed after the test."""
    made = Receiver(tmp_path)
    yield made
    if made.process and made.process.poll() is None:
        made.stop()


def _start(name: str, database: str, settings: dict[str, str]) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CONN_MAX_AGE": "0",
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
        "WEBHOOK_RETRY_SCHEDULE": "1,1,1,1,1,1,1,1",
        "WEBHOOK_PAUSE_AFTER_FAILURES": "3",
        **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"{name}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
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


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def webhook_worker(django_db_setup, django_db_blocker):
    """A worker on the suite's broker for the module, with the webhook settings of the
    tests: private addresses allowed (the receiver is on loopback), retries after a second,
    a pause after three failures in a row."""
    with django_db_blocker.unblock():
        database = database_url()
    process = _start("webhooks", database, {})
    yield process
    _stop(process)


@pytest.fixture
def start_worker(django_db_setup, django_db_blocker):
    """Starts workers of one test (to be killed), with the same settings."""
    processes = []
    with django_db_blocker.unblock():
        database = database_url()

    def start() -> subprocess.Popen:
        processes.append(_start(f"webhooks-{len(processes)}", database, {}))
        return processes[-1]

    yield start
    for process in processes:
        _stop(process)
