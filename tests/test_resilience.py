"""A real gunicorn server on the test database rides out a PostgreSQL restart."""

import json
import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import database_url, free_port

ROOT = Path(__file__).resolve().parent.parent
PG_CTL = os.environ.get("TEST_PG_CTL")  # set by scripts/test, which owns the PostgreSQL server


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _pg_ctl(action):
    subprocess.run(
        [*shlex.split(PG_CTL), "-w", "-m", "fast", action], check=True, capture_output=True
    )


@pytest.fixture
def gunicorn_server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        env = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "600"}
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.skipif(PG_CTL is None, reason="needs the PostgreSQL server that scripts/test starts")
def test_a_postgresql_restart_costs_a_503_while_down_and_no_error_after(gunicorn_server):
    assert _get(gunicorn_server)[0] == 200  # the worker now holds a persistent connection
    connections.close_all()

    _pg_ctl("stop")
    try:
        status, body = _get(gunicorn_server)
    finally:
        _pg_ctl("start")

    assert status == 503
    assert body == {"status": "unavailable"}  # anonymous: the reason goes to the log only
    status, body = _get(gunicorn_server)
    assert status == 200, body
    assert body == {"status": "ok"}
