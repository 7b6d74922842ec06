"""Lighter versions of failure drills of `make bench` (bench/drills.py): the same events
posted twice at the same moment, events posted across a PostgreSQL restart, and e-mails sent
across a PostgreSQL restart. The worker and Redis drills are in
tests/feedback/test_worker_failures.py."""

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from importlib import import_module

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from rest_framework.test import APIClient

from core import services as core_services
from feedback import services as feedback_services
from feedback.models import Invitation, ServiceEvent
from tests.feedback.factories import FollowUpRuleFactory, ingest
from tests.feedback.mail_backends import CountingBackend
from tests.test_resilience import PG_CTL, _pg_ctl, gunicorn_server  # noqa: F401 (fixture)


def _event(rule, key: str) -> dict:
    return {
        "source": "drill",
        "idempotency_key": key,
        "external_ref": key,
        "email": f"{key}@example.com",
        "stage": rule.stage_id,
        "occurred_at": "2026-11-20T18:30:00+01:00",
    }


@pytest.mark.django_db(transaction=True)
def test_the_same_events_posted_twice_at_the_same_moment_are_stored_once(cx_manager):
    rule = FollowUpRuleFactory(delay_minutes=60)
    batch = [_event(rule, f"twice-{number}") for number in range(30)]
    _token, secret = core_services.api_token_create(user=cx_manager, name="drill", expires_at=None)
    barrier = threading.Barrier(2)
    answers = []

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        try:
            barrier.wait()
            response = client.post("/api/v1/service-events/", batch, format="json")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # One request created the events; the other, blocked on the unique key until the first
    # committed, found them: same ids, nothing created twice.
    assert sorted(status for status, _body in answers) == [200, 201]
    first, second = (body for _status, body in answers)
    assert [event["id"] for event in first] == [event["id"] for event in second]
    assert sorted(event["created"] for event in first + second) == [False] * 30 + [True] * 30
    per_event = ServiceEvent.objects.filter(source="drill").annotate(n=Count("invitations"))
    assert sorted(event.n for event in per_event) == [1] * 30
    assert Invitation.objects.filter(rule=rule).count() == 30


def _post(url: str, secret: str, payload: dict) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.mark.skipif(PG_CTL is None, reason="needs the PostgreSQL server that scripts/test starts")
@pytest.mark.django_db(transaction=True)
def test_events_posted_across_a_postgresql_restart_are_stored_once_without_a_500(
    gunicorn_server,  # noqa: F811 (the fixture imported above)
    cx_manager,
):
    rule = FollowUpRuleFactory(delay_minutes=60)
    _token, secret = core_services.api_token_create(user=cx_manager, name="drill", expires_at=None)
    url = gunicorn_server.replace("/healthz", "/api/v1/service-events/")
    statuses, acknowledged = Counter(), []
    stopping = threading.Event()

    def integration():
        """Posts events one by one, retrying each until it is acknowledged."""
        number = 0
        while not stopping.is_set():
            key = f"restart-{number}"
            while (status := _post(url, secret, _event(rule, key))) not in (200, 201):
                statuses[status] += 1
                time.sleep(0.1)
            statuses[status] += 1
            acknowledged.append(key)
            number += 1

    thread = threading.Thread(target=integration)
    thread.start()
    try:
        while len(acknowledged) < 10:
            time.sleep(0.05)
        connection.close()
        _pg_ctl("restart")
        restarted_at = len(acknowledged)
        deadline = time.monotonic() + 30
        while len(acknowledged) < restarted_at + 10 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stopping.set()
        thread.join(timeout=30)

    assert len(acknowledged) >= restarted_at + 10, statuses
    stored = ServiceEvent.objects.filter(source="drill").annotate(n=Count("invitations"))
    assert sorted(event.idempotency_key for event in stored) == sorted(acknowledged)
    assert {event.n for event in stored} == {1}
    # While the database is down, requests get the documented 503, never a 500; a retry of an
    # event stored just before the failure gets 200 (already received).
    assert set(statuses) <= {200, 201, 503}, statuses


class RestartingDatabaseBackend(CountingBackend):
    """A mail server that accepts the second message of a batch, then PostgreSQL restarts
    before the worker can record that it was sent."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if len(mail.outbox) == 2:
            _pg_ctl("restart")
        return sent


@pytest.mark.skipif(PG_CTL is None, reason="needs the PostgreSQL server that scripts/test starts")
@pytest.mark.django_db(transaction=True)
def test_an_email_accepted_while_postgresql_restarts_is_marked_sent_and_never_sent_again(
    settings,
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RestartingDatabaseBackend"}}
    RestartingDatabaseBackend.opened = 0
    # Due later, so that no dispatch task is sent to a worker; then due now, for this process.
    rule = FollowUpRuleFactory(delay_minutes=60)
    for number in range(4):
        ingest(rule, external_ref=f"R{number}", email=f"r{number}@example.com")
    Invitation.objects.update(send_after=timezone.now() - timedelta(minutes=1))

    counts = feedback_services.invitations_dispatch_due()
    again = feedback_services.invitations_dispatch_due()

    assert (counts["sent"], again["sent"]) == (4, 0)
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"r{number}@example.com" for number in range(4)
    ]
    assert set(Invitation.objects.values_list("status", flat=True)) == {Invitation.Status.SENT}
    assert RestartingDatabaseBackend.opened == 1  # one connection for the whole batch


@pytest.fixture
def session_out_of_reach(settings, monkeypatch):
    """A client whose session cannot be read: the request fails in Django's middleware or
    DRF's authentication, before any view, so only the URLconf's handler500 answers."""

    def client_failing_with(error: Exception) -> Client:
        def load(self):
            raise error

        monkeypatch.setattr(import_module(settings.SESSION_ENGINE).SessionStore, "load", load)
        client = Client(raise_request_exception=False)
        client.cookies[settings.SESSION_COOKIE_NAME] = "drill-session-key-0123456789"
        return client

    return client_failing_with


UNAVAILABLE_PAGE = "Parcours is briefly unavailable. Please try again in a few seconds."


@pytest.mark.parametrize(
    "error", [OperationalError("connection refused"), RedisConnectionError("connection refused")]
)
def test_postgresql_or_redis_out_of_reach_answers_a_503_page_with_retry_after(
    session_out_of_reach, error
):
    response = session_out_of_reach(error).get("/journeys/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<title>Briefly unavailable · Parcours</title>" in page
    assert f"<p>{UNAVAILABLE_PAGE}</p>" in page


@pytest.mark.parametrize(
    "error", [OperationalError("connection refused"), RedisConnectionError("connection refused")]
)
def test_postgresql_or_redis_out_of_reach_answers_api_clients_503_in_json(
    session_out_of_reach, error
):
    response = session_out_of_reach(error).get("/api/v1/journeys/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": UNAVAILABLE_PAGE}


def test_any_other_error_stays_a_500(session_out_of_reach):
    response = session_out_of_reach(ValueError("a bug")).get("/journeys/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    # Django's own 500 page: the project has no 500.html.
    assert b"<h1>Server Error (500)</h1>" in response.content
