"""A worker killed while a receiver holds its request open loses nothing: the claim's lease
runs out and the next worker sends the same message again, with the same id and body."""

import signal
from datetime import timedelta

import pytest
from django.db.models import F

from core.models import WebhookDelivery
from core.webhooks import services
from journeys import services as journeys_services

from .test_worker import _delivered, _wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_killed_mid_delivery_loses_nothing(cx_manager, receiver, start_worker):
    receiver.start("--hang-first", "1")
    services.subscription_create(
        owner=cx_manager, url=receiver.url, event_types=["journey.changed"]
    )
    first = start_worker()
    journeys_services.journey_create(name="Killed")
    _wait_for(lambda: len(receiver.received()) == 1, "nothing reached the receiver", first)

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SENDING
    # The claim's lease runs out (ten minutes on the clock, skipped here).
    WebhookDelivery.objects.update(claimed_at=F("claimed_at") - timedelta(minutes=11))
    second = start_worker()
    _wait_for(_delivered(1), "the restarted worker did not deliver", second)

    first_try, second_try = receiver.received()
    assert first_try["headers"]["webhook-id"] == second_try["headers"]["webhook-id"]
    assert first_try["body"] == second_try["body"]
    assert WebhookDelivery.objects.get().attempts == 2
