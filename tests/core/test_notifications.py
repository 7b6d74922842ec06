"""The inbox, the bell, preferences, and the e-mails sent now or in one digest a day."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from core.events import announce
from core.models import Digest, Notification, NotificationPreference
from core.notifications import services
from core.notifications.models import EmailStatus
from feedback import services as feedback_services
from tests.factories import UserFactory
from tests.journeys.factories import StageFactory

pytestmark = pytest.mark.django_db


def _tell(user, key="case.assigned:1", kind="case.assigned", case=1):
    return services.notify(
        kind=kind,
        recipient_ids=[user.pk],
        key=key,
        params={"case": case, "stage": "B. Counter"},
        url=f"/feedback/cases/{case}/",
    )


def test_a_user_is_told_once_per_key(cx_manager):
    assert _tell(cx_manager) == 1
    assert _tell(cx_manager) == 0
    notification = Notification.objects.get()
    assert notification.title == "Case 1 (B. Counter) is assigned to you"
    assert notification.email_status == EmailStatus.PENDING


def test_an_inactive_user_is_not_told():
    user = UserFactory(is_active=False)
    assert _tell(user) == 0


def test_the_preference_decides_the_e_mail(cx_manager):
    services.preferences_update(
        user=cx_manager, deliveries={"case.assigned": "digest", "case.overdue": "off"}
    )
    _tell(cx_manager)
    _tell(cx_manager, key="case.overdue:1", kind="case.overdue")
    statuses = dict(Notification.objects.values_list("kind", "email_status"))
    assert statuses == {"case.assigned": "digest", "case.overdue": "none"}


def test_an_immediate_e_mail_goes_once(cx_manager):
    _tell(cx_manager)
    assert services.notifications_email_due() == 1
    assert services.notifications_email_due() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cx_manager.email]
    assert message.subject == "[Parcours] Case 1 (B. Counter) is assigned to you"
    assert "/feedback/cases/1/" in message.body
    assert Notification.objects.get().email_status == EmailStatus.SENT


def test_the_digest_goes_once_a_day_at_the_users_hour_with_everything_waiting(cx_manager):
    services.preferences_update(
        user=cx_manager,
        deliveries={"case.assigned": "digest", "case.overdue": "digest"},
        hour=9,
        time_zone="America/New_York",
    )
    _tell(cx_manager)
    _tell(cx_manager, key="case.overdue:2", kind="case.overdue", case=2)
    before_nine = datetime(2026, 3, 2, 13, 30, tzinfo=UTC)  # 08:30 in New York
    after_nine = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)

    services.notifications_deliver(now=before_nine)
    assert mail.outbox == []
    services.notifications_deliver(now=after_nine)
    _tell(cx_manager, key="case.overdue:3", kind="case.overdue", case=3)
    services.notifications_deliver(now=after_nine + timedelta(hours=2))

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[Parcours] 2 notifications today"
    assert "Case 1 (B. Counter) is assigned to you" in body
    assert "Case 2 (B. Counter) is overdue" in body
    assert "Case 3" not in body
    assert Digest.objects.get().day.isoformat() == "2026-03-02"
    # The next day's digest carries what came after.
    services.notifications_deliver(now=after_nine + timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Case 3 (B. Counter) is overdue" in mail.outbox[1].body


def test_the_bell_counts_the_unread(client, cx_manager, django_assert_num_queries):
    _tell(cx_manager)
    _tell(cx_manager, key="case.assigned:2", case=2)
    client.force_login(cx_manager)
    with django_assert_num_queries(3):  # session, user, count
        response = client.get("/notifications/bell/")
    assert response.status_code == 200
    assert b'data-unread="2"' in response.content


def test_the_page_loads_the_bell_after_itself(client, cx_manager):
    client.force_login(cx_manager)
    response = client.get("/notifications/")
    assert b'hx-get="/notifications/bell/"' in response.content


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client, cx_manager):
    _tell(cx_manager)
    notification = Notification.objects.get()
    client.force_login(cx_manager)

    response = client.get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/feedback/cases/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_a_404(client, cx_manager, viewer):
    _tell(cx_manager)
    client.force_login(viewer)
    pk = Notification.objects.get().pk
    assert client.get(f"/notifications/{pk}/").status_code == 404
    assert client.post(f"/notifications/{pk}/read/").status_code == 404


def test_mark_all_read(client, cx_manager):
    _tell(cx_manager)
    _tell(cx_manager, key="case.assigned:2", case=2)
    client.force_login(cx_manager)
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


@pytest.mark.parametrize(("size", "shown"), [(2, 2), (30, 25)])
def test_the_inbox_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size, shown
):
    for number in range(size):
        _tell(cx_manager, key=f"case.assigned:{number}", case=number)
    client.force_login(cx_manager)
    # session, user, count (pagination), the role badge's groups, the menu's user and group
    # permissions, the page
    with django_assert_num_queries(7):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.count(b'<li class="notification') == shown


def test_the_inbox_speaks_french(client, cx_manager):
    _tell(cx_manager)
    client.force_login(cx_manager)
    response = client.get("/notifications/", headers={"accept-language": "fr"})
    assert "La réclamation 1 (B. Counter) vous est attribuée" in response.content.decode()


def test_preferences_page_saves_the_choices(client, cx_manager):
    client.force_login(cx_manager)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    response = client.post(
        "/notifications/preferences/",
        {
            "hour": "7",
            "time_zone": "Europe/Paris",
            "kind:case.assigned": "digest",
            "kind:case.due_soon": "off",
            "kind:case.overdue": "immediately",
            "kind:case.escalated": "immediately",
            "kind:case.recovery_answered": "immediately",
            "kind:sla.breached": "immediately",
            "kind:interview.submitted": "immediately",
            "kind:interview.validated": "immediately",
            "kind:interview.sent_back": "immediately",
            "kind:register.entry_sent_back": "immediately",
            "kind:register.entry_due_for_review": "immediately",
            "kind:comment.mention": "digest",
            "kind:webhook.paused": "immediately",
        },
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=cx_manager, kind="case.assigned").delivery == (
        "digest"
    )
    assert NotificationPreference.objects.get(user=cx_manager, kind="comment.mention").delivery == (
        "digest"
    )
    assert cx_manager.digest_schedule.hour == 7


# The API


def test_the_api_lists_and_marks_the_callers_notifications(
    api_client, cx_manager, viewer, django_assert_num_queries
):
    _tell(cx_manager)
    _tell(cx_manager, key="case.assigned:2", case=2)
    _tell(viewer, key="case.assigned:3", case=3)
    api_client.force_authenticate(cx_manager)

    with django_assert_num_queries(2):  # count, page
        body = api_client.get("/api/v1/notifications/").json()
    assert body["count"] == 2
    assert body["results"][0]["title"] == "Case 2 (B. Counter) is assigned to you"
    first = body["results"][0]["id"]

    assert api_client.post(f"/api/v1/notifications/{first}/read/").json() == {"marked": 1}
    assert api_client.get("/api/v1/notifications/?unread=true").json()["count"] == 1
    assert api_client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    other = Notification.objects.get(recipient=viewer).pk
    assert api_client.post(f"/api/v1/notifications/{other}/read/").status_code == 404


def test_the_api_reads_and_changes_the_preferences(api_client, dpo):
    api_client.force_authenticate(dpo)
    body = api_client.get("/api/v1/notification-preferences/").json()
    assert body["deliveries"]["register.entry_due_for_review"] == "immediately"

    response = api_client.put(
        "/api/v1/notification-preferences/",
        {
            "deliveries": {"register.entry_due_for_review": "digest"},
            "digest_hour": 17,
            "time_zone": "Europe/Paris",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["deliveries"]["register.entry_due_for_review"] == "digest"
    assert response.json()["digest_hour"] == 17
    bad = api_client.put(
        "/api/v1/notification-preferences/",
        {"deliveries": {"nope": "digest"}, "digest_hour": 25, "time_zone": "Mars/Base"},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) >= {"deliveries", "digest_hour", "time_zone"}


def test_the_api_needs_a_user(api_client):
    assert api_client.get("/api/v1/notifications/").status_code in (401, 403)


def test_a_case_assigned_by_the_feedback_app_reaches_its_owner(cx_manager):
    stage = StageFactory()

    case = feedback_services.case_create(stage=stage, title="Phoned", owner=cx_manager)

    notification = Notification.objects.get(recipient=cx_manager)
    assert notification.kind == "case.assigned"
    assert notification.url == f"/feedback/cases/{case.pk}/"
    assert "Phoned" not in notification.title


def test_an_event_without_recipient_tells_nobody():
    announce("case.overdue", case_id=999999)
    assert Notification.objects.count() == 0
