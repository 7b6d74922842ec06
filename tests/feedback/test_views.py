from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import Case, Invitation, Respondent, Response
from feedback.services import rollups_rebuild

from .factories import FollowUpRuleFactory, ingest, sent_invitation

pytestmark = pytest.mark.django_db


def _survey_url(token):
    return reverse("survey:answer", args=[token])


def test_the_survey_page_needs_no_login_and_speaks_the_customers_language():
    _invitation, token = sent_invitation(language="fr")
    client = Client(enforce_csrf_checks=False)

    response = client.get(_survey_url(token))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Votre avis" in page
    assert 'type="radio"' in page
    assert response["Referrer-Policy"] == "same-origin"


def test_a_posted_answer_is_stored_without_any_session_and_thanks_the_customer():
    _invitation, token = sent_invitation()
    client = Client()

    response = client.post(
        _survey_url(token), {"nps": "3", "csat": "2", "ces": "6", "comment": "Queue"}
    )

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert "sessionid" not in response.cookies
    stored = Response.objects.get()
    assert (stored.nps, stored.csat, stored.ces, stored.comment) == (3, 2, 6, "Queue")
    assert Case.objects.get().response == stored


def test_a_missing_answer_is_shown_again_with_an_error_and_stores_nothing():
    _invitation, token = sent_invitation()

    response = Client().post(_survey_url(token), {"nps": "11", "csat": "2"})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Response.objects.count() == 0


def _invalid_page(client, token):
    response = client.get(_survey_url(token))
    return response.status_code, response.content.decode()


def test_answered_expired_and_tampered_links_show_the_same_page():
    client = Client()
    _answered, answered_token = sent_invitation(external_ref="A")
    services.response_submit(token=answered_token, answers={"nps": 9, "csat": 5, "ces": 1})
    expired, expired_token = sent_invitation(external_ref="B")
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    _other, valid_token = sent_invitation(external_ref="C")
    tampered_token = valid_token[:-3] + "abc"

    pages = {
        _invalid_page(client, token) for token in (answered_token, expired_token, tampered_token)
    }

    assert len(pages) == 1
    status, page = pages.pop()
    assert status == 404
    assert "This link is no longer valid" in page


def test_a_second_submission_through_the_same_link_is_refused():
    _invitation, token = sent_invitation()
    client = Client()
    client.post(_survey_url(token), {"nps": "9", "csat": "5", "ces": "1"})

    response = client.post(_survey_url(token), {"nps": "0", "csat": "1", "ces": "7"})

    assert response.status_code == 404
    assert Response.objects.get().nps == 9


def test_the_unsubscribe_page_asks_then_unsubscribes_on_post():
    invitation, _token = sent_invitation()
    url = reverse("survey:unsubscribe", args=[services.unsubscribe_token(invitation=invitation)])
    client = Client(enforce_csrf_checks=True)

    assert client.get(url).status_code == 200
    assert Respondent.objects.get().unsubscribed_at is None
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Respondent.objects.get().unsubscribed_at is not None


def test_a_survey_token_does_not_unsubscribe():
    _invitation, token = sent_invitation()
    response = Client().post(reverse("survey:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert Respondent.objects.get().unsubscribed_at is None


@pytest.mark.parametrize(
    "name",
    [
        "feedback:index",
        "feedback:invitation_list",
        "feedback:case_list",
        "feedback:rule_list",
        "feedback:template_list",
    ],
)
def test_staff_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_viewer_sees_the_dashboard_but_not_the_sent_emails(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("feedback:index")).status_code == 200
    assert client.get(reverse("feedback:sent_emails")).status_code == 403


def _answered(rule, *, nps, csat=None, month):
    reference = f"CUST-{month}-{nps}-{csat}"
    event, _created = ingest(rule, external_ref=reference, email=f"{reference}@example.com")
    invitation = event.invitations.get()
    Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.ANSWERED)
    Response.objects.create(
        invitation=invitation,
        nps=nps,
        csat=csat,
        language="en",
        submitted_at=timezone.make_aware(datetime(2026, month, 15, 12)),
    )
    # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
    rollups_rebuild()


@pytest.mark.parametrize(("language", "title"), [("en", "NPS per month"), ("fr", "NPS par mois")])
def test_the_nps_trend_is_drawn_with_dots_in_every_language(client, viewer, language, title):
    """March: NPS 33.3; April: no NPS (the line breaks); May: NPS 0. A float in a French
    template reads "58,7", which SVG does not."""
    rule = FollowUpRuleFactory()
    for nps in (10, 9, 0):
        _answered(rule, nps=nps, month=3)
    _answered(rule, nps=None, csat=4, month=4)
    for nps in (10, 6):
        _answered(rule, nps=nps, month=5)
    client.force_login(viewer)

    page = client.get(reverse("feedback:index"), headers={"accept-language": language}).text

    assert f'<title id="trend-title">{title}</title>' in page
    assert 'viewBox="0 0 180 160"' in page
    assert '<line x1="0" x2="180" y1="80.0" y2="80.0" class="trend-zero">' in page
    assert (
        '<polyline points="30,58.7" class="trend-line"></polyline>'
        '<polyline points="150,80" class="trend-line"></polyline>'
    ) in page
    assert '<circle cx="30.0" cy="58.7" r="4" class="trend-dot">' in page
    assert '<circle cx="150.0" cy="80.0" r="4" class="trend-dot">' in page
    assert '<text x="90.0" y="158" class="trend-label">' in page


def test_the_sent_emails_page_lists_the_survey_links(client, cx_manager):
    invitation, token = sent_invitation()
    client.force_login(cx_manager)

    page = client.get(reverse("feedback:sent_emails")).content.decode()

    # The signature carries a timestamp, so compare the signed payload (invitation and nonce).
    payload = token.split(":")[0]
    assert f"/s/{payload}:" in page
    assert invitation.respondent.email in page


def test_dispatch_now_enqueues_the_task_on_commit_and_sends_nothing_itself(
    client, cx_manager, django_capture_on_commit_callbacks, monkeypatch
):
    """The page answers at once; a worker sends the e-mails once the request has committed."""
    ingest(FollowUpRuleFactory(delay_minutes=0))
    sent_tasks = []
    monkeypatch.setattr(
        "feedback.tasks.invitations_dispatch_task.apply_async",
        lambda **options: sent_tasks.append(options),
    )
    client.force_login(cx_manager)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("feedback:dispatch_now"), follow=True)

    assert response.redirect_chain == [(reverse("feedback:sent_emails"), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Sending requested: the e-mails due go out in a moment."
    ]
    assert mail.outbox == []
    assert Invitation.objects.get().status == Invitation.Status.SCHEDULED
    assert sent_tasks == []
    for callback in callbacks:
        callback()
    assert sent_tasks == [{"retry": False}]


def test_the_invitation_list_hides_emails_from_a_viewer(client, viewer):
    invitation, _token = sent_invitation()
    client.force_login(viewer)
    page = client.get(reverse("feedback:invitation_list")).content.decode()
    assert invitation.respondent.email not in page
    assert f"#{invitation.respondent_id}" in page


def test_a_cx_manager_updates_a_case_and_logs_an_action(client, cx_manager):
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 2})
    case = Case.objects.get()
    client.force_login(cx_manager)
    url = reverse("feedback:case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert "70\N{EN DASH}80 %" in page

    client.post(url, {"text": "Called the customer."})
    response = client.post(
        url,
        {
            "title": case.title,
            "status": "resolved",
            "category": "temporal",
            "severity": "3",
            "due_at": case.due_at.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    compensation = client.post(
        reverse("feedback:case_compensation", args=[case.pk]),
        {
            "harm_amount": "100",
            "compensation_offered": "75",
            "interactional_justice": "Apologised.",
        },
    )

    assert (response.status_code, compensation.status_code) == (302, 302)
    case.refresh_from_db()
    assert (case.status, case.category, case.compensation_offered) == ("resolved", "temporal", 75)
    assert [entry.text for entry in case.log_entries.all()] == [
        "Called the customer.",
        "open → resolved",
        "Recovery survey queued for the customer.",
    ]
    assert (
        "Guideline: 70\N{EN DASH}80 % of the harm, so between 70.00 and 80.00."
        in client.get(url).content.decode()
    )


def test_a_case_update_in_error_opens_on_its_error_and_an_empty_log_is_no_list(client, cx_manager):
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 2})
    case = Case.objects.get()
    case.log_entries.all().delete()
    client.force_login(cx_manager)
    url = reverse("feedback:case_detail", args=[case.pk])

    response = client.post(url, {"title": "", "status": "resolved"})

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count(" autofocus>") == 1
    assert 'role="alert" tabindex="-1" autofocus>Nothing was saved' in page
    assert '<p class="case-log-empty">Nothing logged yet.</p>' in page
    assert '<ol class="case-log">' not in page


def test_a_viewer_cannot_update_a_case(client, viewer):
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 2})
    case = Case.objects.get()
    client.force_login(viewer)
    url = reverse("feedback:case_detail", args=[case.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "x"}).status_code == 403
    assert case.log_entries.count() == 0


def test_a_cx_manager_creates_a_rule_from_the_page(client, cx_manager):
    existing = FollowUpRuleFactory()
    client.force_login(cx_manager)

    response = client.post(
        reverse("feedback:rule_list"),
        {
            "name": "After return",
            "stage": existing.stage_id,
            "template": existing.template_id,
            "delay_minutes": "30",
            "expires_after_days": "7",
            "fatigue_days": "30",
            "active": "on",
        },
    )

    assert response.status_code == 302
    assert existing.stage.follow_up_rules.filter(name="After return", delay_minutes=30).exists()


def test_the_invitation_list_filters_by_rule_name_and_due_date(client, cx_manager):
    return_rule = FollowUpRuleFactory(name="After car return")
    booking_rule = FollowUpRuleFactory(name="After booking")
    ingest(return_rule, external_ref="A", occurred_at=timezone.now() - timedelta(days=3))
    ingest(return_rule, external_ref="B", occurred_at=timezone.now())
    ingest(booking_rule, external_ref="C", occurred_at=timezone.now())
    client.force_login(cx_manager)
    today = timezone.localdate().isoformat()

    response = client.get(f"/feedback/invitations/?q=RETURN&send_after_from={today}")

    assert [i.respondent.external_ref for i in response.context["page"].object_list] == ["B"]


@pytest.mark.parametrize(
    ("language", "due"), [("en", "2 Dec 2026, 05:55"), ("fr", "2 déc. 2026, 05:55")]
)
def test_a_cases_due_date_reads_the_same_in_every_country(client, cx_manager, language, due):
    """12/02/2026 is the 2nd of December in Paris and the 12th of February in Boston."""
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 2})
    case = Case.objects.get()
    case.due_at = timezone.make_aware(datetime(2026, 12, 2, 5, 55))
    case.save(update_fields=["due_at"])
    client.force_login(cx_manager)

    page = client.get(
        reverse("feedback:case_detail", args=[case.pk]), headers={"accept-language": language}
    ).text

    assert f" {due}" in page
    assert 'value="2026-12-02T05:55"' in page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_iso_date_still_filters_the_invitations_in_every_language(client, cx_manager, language):
    rule = FollowUpRuleFactory()
    ingest(rule, external_ref="A", occurred_at=timezone.now())
    client.force_login(cx_manager)
    today = timezone.localdate().isoformat()

    response = client.get(
        f"/feedback/invitations/?send_after_from={today}", headers={"accept-language": language}
    )

    assert response.context["filter_form"].errors == {}
    assert [i.respondent.external_ref for i in response.context["page"].object_list] == ["A"]
