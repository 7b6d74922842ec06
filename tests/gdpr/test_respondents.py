"""Parcours' own GDPR: a DPO finds, exports and erases a respondent, retention purges the
expired ones; no personal data stays, scores do not move, and every access is logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import selectors as feedback_selectors
from feedback import services as feedback_services
from feedback.models import Case, CaseLogEntry, Invitation, Respondent, Response
from gdpr import services
from gdpr.models import RespondentAccess
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, ingest

pytestmark = pytest.mark.django_db


def _answered(rule, external_ref, email, nps=3, comment="My name is Jane Roe, call me"):
    """A respondent who answered a survey as a detractor; their case has a note."""
    event, _created = ingest(rule, external_ref=external_ref, email=email)
    feedback_services.invitations_dispatch_due()
    invitation = event.invitations.get()
    feedback_services.response_submit(
        token=feedback_services.invitation_token(invitation=invitation),
        answers={"nps": nps, "csat": 2, "ces": 6, "comment": comment},
    )
    case = invitation.response.case
    feedback_services.case_log_add(
        case=case, author=UserFactory(), text="Called Jane Roe on +33 6 12 34 56 78"
    )
    return Respondent.objects.get(external_ref=external_ref)


@pytest.fixture
def rule():
    return FollowUpRuleFactory()


@pytest.fixture
def jane(rule):
    return _answered(rule, "CUST-JANE", "jane.roe@example.com")


def _personal_data_left(respondent_id: int) -> list[str]:
    respondent = Respondent.objects.get(pk=respondent_id)
    left = [value for value in (respondent.email,) if value]
    if "JANE" in respondent.external_ref:
        left.append(respondent.external_ref)
    left += [
        r.comment
        for r in Response.objects.filter(invitation__respondent=respondent_id)
        if r.comment
    ]
    left += [
        e.text
        for e in CaseLogEntry.objects.filter(case__respondent=respondent_id)
        if "Jane" in e.text
    ]
    return left


def test_the_dpo_finds_a_respondent_by_email_or_reference_and_it_is_logged(client, dpo, jane):
    client.force_login(dpo)
    by_email = client.post("/register/respondents/", {"q": "JANE.ROE@example.com"})
    assert [r.pk for r in by_email.context["respondents"]] == [jane.pk]
    by_ref = client.post("/register/respondents/", {"q": "cust-jane"})
    assert [r.pk for r in by_ref.context["respondents"]] == [jane.pk]
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "viewed", dpo.pk),
        (jane.pk, "viewed", dpo.pk),
    ]


@pytest.mark.parametrize("role", ["cx_manager", "interviewer", "viewer"])
def test_only_the_dpo_handles_respondents(client, user_with_role, role, jane):
    client.force_login(user_with_role(role))
    assert client.post("/register/respondents/", {"q": jane.email}).status_code == 403
    assert client.get(f"/register/respondents/{jane.pk}/export/").status_code == 403
    assert client.post(f"/register/respondents/{jane.pk}/erase/").status_code == 403
    assert client.get("/register/respondents/access-log/").status_code == 403
    jane.refresh_from_db()
    assert jane.email == "jane.roe@example.com"
    assert not RespondentAccess.objects.exists()


def test_the_export_holds_everything_and_is_logged(client, dpo, jane):
    client.force_login(dpo)
    response = client.get(f"/register/respondents/{jane.pk}/export/")
    data = response.json()
    assert data["respondent"]["email"] == "jane.roe@example.com"
    assert data["respondent"]["external_ref"] == "CUST-JANE"
    [event] = data["service_events"]
    assert event["source"] == "rental-desk"
    [invitation] = data["invitations"]
    assert invitation["response"]["nps"] == 3
    assert invitation["response"]["comment"] == "My name is Jane Roe, call me"
    [case] = data["cases"]
    assert case["log"][0]["text"] == "Called Jane Roe on +33 6 12 34 56 78"
    assert RespondentAccess.objects.get().action == "exported"


def test_erasure_leaves_no_personal_data_keeps_scores_and_is_logged(client, dpo, rule, jane):
    other = _answered(rule, "CUST-OTHER", "other@example.com", nps=10, comment="Great")
    scores_before = feedback_selectors.scores_get(stage_id=rule.stage_id)
    client.force_login(dpo)
    assert (
        "Erase respondent “CUST-JANE”?"
        in client.get(f"/register/respondents/{jane.pk}/erase/").text
    )
    assert _personal_data_left(jane.pk) != []

    response = client.post(f"/register/respondents/{jane.pk}/erase/")

    assert response.status_code == 302
    assert _personal_data_left(jane.pk) == []
    jane.refresh_from_db()
    assert jane.external_ref == ""
    assert jane.erased_at is not None
    assert feedback_selectors.scores_get(stage_id=rule.stage_id) == scores_before
    assert Response.objects.filter(invitation__respondent=jane).get().nps == 3
    assert (
        client.post("/register/respondents/", {"q": "jane.roe@example.com"}).context["respondents"]
        == []
    )
    other.refresh_from_db()
    assert (other.email, other.external_ref) == ("other@example.com", "CUST-OTHER")
    assert Response.objects.get(invitation__respondent=other).comment == "Great"
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "erased", dpo.pk),
        (jane.pk, "viewed", dpo.pk),
    ]


def test_retention_purges_only_expired_respondents_and_logs_it(settings, rule, jane):
    settings.GDPR_RESPONDENT_RETENTION_MONTHS = 12
    recent = _answered(rule, "CUST-RECENT", "recent@example.com")
    long_ago = timezone.now() - timedelta(days=400)
    Respondent.objects.filter(pk=jane.pk).update(created_at=long_ago)
    jane.events.update(received_at=long_ago)
    scores_before = feedback_selectors.scores_get(stage_id=rule.stage_id)

    assert services.respondents_purge_expired() == 1

    assert _personal_data_left(jane.pk) == []
    recent.refresh_from_db()
    assert recent.email == "recent@example.com"
    assert feedback_selectors.scores_get(stage_id=rule.stage_id) == scores_before
    assert list(RespondentAccess.objects.values_list("respondent_id", "action", "user")) == [
        (jane.pk, "purged", None)
    ]
    # Erased respondents are not purged again.
    assert services.respondents_purge_expired() == 0
    assert RespondentAccess.objects.count() == 1


def test_retention_erases_a_phone_complaint_closed_long_ago_and_keeps_the_others(settings, rule):
    settings.GDPR_RESPONDENT_RETENTION_MONTHS = 12

    def phone_complaint(title, status):
        case = feedback_services.case_create(
            stage=rule.stage,
            title=title,
            channel="phone",
            description="Mrs Roe, 06 12 34 56 78, waited an hour",
            contact_name="Jane Roe",
            contact_email="jane.roe@example.com",
            contact_phone="06 12 34 56 78",
            harm_amount=80,
        )
        feedback_services.case_update(case=case, data={"status": status})
        return case

    old = phone_complaint("Jane Roe waited an hour", "resolved")
    still_open = phone_complaint("Jane Roe's second call", "in_progress")
    recent = phone_complaint("Jane Roe called again", "closed")
    long_ago = timezone.now() - timedelta(days=400)
    Case.objects.filter(pk__in=[old.pk, still_open.pk]).update(updated_at=long_ago)

    services.respondents_purge_expired()

    erased = Case.objects.get(pk=old.pk)
    assert (
        erased.title,
        erased.description,
        erased.contact_name,
        erased.contact_email,
        erased.contact_phone,
        erased.harm_amount,
    ) == ("[erased]", "", "", "", "", 80)
    assert set(CaseLogEntry.objects.filter(case=old).values_list("text", flat=True)) == {"[erased]"}
    for kept in (still_open, recent):
        kept = Case.objects.get(pk=kept.pk)
        assert (kept.contact_name, kept.contact_phone) == ("Jane Roe", "06 12 34 56 78")
    assert feedback_services.case_contacts_erase_expired(before=timezone.now()) == 1


def test_the_beat_schedule_runs_the_purge(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["gdpr-respondents-purge-expired"]
    assert entry["task"] == "gdpr.tasks.respondents_purge_expired_task"
    from gdpr.tasks import respondents_purge_expired_task

    assert respondents_purge_expired_task.name == entry["task"]


def test_the_access_log_page_lists_accesses(client, dpo, jane):
    services.respondent_export(respondent_id=jane.pk, user=dpo)
    client.force_login(dpo)
    page = client.get("/register/respondents/access-log/")
    assert [(a.action, a.respondent_id) for a in page.context["page"].object_list] == [
        ("exported", jane.pk)
    ]
    assert Invitation.objects.filter(respondent=jane).count() == 1
