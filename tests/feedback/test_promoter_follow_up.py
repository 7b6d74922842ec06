"""Promoters become ambassadors, by e-mail: a journey whose review link asks for it sends each
promoter (NPS 9-10) one e-mail inviting a public review; the click on it is counted."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback import selectors, services
from feedback.models import CustomerEmailStatus, PromoterFollowUp, ReviewClick
from journeys.models import Journey

from .factories import FollowUpRuleFactory, RespondentFactory, sent_invitation

pytestmark = pytest.mark.django_db

REVIEW_URL = "https://reviews.example.com/our-agency"


@pytest.fixture
def rule(db):
    return FollowUpRuleFactory()


def _answer(rule, nps, language="en"):
    invitation, token = sent_invitation(
        rule, external_ref=RespondentFactory().external_ref, language=language
    )
    mail.outbox.clear()
    return services.response_submit(token=token, answers={"nps": nps}), invitation


def _due_now():
    PromoterFollowUp.objects.update(send_after=timezone.now())


def _review_path(body: str) -> str:
    start = body.index("/s/review/")
    return body[start : body.index("\n", start)]


def test_a_promoter_gets_one_email_whose_click_is_counted(client, rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, follow_up_email=True)
    response, _invitation = _answer(rule, 10, language="fr")

    # Not before the delay (a day by default).
    assert services.invitations_dispatch_due()["promoter_follow_ups"] == 0
    _due_now()
    counts = [services.invitations_dispatch_due()["promoter_follow_ups"] for _ in range(2)]

    assert counts == [1, 0]
    [message] = mail.outbox
    assert message.subject == "Partageriez-vous votre expérience\N{NARROW NO-BREAK SPACE}?"
    assert "Laisser un avis public" in message.alternatives[0].content
    redirect = client.get(_review_path(message.body))
    assert (redirect.status_code, redirect["Location"]) == (302, REVIEW_URL)
    assert ReviewClick.objects.get().response == response
    rows = selectors.review_links_by_journey(list(Journey.objects.all()))
    assert [row.clicks for row in rows] == [1]


@pytest.mark.parametrize("nps", [6, 8])
def test_no_email_below_nine(rule, nps):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, follow_up_email=True)
    _answer(rule, nps)
    assert PromoterFollowUp.objects.count() == 0


def test_no_email_unless_the_journey_asks_for_it(rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL)
    _answer(rule, 10)
    assert PromoterFollowUp.objects.count() == 0


def test_a_promoter_who_unsubscribes_meanwhile_gets_nothing(rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, follow_up_email=True)
    _response, invitation = _answer(rule, 9)
    services.respondent_unsubscribe(token=services.unsubscribe_token(invitation=invitation))
    _due_now()
    services.invitations_dispatch_due()
    assert mail.outbox == []
    assert PromoterFollowUp.objects.get().status == CustomerEmailStatus.SUPPRESSED


def test_an_invitation_withdrawn_meanwhile_is_not_sent(rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, follow_up_email=True)
    _answer(rule, 9)
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, active=False)
    _due_now()
    services.invitations_dispatch_due()
    assert mail.outbox == []
    assert PromoterFollowUp.objects.get().status == CustomerEmailStatus.SUPPRESSED


def test_the_page_and_the_api_set_the_flag(client, cx_manager, token_client, rule):
    journey = rule.stage.journey
    client.force_login(cx_manager)
    response = client.post(
        reverse("feedback:review_link_update", args=[journey.pk]),
        {"url": REVIEW_URL, "active": "on", "follow_up_email": "on"},
    )
    assert response.status_code == 302
    assert journey.review_link.follow_up_email is True

    api = token_client(cx_manager)
    link = api.get("/api/v1/review-links/").json()["results"][0]
    assert link["follow_up_email"] is True
    changed = api.patch(
        f"/api/v1/review-links/{link['id']}/", {"follow_up_email": False}, format="json"
    )
    assert changed.json()["follow_up_email"] is False
    journey.review_link.refresh_from_db()
    assert (journey.review_link.active, journey.review_link.follow_up_email) == (True, False)
