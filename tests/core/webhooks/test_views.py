"""The webhook pages and API: subscriptions, the delivery log, replay and rotation, with
their query counts."""

import pytest
from django.urls import reverse

from core.models import WebhookDelivery, WebhookSubscription
from core.webhooks import services

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/parcours"


def _subscription(owner, **fields):
    return services.subscription_create(
        owner=owner, url=fields.pop("url", URL), event_types=["case.opened"], **fields
    )


def _deliveries(subscription, count):
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event_type="case.opened",
            webhook_id=f"msg_{subscription.pk}_{number}",
            body='{"type":"case.opened"}',
            status_code=500,
            duration_ms=12,
            attempts=1,
        )
        for number in range(count)
    )


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_costs_the_same_at_any_size(client, cx_manager, django_assert_num_queries, size):
    for number in range(size):
        _subscription(cx_manager, url=f"{URL}/{number}")
    client.force_login(cx_manager)

    # session, user, permissions (user's, group's), count, the role in the menu, the page
    with django_assert_num_queries(7):
        page = client.get(reverse("core:webhook_list"))

    assert page.status_code == 200
    assert page.content.decode().count(f"{URL}/") == size
    # The secret is on the subscription's own page only.
    assert "whsec_" not in page.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_the_delivery_log_costs_the_same_at_any_size(
    client, cx_manager, django_assert_num_queries, size
):
    subscription = _subscription(cx_manager)
    _deliveries(subscription, size)
    client.force_login(cx_manager)

    # session, user, permissions (two), the subscription, the role in the menu, count, page
    with django_assert_num_queries(8):
        page = client.get(reverse("core:webhook_detail", args=[subscription.pk]))

    text = page.content.decode()
    assert text.count("msg_") == size
    assert subscription.secret in text
    assert text.count("/replay/") == size


def test_a_subscription_is_created_edited_paused_and_deleted_through_the_pages(client, cx_manager):
    client.force_login(cx_manager)

    created = client.post(
        reverse("core:webhook_create"),
        {"url": URL, "description": "CRM", "event_types": ["case.opened", "sla.breached"],
         "is_active": "on"},
    )  # fmt: skip

    subscription = WebhookSubscription.objects.get()
    assert created["Location"] == reverse("core:webhook_detail", args=[subscription.pk])
    assert (subscription.owner, subscription.event_types) == (
        cx_manager,
        ["case.opened", "sla.breached"],
    )
    assert subscription.secret.startswith("whsec_")
    client.post(
        reverse("core:webhook_update", args=[subscription.pk]),
        {"url": f"{URL}/v2", "event_types": ["case.resolved"], "is_active": "on"},
    )
    subscription.refresh_from_db()
    assert (subscription.url, subscription.event_types) == (f"{URL}/v2", ["case.resolved"])
    client.post(reverse("core:webhook_toggle", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.is_active is False
    old_secret = subscription.secret
    client.post(reverse("core:webhook_rotate", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.previous_secret == old_secret
    assert subscription.secret != old_secret
    confirm = client.get(reverse("core:webhook_delete", args=[subscription.pk]))
    assert "This cannot be undone." in confirm.content.decode()
    client.post(reverse("core:webhook_delete", args=[subscription.pk]))
    assert not WebhookSubscription.objects.exists()


def test_a_form_refuses_a_url_that_is_not_http_and_no_event(client, cx_manager):
    client.force_login(cx_manager)

    page = client.post(reverse("core:webhook_create"), {"url": "ftp://example.com/"})

    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"url", "event_types"}


def test_replay_from_the_log(client, cx_manager):
    subscription = _subscription(cx_manager)
    _deliveries(subscription, 1)
    WebhookDelivery.objects.update(status="failed")
    client.force_login(cx_manager)
    delivery = WebhookDelivery.objects.get()

    client.post(reverse("core:webhook_delivery_replay", args=[subscription.pk, delivery.pk]))

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)


def test_the_pages_in_french(client, cx_manager):
    _subscription(cx_manager)
    client.force_login(cx_manager)

    page = client.get(reverse("core:webhook_list"), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Nouvel abonnement" in page.content.decode()


# API


@pytest.mark.parametrize("size", [1, 6])
def test_the_api_lists_subscriptions_at_a_fixed_cost(
    token_client, cx_manager, django_assert_num_queries, size
):
    for number in range(size):
        _subscription(cx_manager, url=f"{URL}/{number}")
    client = token_client(cx_manager)

    # token, its last use, permissions (user's, group's), count, the page with owners
    with django_assert_num_queries(6):
        body = client.get("/api/v1/webhooks/").json()

    assert body["count"] == size
    assert body["results"][0]["owner"] == "alice"
    assert body["results"][0]["secret"].startswith("whsec_")


def test_the_api_creates_rotates_and_pauses(token_client, cx_manager):
    client = token_client(cx_manager)

    created = client.post(
        "/api/v1/webhooks/", {"url": URL, "event_types": ["journey.changed"]}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    rotated = client.post(f"/api/v1/webhooks/{pk}/rotate/").json()
    assert rotated["secret"] != created.json()["secret"]
    assert rotated["previous_secret_expires_at"] is not None
    paused = client.patch(f"/api/v1/webhooks/{pk}/", {"is_active": False}, format="json").json()
    assert (paused["is_active"], paused["paused_at"] is not None) == (False, True)
    refused = client.post(
        "/api/v1/webhooks/", {"url": URL, "event_types": ["case.deleted"]}, format="json"
    )
    assert refused.status_code == 400


@pytest.mark.parametrize("size", [1, 8])
def test_the_api_lists_deliveries_and_replays_one(
    token_client, cx_manager, django_assert_num_queries, size
):
    subscription = _subscription(cx_manager)
    _deliveries(subscription, size)
    client = token_client(cx_manager)

    with django_assert_num_queries(6):  # token, its last use, permissions (two), count, page
        body = client.get(f"/api/v1/webhook-deliveries/?subscription={subscription.pk}").json()

    assert body["count"] == size
    assert body["results"][0]["payload"] == {"type": "case.opened"}
    replayed = client.post(f"/api/v1/webhook-deliveries/{body['results'][0]['id']}/replay/")
    assert (replayed.status_code, replayed.json()["status"]) == (200, "pending")


def test_the_api_describes_every_event_type(token_client, cx_manager):
    body = token_client(cx_manager).get("/api/v1/webhook-events/").json()

    assert [row["event_type"] for row in body] == [
        "response.created",
        "case.opened",
        "case.escalated",
        "case.resolved",
        "sla.breached",
        "register.entry_reviewed",
        "journey.changed",
        "interview.validated",
    ]
    assert body[2]["example"]["data"] == {"case_id": 42, "level": 42}


def test_the_admin_list_does_not_show_the_secret(admin_client, cx_manager):
    subscription = _subscription(cx_manager)

    page = admin_client.get(reverse("admin:core_webhooksubscription_changelist"))

    assert URL in page.content.decode()
    assert subscription.secret not in page.content.decode()


@pytest.mark.parametrize(
    ("language", "description"),
    [
        ("en", "CRM (example): put its real address, then resume"),
        ("fr", "CRM (exemple) : indiquez sa vraie adresse, puis reprenez"),
    ],
)
def test_the_demo_has_one_paused_subscription_once(cx_manager, language, description):
    from core import demo

    demo.load_demo(owner=cx_manager, language=language)
    second = demo.load_demo(owner=cx_manager, language=language)

    subscription = WebhookSubscription.objects.get()
    assert (subscription.is_active, subscription.description) == (False, description)
    assert subscription.url == "https://crm.parcours-location.example/webhooks/parcours"
    assert second.endswith("Demo webhook: already there")
