"""With a real worker on PostgreSQL: an overdue case tells its owner once, then escalates
once to the journey's escalation contact, across a worker killed (SIGKILL) and restarted;
the daily digest goes once per user with everything waiting for it."""

import signal
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from core.models import Notification
from core.notifications import services as notification_services
from feedback import services
from feedback.models import Case
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

from .mail_backends import recorded_messages
from .test_worker_failures import redis_server, start_worker  # noqa: F401 (fixtures)

CHECK_TASK = "feedback.tasks.cases_flag_overdue_task"
DELIVER_TASK = "core.tasks.notifications_deliver_task"


def _send(broker_url: str, task: str) -> None:
    client = Celery()
    with client.connection_for_write(broker_url) as connection:
        client.send_task(task, connection=connection)


def _wait_for_runs(worker, task: str, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while sum(1 for line in worker.log if task in line and "succeeded" in line) < count:
        if time.monotonic() > deadline:
            pytest.fail(f"{task} did not run {count} times\n" + "".join(worker.log))
        time.sleep(0.1)


def _told(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_overdue_case_tells_its_owner_once_then_escalates_once_across_a_kill(
    redis_server,  # noqa: F811
    start_worker,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("FEEDBACK_CASE_ESCALATION_SECONDS", "600")
    owner = UserFactory(username="owner")
    journey = JourneyFactory(escalation_contact=UserFactory(username="contact"))
    case = services.case_create(
        stage=StageFactory(journey=journey),
        title="Charged twice",
        owner=owner,
        due_at=timezone.now() - timedelta(minutes=1),
    )
    worker = start_worker(redis_server.url, tmp_path)

    _send(redis_server.url, CHECK_TASK)
    _wait_for_runs(worker, CHECK_TASK, 1)
    assert _told("case.overdue") == ["owner"]

    # Killed with checks still queued: the restarted worker runs them, and tells no one again.
    for _ in range(3):
        _send(redis_server.url, CHECK_TASK)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    worker = start_worker(redis_server.url, tmp_path)
    _send(redis_server.url, CHECK_TASK)
    _wait_for_runs(worker, CHECK_TASK, 1)
    time.sleep(1)
    assert _told("case.overdue") == ["owner"]
    assert _told("case.escalated") == []

    # The escalation delay passes (the deadline moves back by more than it).
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(minutes=11))
    for _ in range(3):
        _send(redis_server.url, CHECK_TASK)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    worker = start_worker(redis_server.url, tmp_path)
    for _ in range(2):
        _send(redis_server.url, CHECK_TASK)
    _wait_for_runs(worker, CHECK_TASK, 2)

    assert _told("case.overdue") == ["owner"]
    assert _told("case.escalated") == ["contact"]
    case.refresh_from_db()
    assert case.escalation_level == Case.Escalation.CONTACT
    assert case.log_entries.filter(text="escalated to the journey's contact").count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_digest_goes_once_per_user_per_day_with_everything_due(
    redis_server,  # noqa: F811
    start_worker,  # noqa: F811
    tmp_path,
):
    users = [UserFactory(username=f"reader{n}") for n in range(2)]
    for user in users:
        notification_services.preferences_update(
            user=user,
            deliveries={"case.assigned": "digest", "case.overdue": "digest"},
            hour=0,
            time_zone="UTC",
        )
        for number in range(3):
            notification_services.notify(
                kind="case.overdue",
                recipient_ids=[user.pk],
                key=f"case.overdue:{number}",
                params={"case": number, "stage": "A. Booking"},
                url=f"/feedback/cases/{number}/",
            )
    worker = start_worker(redis_server.url, tmp_path)

    for _ in range(3):
        _send(redis_server.url, DELIVER_TASK)
    _wait_for_runs(worker, DELIVER_TASK, 3)

    messages = recorded_messages(tmp_path)
    assert sorted(message["To"] for message in messages) == [
        "reader0@parcours.example",
        "reader1@parcours.example",
    ]
    for message in messages:
        body = message.get_payload(decode=True).decode()
        assert [f"Case {n} (A. Booking) is overdue" in body for n in range(3)] == [True] * 3
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"digested"}
