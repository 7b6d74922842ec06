"""An ingested event goes through the real broker to a separate worker, which sends the e-mail."""

import time

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Invitation

from .factories import FollowUpRuleFactory


def _wait_until_sent(invitation_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        invitation = Invitation.objects.get(pk=invitation_id)
        if invitation.status == Invitation.Status.SENT:
            return invitation
        time.sleep(0.2)
    raise AssertionError(f"invitation {invitation_id} was not sent within {timeout} s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_event_due_now_is_sent_by_the_worker_process(celery_worker_process):
    rule = FollowUpRuleFactory(delay_minutes=0)

    event, created = services.service_event_ingest(
        source="rental-desk",
        idempotency_key="return-worker-1",
        external_ref="CUST-W",
        email="walter@example.com",
        language="fr",
        stage_id=rule.stage_id,
        occurred_at=timezone.now(),
    )

    assert created
    invitation = _wait_until_sent(event.invitations.get().pk)
    assert invitation.attempts == 1
    assert invitation.sent_at is not None
