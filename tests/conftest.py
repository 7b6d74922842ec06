import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from core import services
from core.roles import Role
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Production hashing is slow on purpose; tests need it correct, not slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _throwaway_media_root(settings, tmp_path_factory):
    """Uploads (the organisation's logo, the demo's too) go to a temporary folder, never to
    var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits and throttles count in the cache: each test starts from zero."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in French leaves French active in the thread (LocaleMiddleware does not
    switch back): each test starts in the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def cx_manager(db):
    return UserFactory(username="alice", role=Role.CX_MANAGER)


@pytest.fixture
def interviewer(db):
    return UserFactory(username="ivan", role=Role.INTERVIEWER)


@pytest.fixture
def dpo(db):
    return UserFactory(username="dora", role=Role.DPO)


@pytest.fixture
def viewer(db):
    return UserFactory(username="victor", role=Role.VIEWER)


@pytest.fixture
def user_with_role(db):
    """Builds a user of the given role (or with no role for None)."""

    def build(role):
        return UserFactory(username=f"user-{role or 'none'}", role=role)

    return build


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def token_client(db):
    """An API client that authenticates with a fresh personal token of the given user."""

    def build(user):
        _token, secret = services.api_token_create(user=user, name="test", expires_at=None)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return build


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database's URL, for processes the tests start (worker, gunicorn)."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}"
        f"@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process, on the suite's broker and test database, for one
    module: left running, it would take the tasks that later tests' own workers are there to
    run (a nudge sent on commit goes to the suite's broker)."""
    with django_db_blocker.unblock():
        env = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "pytest@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    log = []

    def follow():
        for line in process.stdout:
            log.append(line)
            if " ready." in line:
                ready.set()

    threading.Thread(target=follow, daemon=True).start()
    if not ready.wait(timeout=60):
        process.kill()
        pytest.fail("the Celery worker did not start:\n" + "".join(log))
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
