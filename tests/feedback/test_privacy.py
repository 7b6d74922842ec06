"""What the sending of invitations leaves behind: no address in an invitation's error nor in
the log, and detailed errors only for the roles that may see respondents."""

import logging
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from feedback import services
from feedback.models import Invitation

from .factories import FollowUpRuleFactory, ingest, sent_invitation

pytestmark = pytest.mark.django_db

ADDRESS = "refused.customer@example.com"
REFUSING = {"default": {"BACKEND": "tests.feedback.failing_backend.RefusingBackend"}}


def _refused_invitation(settings) -> Invitation:
    settings.MAILERS = REFUSING
    ingest(FollowUpRuleFactory(), external_ref="CUST-REFUSED", email=ADDRESS)
    counts = services.invitations_dispatch_due()
    assert counts["failed"] == 1
    return Invitation.objects.get()


def test_a_refused_recipient_leaves_the_error_class_and_smtp_code_only(settings):
    invitation = _refused_invitation(settings)

    assert invitation.error == "SMTPRecipientsRefused (550)"
    assert invitation.status == Invitation.Status.SCHEDULED
    assert invitation.attempts == 1


@pytest.mark.parametrize("role", [Role.INTERVIEWER, Role.DPO, Role.VIEWER])
def test_roles_that_may_not_see_respondents_see_no_sending_error(
    role, settings, client, token_client, user_with_role
):
    _refused_invitation(settings)
    user = user_with_role(role)
    client.force_login(user)

    page = client.get(reverse("feedback:invitation_list")).content.decode()
    rows = token_client(user).get("/api/v1/invitations/").json()["results"]

    assert ADDRESS not in page
    assert "SMTPRecipientsRefused" not in page
    assert [row["error"] for row in rows] == [None]
    assert ADDRESS not in str(rows)


@pytest.mark.parametrize("role", [Role.CX_MANAGER])
def test_roles_that_may_see_respondents_see_the_error_class_and_code(
    role, settings, client, token_client, user_with_role
):
    _refused_invitation(settings)
    user = user_with_role(role)
    client.force_login(user)

    page = client.get(reverse("feedback:invitation_list")).content.decode()
    rows = token_client(user).get("/api/v1/invitations/").json()["results"]

    assert "<small>SMTPRecipientsRefused (550)</small>" in page
    assert [row["error"] for row in rows] == ["SMTPRecipientsRefused (550)"]


def test_a_refused_invitation_logs_neither_the_address_nor_the_reference(settings, caplog):
    with caplog.at_level(logging.INFO):
        invitation = _refused_invitation(settings)

    assert [record.getMessage() for record in caplog.records] == [
        f"invitation {invitation.pk} not sent: SMTPRecipientsRefused (550)"
    ]
    assert ADDRESS not in caplog.text
    assert "CUST-REFUSED" not in caplog.text


def test_a_refused_reminder_logs_neither_the_address_nor_the_reference(settings, caplog):
    invitation, _token = sent_invitation(
        FollowUpRuleFactory(reminder_after_days=3), external_ref="CUST-REFUSED", email=ADDRESS
    )
    Invitation.objects.filter(pk=invitation.pk).update(reminder_due_at=timezone.now())
    settings.MAILERS = REFUSING

    with caplog.at_level(logging.INFO):
        counts = services.invitations_dispatch_due()

    assert counts["reminded"] == 0
    assert [record.getMessage() for record in caplog.records] == [
        f"reminder of invitation {invitation.pk} not sent: SMTPRecipientsRefused (550)"
    ]
    assert ADDRESS not in caplog.text
    assert "CUST-REFUSED" not in caplog.text


def test_the_migration_strips_addresses_from_the_errors_already_stored():
    ingest(FollowUpRuleFactory(), external_ref="CUST-1", email=ADDRESS)
    ingest(FollowUpRuleFactory(), external_ref="CUST-2", email="other@example.com")
    ingest(FollowUpRuleFactory(), external_ref="CUST-3", email="third@example.com")
    first, second, _third = Invitation.objects.order_by("pk")
    Invitation.objects.filter(pk=first.pk).update(
        error=f"{{'{ADDRESS}': (550, b'5.1.1 <{ADDRESS}>: Recipient address rejected')}}"
    )
    Invitation.objects.filter(pk=second.pk).update(error="mail server down")
    migration = import_module("feedback.migrations.0004_invitation_error_without_address")

    migration.errors_without_address(apps, schema_editor=None)

    assert list(Invitation.objects.order_by("pk").values_list("error", flat=True)) == [
        "SMTP error (550)",
        "unknown error",
        "",
    ]


SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "mail.example.com", "port": 587, "use_tls": True},
    }
}
SENT_EMAILS_LINK = '<a href="/feedback/sent-emails/"'


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem"])
def test_the_sent_emails_page_exists_with_a_development_mail_backend(
    backend, settings, client, cx_manager, tmp_path
):
    _invitation, token = sent_invitation()
    options = {"file_path": str(tmp_path)} if backend == "filebased" else {}
    settings.MAILERS = {
        "default": {
            "BACKEND": f"django.core.mail.backends.{backend}.EmailBackend",
            "OPTIONS": options,
        }
    }
    client.force_login(cx_manager)

    response = client.get(reverse("feedback:sent_emails"))
    invitations_page = client.get(reverse("feedback:invitation_list")).content.decode()

    assert response.status_code == 200
    assert f"/s/{token.split(':')[0]}:" in response.content.decode()
    assert SENT_EMAILS_LINK in invitations_page


def test_with_smtp_the_sent_emails_page_is_not_found_and_has_no_link(settings, client, cx_manager):
    invitation, token = sent_invitation()
    settings.MAILERS = SMTP
    client.force_login(cx_manager)

    response = client.get(reverse("feedback:sent_emails"))
    invitations_page = client.get(reverse("feedback:invitation_list")).content.decode()

    assert response.status_code == 404
    assert token.split(":")[0] not in response.content.decode()
    assert invitation.respondent.email not in response.content.decode()
    assert SENT_EMAILS_LINK not in invitations_page
    assert "/s/" not in invitations_page


def test_with_smtp_dispatch_now_goes_back_to_the_invitations(
    settings, client, cx_manager, monkeypatch
):
    sent_tasks = []
    monkeypatch.setattr(
        "feedback.tasks.invitations_dispatch_task.apply_async",
        lambda **options: sent_tasks.append(options),
    )
    settings.MAILERS = SMTP
    client.force_login(cx_manager)

    response = client.post(reverse("feedback:dispatch_now"))

    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:invitation_list")
