"""With a real worker on PostgreSQL: a reply to a customer goes once through the outbox,
however many times the task runs, even when the worker is killed and restarted."""

import signal

import pytest

from feedback import services
from feedback.models import CaseReply
from tests.factories import UserFactory
from tests.journeys.factories import StageFactory

from .mail_backends import recorded_messages
from .test_escalation_worker import _send, _wait_for_runs
from .test_worker_failures import redis_server, start_worker  # noqa: F401 (fixtures)

SEND_TASK = "feedback.tasks.case_replies_send_task"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_reply_goes_once_through_the_outbox_with_a_real_worker(
    redis_server,  # noqa: F811
    start_worker,  # noqa: F811
    tmp_path,
):
    author = UserFactory(username="claire")
    case = services.case_create(
        stage=StageFactory(),
        title="Child seat missing",
        channel="phone",
        language="fr",
        contact_email="durand@example.com",
    )
    reply = services.case_reply_write(case=case, author=author, text="Bonjour,\nC'est réglé.")
    worker = start_worker(redis_server.url, tmp_path)

    for _ in range(3):
        _send(redis_server.url, SEND_TASK)
    _wait_for_runs(worker, SEND_TASK, 3)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    worker = start_worker(redis_server.url, tmp_path)
    for _ in range(2):
        _send(redis_server.url, SEND_TASK)
    _wait_for_runs(worker, SEND_TASK, 2)

    messages = recorded_messages(tmp_path)
    assert [message["To"] for message in messages] == ["durand@example.com"]
    assert messages[0].get_content_type() == "text/plain"
    # The words as written; the MIME body ends with a line break.
    assert messages[0].get_payload(decode=True).decode() == "Bonjour,\nC'est réglé.\n"
    reply.refresh_from_db()
    assert reply.status == CaseReply.Status.SENT
    assert case.log_entries.filter(text="Reply e-mailed to the customer.").count() == 1
