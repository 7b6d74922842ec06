"""Promoters become ambassadors: the review invitation after 9 or 10, its signed redirect
(never an open one) and its click count."""

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from feedback import selectors, services
from feedback.models import ReviewClick
from journeys.models import Journey

from .factories import FollowUpRuleFactory, RespondentFactory, sent_invitation

REVIEW_URL = "https://reviews.example.com/our-agency"


@pytest.fixture
def rule(db):
    return FollowUpRuleFactory()


def _answer(client, rule, nps, language="en"):
    _invitation, token = sent_invitation(
        rule, external_ref=RespondentFactory().external_ref, language=language
    )
    return client.post(reverse("survey:answer", args=[token]), {"nps": nps, "csat": 3, "ces": 3})


def _review_path(page: str) -> str:
    start = page.index('href="/s/review/') + len('href="')
    return page[start : page.index('"', start)]


def test_a_promoter_is_invited_and_the_click_is_counted_then_redirected(client, rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL)
    page = _answer(client, rule, 10).content.decode()
    assert "Leave a public review" in page
    response = client.get(_review_path(page))
    assert response.status_code == 302
    assert response["Location"] == REVIEW_URL
    assert ReviewClick.objects.count() == 1
    rows = selectors.review_links_by_journey(list(Journey.objects.all()))
    assert [row.clicks for row in rows] == [1]


def test_the_invitation_is_in_the_customers_language(client, rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL)
    page = _answer(client, rule, 9, language="fr").content.decode()
    assert "Laisser un avis public" in page


@pytest.mark.parametrize("nps", [0, 6, 8])
def test_no_invitation_below_nine(client, rule, nps):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL)
    assert "/s/review/" not in _answer(client, rule, nps).content.decode()


def test_no_invitation_without_an_active_link(client, rule):
    assert "/s/review/" not in _answer(client, rule, 10).content.decode()
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL, active=False)
    assert "/s/review/" not in _answer(client, rule, 10).content.decode()


def test_a_tampered_or_forged_link_redirects_nowhere(client, rule):
    services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL)
    forged = signing.dumps("https://evil.example", salt="other")
    for token in ("nonsense", forged):
        response = client.get(reverse("survey:review", args=[token]))
        assert response.status_code == 404
    assert not ReviewClick.objects.exists()


def test_a_link_turned_off_after_the_answer_redirects_nowhere(client, rule):
    link = services.review_link_set(journey=rule.stage.journey, url=REVIEW_URL)
    path = _review_path(_answer(client, rule, 10).content.decode())
    services.review_link_set(journey=link.journey, url=REVIEW_URL, active=False)
    assert client.get(path).status_code == 404
    assert not ReviewClick.objects.exists()


@pytest.mark.parametrize("url", ["http://reviews.example.com/", "javascript:alert(1)", "/local"])
def test_the_review_page_is_an_https_address(rule, url):
    with pytest.raises(ValidationError):
        services.review_link_set(journey=rule.stage.journey, url=url)


def test_the_cx_manager_sets_the_link_on_the_page(client, cx_manager, rule):
    client.force_login(cx_manager)
    journey = rule.stage.journey
    url = reverse("feedback:review_link_update", args=[journey.pk])
    assert client.post(url, {"url": "http://insecure.example"}).status_code == 400
    response = client.post(url, {"url": REVIEW_URL, "active": "on"})
    assert response.status_code == 302
    page = client.get(reverse("feedback:review_link_list")).content.decode()
    assert REVIEW_URL in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DPO, Role.INTERVIEWER])
def test_other_roles_read_the_links_but_do_not_change_them(client, user_with_role, rule, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("feedback:review_link_list")).status_code == 200
    url = reverse("feedback:review_link_update", args=[rule.stage.journey_id])
    assert client.post(url, {"url": REVIEW_URL, "active": "on"}).status_code == 403


def test_the_api_sets_and_counts(token_client, cx_manager, user_with_role, client, rule):
    journey = rule.stage.journey
    api = token_client(cx_manager)
    created = api.post(
        "/api/v1/review-links/", {"journey": journey.pk, "url": REVIEW_URL}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["clicks"] == 0
    client.get(_review_path(_answer(client, rule, 10).content.decode()))
    listed = api.get("/api/v1/review-links/").json()["results"]
    assert [(row["journey"], row["url"], row["active"], row["clicks"]) for row in listed] == [
        (journey.pk, REVIEW_URL, True, 1)
    ]
    viewer = token_client(user_with_role(Role.VIEWER))
    refused = viewer.patch(
        f"/api/v1/review-links/{created.json()['id']}/", {"active": False}, format="json"
    )
    assert refused.status_code == 403
