"""Signing, SSRF refusal, rotation and the payloads, delivered in the test's process to a
real receiver in its own process."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import WebhookDelivery
from core.webhooks import delivery, services, signing
from core.webhooks.selectors import subscribed_event_types
from feedback import services as feedback_services
from journeys import services as journeys_services
from tests.conftest import ROOT
from tests.feedback.factories import FollowUpRuleFactory, sent_invitation

from .conftest import standard_webhooks_verify

pytestmark = pytest.mark.django_db


def _readme_verify():
    """The signature check the README gives receivers, as written there."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```python\n", readme.index("in plain Python:")) + len("```python\n")
    namespace = {}
    exec(readme[start : readme.index("```", start)], namespace)
    return namespace["verify"]


def test_a_signature_is_the_one_the_specification_gives():
    # The example of the Standard Webhooks specification's test vectors.
    signature = signing.sign(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        webhook_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body='{"test": 2432232314}',
    )

    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "::1",
        "169.254.169.254",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",
        "240.0.0.1",
        "::ffff:10.0.0.1",
        "100.64.0.1",
        "localhost",
    ],
)
def test_internal_addresses_are_refused(settings, address):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(delivery.AddressRefused):
        delivery.checked_address(address, 443)


def test_the_setting_allows_loopback_and_private_but_never_link_local(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True

    assert delivery.checked_address("127.0.0.1", 80) == "127.0.0.1"
    assert delivery.checked_address("10.1.2.3", 80) == "10.1.2.3"
    with pytest.raises(delivery.AddressRefused):
        delivery.checked_address("169.254.169.254", 80)
    assert delivery.checked_address("93.184.215.14", 80) == "93.184.215.14"


def test_a_private_address_url_is_refused_at_delivery_and_nothing_is_sent(
    settings, cx_manager, receiver
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    receiver.start()
    services.subscription_create(
        owner=cx_manager, url=receiver.url, event_types=["journey.changed"]
    )
    journeys_services.journey_create(name="Internal")

    assert services.deliveries_send_due() == 0

    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.status_code) == ("pending", 1, None)
    assert row.error == "127.0.0.1 resolves to a refused address"
    assert receiver.received() == []


def test_during_the_overlap_both_secrets_verify_then_only_the_new_one(
    settings, cx_manager, receiver
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    receiver.start()
    subscription = services.subscription_create(
        owner=cx_manager, url=receiver.url, event_types=["journey.changed"]
    )
    old_secret = subscription.secret
    services.subscription_rotate_secret(subscription=subscription)
    journeys_services.journey_create(name="Rotated")

    assert services.deliveries_send_due() == 1

    [during] = receiver.received()
    assert len(during["headers"]["webhook-signature"].split(" ")) == 2
    assert _readme_verify()(subscription.secret, during["headers"], during["body"].encode())
    for secret in (subscription.secret, old_secret):
        assert standard_webhooks_verify(
            secret=secret, headers=during["headers"], body=during["body"]
        )
    # The overlap ends.
    subscription.previous_secret_expires_at = timezone.now() - timedelta(seconds=1)
    subscription.save()
    journeys_services.journey_create(name="After")
    assert services.deliveries_send_due() == 1
    after = receiver.received()[1]
    assert standard_webhooks_verify(
        secret=subscription.secret, headers=after["headers"], body=after["body"]
    )
    assert not standard_webhooks_verify(
        secret=old_secret, headers=after["headers"], body=after["body"]
    )


def test_each_event_type_sends_its_ids_and_nothing_personal(cx_manager):
    services.subscription_create(
        owner=cx_manager,
        url="https://hooks.example.com/all",
        event_types=["response.created", "case.opened", "case.resolved"],
    )
    _invitation, token = sent_invitation(FollowUpRuleFactory(), email="jane@example.com")

    response = feedback_services.response_submit(
        token=token, answers={"nps": 1, "comment": "Jane Doe, never again"}
    )
    feedback_services.case_update(case=response.case, data={"status": "resolved"})

    bodies = [
        json.loads(body)
        for body in WebhookDelivery.objects.order_by("pk").values_list("body", flat=True)
    ]
    assert [(body["type"], body["version"], body["data"]) for body in bodies] == [
        (
            "response.created",
            1,
            {"response_id": response.pk, "journey_id": response.invitation.rule.stage.journey_id},
        ),
        ("case.opened", 1, {"case_id": response.case.pk}),
        ("case.resolved", 1, {"case_id": response.case.pk}),
    ]
    everything = "".join(WebhookDelivery.objects.values_list("body", flat=True))
    assert "jane" not in everything.lower()


def test_an_event_nobody_subscribed_to_costs_no_query(django_assert_num_queries, cx_manager):
    services.subscription_create(
        owner=cx_manager, url="https://hooks.example.com/", event_types=["case.opened"]
    )
    assert subscribed_event_types() == {"case.opened"}

    with django_assert_num_queries(0):
        assert services.deliveries_create(event_type="journey.changed", data={}) == 0
    with django_assert_num_queries(2):
        assert services.deliveries_create(event_type="case.opened", data={"case_id": 1}) == 1


def test_a_paused_subscription_gets_no_new_message_and_resumes_with_its_pending_ones(
    cx_manager,
):
    subscription = services.subscription_create(
        owner=cx_manager, url="https://hooks.example.com/", event_types=["journey.changed"]
    )
    journeys_services.journey_create(name="Before")
    services.subscription_pause(subscription=subscription)

    journeys_services.journey_create(name="While paused")

    assert WebhookDelivery.objects.count() == 1
    subscription.refresh_from_db()
    assert subscription.paused_at is not None
    subscription.consecutive_failures = 5
    subscription.save()
    services.subscription_resume(subscription=subscription)
    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.paused_at, subscription.consecutive_failures) == (
        True,
        None,
        0,
    )


def test_a_replay_sends_the_same_message_again(cx_manager):
    services.subscription_create(
        owner=cx_manager, url="https://hooks.example.com/", event_types=["journey.changed"]
    )
    journeys_services.journey_create(name="Replayed")
    row = WebhookDelivery.objects.get()
    WebhookDelivery.objects.update(status="failed", attempts=9, next_attempt_at=None, error="x")

    replayed = services.delivery_replay(delivery=row)

    assert (replayed.status, replayed.attempts, replayed.error) == ("pending", 0, "")
    assert (replayed.webhook_id, replayed.body) == (row.webhook_id, row.body)
    assert replayed.next_attempt_at is not None


def test_unknown_event_types_are_refused(cx_manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        services.subscription_create(
            owner=cx_manager, url="https://hooks.example.com/", event_types=["case.deleted"]
        )
    assert "event_types" in raised.value.message_dict
