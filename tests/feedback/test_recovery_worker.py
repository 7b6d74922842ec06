"""With a real worker on PostgreSQL: a resolved case's recovery survey goes once, across
repeated runs, a worker killed and restarted and the case resolved again; a low answer
reopens the case as a double failure. A promoter's follow-up goes once, and its click is
counted."""

import signal
import time

import pytest
from celery import Celery
from django.utils import timezone

from core.models import Notification
from feedback import services
from feedback.models import Case, PromoterFollowUp, RecoverySurvey, ReviewClick
from tests.factories import UserFactory

from .factories import FollowUpRuleFactory, sent_invitation
from .mail_backends import recorded_messages
from .test_worker_failures import redis_server, start_worker  # noqa: F401 (fixtures)

DISPATCH_TASK = "feedback.tasks.invitations_dispatch_task"
REVIEW_URL = "https://reviews.example.com/our-agency"


def _dispatch(broker_url: str, times: int = 1) -> None:
    client = Celery()
    with client.connection_for_write(broker_url) as connection:
        for _ in range(times):
            client.send_task(DISPATCH_TASK, connection=connection)


def _wait_for_runs(worker, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while sum(1 for line in worker.log if DISPATCH_TASK in line and "succeeded" in line) < count:
        if time.monotonic() > deadline:
            pytest.fail(f"the dispatch did not run {count} times\n" + "".join(worker.log))
        time.sleep(0.1)


def _link(message, prefix: str) -> str:
    body = message.get_payload(0).get_payload(decode=True).decode()
    start = body.index(prefix)
    return body[start : body.index("\n", start)]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_recovery_survey_goes_once_and_a_low_answer_reopens_the_case(
    redis_server,  # noqa: F811
    start_worker,  # noqa: F811
    tmp_path,
    client,
):
    owner = UserFactory(username="owner")
    _invitation, token = sent_invitation(FollowUpRuleFactory(), language="fr")
    response = services.response_submit(token=token, answers={"nps": 5})
    case = services.case_update(case=Case.objects.get(response=response), data={"owner": owner})
    services.case_update(case=case, data={"status": Case.Status.RESOLVED})
    worker = start_worker(redis_server.url, tmp_path)

    _dispatch(redis_server.url, times=2)
    _wait_for_runs(worker, 2)
    # Killed with runs still queued, and the case resolved a second time meanwhile.
    _dispatch(redis_server.url, times=3)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    services.case_update(case=case, data={"status": Case.Status.IN_PROGRESS})
    services.case_update(case=case, data={"status": Case.Status.RESOLVED})
    worker = start_worker(redis_server.url, tmp_path)
    _dispatch(redis_server.url, times=2)
    _wait_for_runs(worker, 2)

    [message] = recorded_messages(tmp_path)
    assert message["To"] == "jane@example.com"
    assert RecoverySurvey.objects.get().status == "sent"

    page = client.post(_link(message, "/s/recovery/"), {"score": "1", "comment": "Toujours rien."})

    assert page.status_code == 200
    case.refresh_from_db()
    assert (case.status, case.severity) == (Case.Status.OPEN, Case.Severity.HIGH)
    assert case.double_failure_at is not None
    assert list(
        Notification.objects.filter(kind="case.recovery_answered").values_list(
            "recipient__username", flat=True
        )
    ) == ["owner"]
    # Resolved again: no second survey.
    services.case_update(case=case, data={"status": Case.Status.RESOLVED})
    _dispatch(redis_server.url)
    _wait_for_runs(worker, 3)
    assert len(recorded_messages(tmp_path)) == 1
    assert RecoverySurvey.objects.count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_promoter_follow_up_goes_once_and_its_click_is_counted(
    redis_server,  # noqa: F811
    start_worker,  # noqa: F811
    tmp_path,
    client,
):
    rule = FollowUpRuleFactory()
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, follow_up_email=True)
    _invitation, token = sent_invitation(rule)
    response = services.response_submit(token=token, answers={"nps": 10})
    PromoterFollowUp.objects.update(send_after=timezone.now())
    worker = start_worker(redis_server.url, tmp_path)

    _dispatch(redis_server.url, times=3)
    _wait_for_runs(worker, 3)

    [message] = recorded_messages(tmp_path)
    assert message["Subject"] == "Would you share your experience?"
    redirect = client.get(_link(message, "/s/review/"))
    assert (redirect.status_code, redirect["Location"]) == (302, REVIEW_URL)
    assert list(ReviewClick.objects.values_list("response", flat=True)) == [response.pk]
