"""With a real Celery worker and a real HTTP receiver, each in its own process: messages are
signed as Standard Webhooks says, retried with the same id and body until the receiver takes
them, survive a worker killed mid-delivery, and pause their subscription after repeated
failures."""

import json
import time
from collections import defaultdict

import pytest

from core.models import Notification, WebhookDelivery, WebhookSubscription
from core.tasks import webhooks_deliver_task
from core.webhooks import services
from feedback import services as feedback_services
from journeys import services as journeys_services
from tests.feedback.factories import FollowUpRuleFactory, sent_invitation

from .conftest import standard_webhooks_verify

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, message: str, worker, *, nudge: bool = True, timeout: float = 20):
    """Waits for `condition`; with `nudge`, sends the delivery task every half second as
    beat would every minute."""
    deadline = time.monotonic() + timeout
    next_nudge = 0.0
    while not condition():
        if time.monotonic() > deadline:
            rows = list(WebhookDelivery.objects.values_list("status", "attempts", "error"))
            pytest.fail(f"{message}; deliveries {rows}\n" + "".join(worker.log[-40:]))
        if nudge and time.monotonic() > next_nudge:
            webhooks_deliver_task.delay()
            next_nudge = time.monotonic() + 0.5
        time.sleep(0.1)


def _delivered(count: int):
    return lambda: (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.DELIVERED).count() == count
    )


def test_a_response_sends_one_signed_message(cx_manager, receiver, webhook_worker):
    receiver.start()
    subscription = services.subscription_create(
        owner=cx_manager, url=receiver.url, event_types=["response.created"]
    )
    worker = webhook_worker
    rule = FollowUpRuleFactory()
    _invitation, token = sent_invitation(rule)

    response = feedback_services.response_submit(token=token, answers={"nps": 9})

    # No nudge from the test: the commit of the response asked the worker.
    _wait_for(_delivered(1), "the message was not delivered", worker, nudge=False)
    [request] = receiver.received()
    delivery = WebhookDelivery.objects.get()
    assert request["path"] == "/hooks"
    assert request["headers"]["content-type"] == "application/json"
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    assert standard_webhooks_verify(
        secret=subscription.secret, headers=request["headers"], body=request["body"]
    )
    body = json.loads(request["body"])
    assert body == {
        "type": "response.created",
        "version": 1,
        "timestamp": body["timestamp"],
        "data": {"response_id": response.pk, "journey_id": rule.stage.journey_id},
    }
    assert "jane@example.com" not in request["body"]
    assert (delivery.attempts, delivery.status_code, delivery.error) == (1, 200, "")
    assert delivery.duration_ms is not None
    assert delivery.delivered_at is not None


def test_a_receiver_down_then_up_gets_every_message_with_the_same_id_and_body(
    cx_manager, receiver, webhook_worker
):
    # Three subscriptions, so that none fails three times in a row and pauses.
    subscriptions = [
        services.subscription_create(
            owner=cx_manager, url=f"{receiver.url}/{number}", event_types=["journey.changed"]
        )
        for number in range(3)
    ]
    journeys_services.journey_create(name="Down")
    _wait_for(
        lambda: not WebhookDelivery.objects.filter(attempts=0).exists(),
        "the messages were not tried while the receiver was down",
        webhook_worker,
    )

    # Up again, answering 503 to its first two requests.
    receiver.start("--fail-first", "2")
    _wait_for(_delivered(3), "the messages were not all delivered", webhook_worker)

    received = receiver.received()
    secrets = {f"/hooks/{number}": s.secret for number, s in enumerate(subscriptions)}
    bodies = defaultdict(list)
    for request in received:
        bodies[request["headers"]["webhook-id"]].append(request["body"])
        assert standard_webhooks_verify(
            secret=secrets[request["path"]], headers=request["headers"], body=request["body"]
        )
    stored = dict(WebhookDelivery.objects.values_list("webhook_id", "body"))
    assert set(bodies) == set(stored)
    assert len(received) == 5
    assert max(len(sent) for sent in bodies.values()) == 2
    for webhook_id, sent in bodies.items():
        assert set(sent) == {stored[webhook_id]}
    assert {json.loads(body)["data"]["change"] for body in stored.values()} == {"created"}
    assert set(WebhookSubscription.objects.values_list("is_active", "consecutive_failures")) == {
        (True, 0)
    }


def test_repeated_failures_pause_the_subscription_and_tell_its_owner(
    cx_manager, receiver, webhook_worker
):
    receiver.start("--status", "500")
    subscription = services.subscription_create(
        owner=cx_manager, url=receiver.url, event_types=["journey.changed"]
    )
    worker = webhook_worker
    journeys_services.journey_create(name="Refused")

    _wait_for(
        lambda: Notification.objects.filter(kind="webhook.paused").exists(),
        "the subscription was not paused",
        worker,
    )

    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.consecutive_failures) == (False, 3)
    assert subscription.paused_at is not None
    notification = Notification.objects.get(kind="webhook.paused")
    assert notification.recipient == cx_manager
    assert notification.url == f"/webhooks/{subscription.pk}/"
    delivery = WebhookDelivery.objects.get()
    # Kept for when the subscription is resumed.
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("pending", 3, 500)
    assert len(receiver.received()) == 3
