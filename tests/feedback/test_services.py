from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback import services
from feedback.models import Case, Invitation, Respondent, Response, ServiceEvent

from .factories import FollowUpRuleFactory, RespondentFactory, ingest, sent_invitation
from .mail_backends import CountingBackend

pytestmark = pytest.mark.django_db


def test_a_repeated_idempotency_key_returns_the_first_event_and_creates_nothing():
    """Given an event already received, when the same key comes again, nothing is added."""
    rule = FollowUpRuleFactory()
    first, created = ingest(rule, key="return-1")

    again, created_again = ingest(rule, key="return-1", email="other@example.com")

    assert (created, created_again) == (True, False)
    assert again == first
    assert ServiceEvent.objects.count() == 1
    assert Invitation.objects.count() == 1
    assert Respondent.objects.get().email == "jane@example.com"


def test_an_event_schedules_one_invitation_per_matching_active_rule(
    django_capture_on_commit_callbacks,
):
    rule = FollowUpRuleFactory(delay_minutes=90, reminder_after_days=3, expires_after_days=7)
    FollowUpRuleFactory(stage=rule.stage, active=False)
    FollowUpRuleFactory()  # another stage
    occurred_at = timezone.now()

    with django_capture_on_commit_callbacks() as callbacks:
        event, _created = ingest(rule, occurred_at=occurred_at)

    invitation = Invitation.objects.get()
    assert invitation.event == event
    assert invitation.status == Invitation.Status.SCHEDULED
    assert invitation.send_after == occurred_at + timedelta(minutes=90)
    assert invitation.expires_at == occurred_at + timedelta(minutes=90, days=7)
    # Not due yet: beat will pick it up, no nudge is sent.
    assert callbacks == []


def test_an_event_due_now_nudges_the_dispatch_task_on_commit(django_capture_on_commit_callbacks):
    rule = FollowUpRuleFactory(delay_minutes=0)
    with django_capture_on_commit_callbacks() as callbacks:
        ingest(rule)
    assert len(callbacks) == 1


def test_an_unsubscribed_customer_gets_a_suppressed_invitation_with_its_reason():
    rule = FollowUpRuleFactory()
    RespondentFactory(external_ref="CUST-1", unsubscribed_at=timezone.now())

    ingest(rule, external_ref="CUST-1")

    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SUPPRESSED
    assert invitation.suppression_reason == Invitation.SuppressionReason.UNSUBSCRIBED
    services.invitations_dispatch_due()
    assert mail.outbox == []


def test_a_customer_without_email_gets_a_suppressed_invitation():
    ingest(FollowUpRuleFactory(), email="")
    invitation = Invitation.objects.get()
    assert invitation.suppression_reason == Invitation.SuppressionReason.NO_EMAIL


def test_the_fatigue_window_spares_a_customer_surveyed_recently():
    """Given an invitation sent 10 days ago, a rule with a 30-day window suppresses the next."""
    rule = FollowUpRuleFactory(fatigue_days=30)
    first, _token = sent_invitation(rule)
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(days=10))

    event, _created = ingest(rule)

    second = event.invitations.get()
    assert second.status == Invitation.Status.SUPPRESSED
    assert second.suppression_reason == Invitation.SuppressionReason.FATIGUE


def test_after_the_fatigue_window_the_customer_is_surveyed_again():
    rule = FollowUpRuleFactory(fatigue_days=30)
    first, _token = sent_invitation(rule)
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(days=31))

    event, _created = ingest(rule)

    assert event.invitations.get().status == Invitation.Status.SCHEDULED


def test_dispatch_sends_one_multipart_email_per_invitation_even_when_run_twice():
    rule = FollowUpRuleFactory(reminder_after_days=2)
    ingest(rule, external_ref="A", email="a@example.com", language="fr")
    ingest(rule, external_ref="B", email="b@example.com")

    first = services.invitations_dispatch_due()
    second = services.invitations_dispatch_due()

    assert first["sent"] == 2
    assert second["sent"] == 0
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.com", "b@example.com"]
    french = next(message for message in mail.outbox if message.to == ["a@example.com"])
    french_invitation = Invitation.objects.get(respondent__external_ref="A")
    assert french.subject == "Une minute pour nous donner votre avis ?"
    assert "/s/" in french.body
    assert french.alternatives[0].mimetype == "text/html"
    assert french.extra_headers["List-Unsubscribe"].startswith("<http://")
    assert french.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    survey_id = french.message()["Message-ID"]
    assert survey_id == f"<parcours.invitation.{french_invitation.pk}.survey@127.0.0.1>"
    invitation = french_invitation
    assert invitation.status == Invitation.Status.SENT
    assert invitation.attempts == 1
    assert invitation.reminder_due_at == invitation.sent_at + timedelta(days=2)


def test_a_batch_sends_over_one_connection_renewed_every_n_messages(settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": "tests.feedback.mail_backends.CountingBackend"}}
    CountingBackend.opened = 0
    monkeypatch.setattr(services, "MESSAGES_PER_CONNECTION", 2)
    rule = FollowUpRuleFactory()
    for number in range(5):
        ingest(rule, external_ref=f"N{number}", email=f"n{number}@example.com")

    counts = services.invitations_dispatch_due()

    assert counts["sent"] == len(mail.outbox) == 5
    assert CountingBackend.opened == 3


def test_a_row_already_claimed_by_another_run_is_not_sent_again():
    """A row in `sending` belongs to the run that claimed it; a second run leaves it alone."""
    ingest(FollowUpRuleFactory())
    Invitation.objects.update(status=Invitation.Status.SENDING, claimed_at=timezone.now())

    counts = services.invitations_dispatch_due()

    assert counts["sent"] == 0
    assert mail.outbox == []


def test_a_claim_abandoned_by_a_killed_worker_is_sent_after_the_lease():
    ingest(FollowUpRuleFactory())
    Invitation.objects.update(
        status=Invitation.Status.SENDING,
        claimed_at=timezone.now() - services.SENDING_LEASE - timedelta(seconds=1),
    )

    counts = services.invitations_dispatch_due()

    assert (counts["recovered"], counts["sent"]) == (1, 1)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_later_with_its_error(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.feedback.failing_backend.FailingBackend"}}
    ingest(FollowUpRuleFactory())

    counts = services.invitations_dispatch_due()

    invitation = Invitation.objects.get()
    assert counts["failed"] == 1
    assert invitation.status == Invitation.Status.SCHEDULED
    assert invitation.attempts == 1
    assert invitation.send_after > timezone.now()
    assert invitation.error == "ConnectionRefusedError"


def test_a_due_reminder_is_sent_once():
    rule = FollowUpRuleFactory(reminder_after_days=3)
    invitation, _token = sent_invitation(rule)
    Invitation.objects.filter(pk=invitation.pk).update(reminder_due_at=timezone.now())
    mail.outbox.clear()

    services.invitations_dispatch_due()
    services.invitations_dispatch_due()

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REMINDED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Reminder")
    assert (
        mail.outbox[0]
        .message()["Message-ID"]
        .startswith(f"<parcours.invitation.{invitation.pk}.reminder@")
    )


def test_an_invitation_past_its_expiry_expires_and_is_never_sent():
    ingest(FollowUpRuleFactory())
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    counts = services.invitations_dispatch_due()

    assert counts["expired"] == 1
    assert Invitation.objects.get().status == Invitation.Status.EXPIRED
    assert mail.outbox == []


def test_a_link_is_used_up_by_its_response():
    invitation, token = sent_invitation()

    services.response_submit(token=token, answers={"nps": 9, "csat": 5, "ces": 2})
    with pytest.raises(services.InvalidLink):
        services.response_submit(token=token, answers={"nps": 0, "csat": 1, "ces": 7})

    response = Response.objects.get()
    assert (response.nps, response.csat, response.ces) == (9, 5, 2)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ANSWERED
    assert Case.objects.count() == 0


def test_a_tampered_token_is_refused():
    _invitation, token = sent_invitation()
    with pytest.raises(services.InvalidLink):
        services.response_submit(token=token[:-2] + "xx", answers={"nps": 9})
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("answers", "opens"),
    [
        ({"nps": 6, "csat": 3, "ces": 5}, True),
        ({"nps": 7, "csat": 3, "ces": 5}, False),
        ({"nps": 9, "csat": 2, "ces": 1}, True),
        ({"nps": 9, "csat": 3, "ces": 1}, False),
        ({"nps": 9, "csat": 5, "ces": 6}, True),
        ({"nps": 9, "csat": 5, "ces": 5}, False),
    ],
)
def test_a_low_score_opens_a_case_due_after_the_setting(settings, answers, opens):
    settings.FEEDBACK_CASE_DEADLINE_SECONDS = {
        "critical": 4 * 3600,
        "high": 24 * 3600,
        "medium": 24 * 3600,
        "low": 5 * 24 * 3600,
    }
    _invitation, token = sent_invitation()

    response = services.response_submit(token=token, answers=answers)

    assert Case.objects.count() == (1 if opens else 0)
    if opens:
        case = Case.objects.get()
        assert case.response == response
        assert case.status == Case.Status.OPEN
        assert case.due_at == response.submitted_at + timedelta(hours=24)


def test_unsubscribing_stops_the_invitations_not_sent_yet():
    rule = FollowUpRuleFactory()
    invitation, _token = sent_invitation(rule)
    pending, _created = ingest(
        FollowUpRuleFactory(stage=rule.stage, fatigue_days=0), external_ref="CUST-1"
    )
    # (The first rule's second invitation is fatigue-suppressed; the 0-day rule's is scheduled.)
    scheduled = pending.invitations.get(status=Invitation.Status.SCHEDULED)

    respondent = services.respondent_unsubscribe(
        token=services.unsubscribe_token(invitation=invitation)
    )

    assert respondent.unsubscribed_at is not None
    scheduled.refresh_from_db()
    assert scheduled.suppression_reason == Invitation.SuppressionReason.UNSUBSCRIBED


def test_overdue_open_cases_are_flagged_once():
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 0})
    Case.objects.update(due_at=timezone.now() - timedelta(minutes=1))

    assert services.cases_flag_overdue() == 1
    assert services.cases_flag_overdue() == 0
    assert Case.objects.get().overdue_since is not None
