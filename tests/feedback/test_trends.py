"""Trends that answer questions: scores per stage and month over a period, two periods
compared, the response rate per rule; the page (charts with dot decimals in French) and the
API."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from feedback import selectors
from feedback.models import Invitation, Response
from feedback.services import rollups_rebuild
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import FollowUpRuleFactory, RespondentFactory, ingest

pytestmark = pytest.mark.django_db

JANUARY = selectors.Period(date(2026, 1, 1), date(2026, 3, 1))
LAST_YEAR = selectors.Period(date(2025, 1, 1), date(2025, 3, 1))


def _answer(rule, when: datetime, *, answered=True, **scores):
    event, _created = ingest(rule, external_ref=RespondentFactory().external_ref)
    invitation = event.invitations.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        status=Invitation.Status.ANSWERED if answered else Invitation.Status.SENT, sent_at=when
    )
    if answered:
        Response.objects.create(invitation=invitation, language="en", submitted_at=when, **scores)
    # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
    rollups_rebuild()


@pytest.fixture
def journey():
    """Stage A answered in January and March 2026 and in January 2025; stage B never."""
    journey = JourneyFactory()
    rule = FollowUpRuleFactory(stage=StageFactory(journey=journey, code="A"), name="After A")
    FollowUpRuleFactory(stage=StageFactory(journey=journey, code="B"), name="After B")
    _answer(rule, datetime(2026, 1, 10, 12, tzinfo=UTC), nps=10, csat=5, ces=2)
    _answer(rule, datetime(2026, 1, 20, 12, tzinfo=UTC), nps=0, csat=1, ces=5)
    _answer(rule, datetime(2026, 3, 5, 12, tzinfo=UTC), nps=9, csat=4, ces=3)
    _answer(rule, datetime(2026, 3, 6, 12, tzinfo=UTC), answered=False)
    _answer(rule, datetime(2025, 1, 15, 12, tzinfo=UTC), nps=2, csat=2, ces=6)
    return journey


def test_each_stage_month_by_month(journey):
    trends = selectors.stage_trends(journey_id=journey.pk, period=JANUARY)
    assert [trend.stage.code for trend in trends] == ["A", "B"]
    a, b = trends
    assert [(month, scores.nps, scores.csat, scores.ces_mean) for month, scores in a.months] == [
        (date(2026, 1, 1), 0.0, 50.0, 3.5),
        (date(2026, 2, 1), None, None, None),
        (date(2026, 3, 1), 100.0, 100.0, 3.0),
    ]
    assert [scores.responses for _month, scores in b.months] == [0, 0, 0]


def test_two_periods_compared(journey):
    a, b = selectors.period_comparison(journey_id=journey.pk, first=LAST_YEAR, second=JANUARY)
    assert (a.first.nps, a.second.nps, a.change("nps")) == (-100.0, 33.3, 133.3)
    assert (a.first.ces_mean, a.second.ces_mean, a.change("ces")) == (6.0, 3.33, -2.67)
    assert (b.first.responses, b.second.responses, b.change("nps")) == (0, 0, None)


def test_the_response_rate_per_rule(journey):
    rates = selectors.response_rate_by_rule(journey_id=journey.pk, period=JANUARY)
    assert [(r.rule.name, r.sent, r.answered, r.rate) for r in rates] == [
        ("After A", 4, 3, 75.0),
        ("After B", 0, 0, None),
    ]


def test_the_page_in_french_draws_with_dots(client, viewer, journey):
    client.force_login(viewer)
    page = client.get(
        reverse("feedback:trends"),
        {
            "journey": journey.pk,
            "metric": "ces",
            "first": "2026-01",
            "last": "2026-03",
            "compare_first": "2025-01",
            "compare_last": "2025-03",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    assert "Taux de réponse par règle de suivi" in page
    points = re.findall(r'<polyline points="([^"]+)"', page)
    assert points
    assert all("," in point and ";" not in point for point in points)
    assert all(re.fullmatch(r"[0-9.]+,[0-9.]+", pair) for point in points for pair in point.split())
    assert 'viewBox="0 0 144.0 120"' in page or 'viewBox="0 0 144 120"' in page
    # The values themselves in French.
    assert "3,5" in page
    assert "75,0 %" in page


def test_a_period_that_ends_before_it_starts_is_a_400(client, viewer, journey):
    client.force_login(viewer)
    response = client.get(reverse("feedback:trends"), {"first": "2026-03", "last": "2026-01"})
    assert response.status_code == 400


@pytest.mark.parametrize("extra_months", [0, 12])
def test_the_page_runs_a_fixed_number_of_queries(
    client, viewer, journey, django_assert_num_queries, extra_months
):
    client.force_login(viewer)
    last = "2026-03" if not extra_months else "2027-03"
    # session, user, permissions (2), the user's role, journeys, stages and their scores per
    # month (2), stages and their two periods (2), rules with their rates
    with django_assert_num_queries(11):
        client.get(
            reverse("feedback:trends"), {"journey": journey.pk, "first": "2026-01", "last": last}
        )


def test_the_api(token_client, viewer, journey):
    body = (
        token_client(viewer)
        .get("/api/v1/trends/", {"journey": journey.pk, "first": "2026-01", "last": "2026-03"})
        .json()
    )
    a = body["stages"][0]
    assert (a["code"], [m["month"] for m in a["months"]]) == (
        "A",
        ["2026-01-01", "2026-02-01", "2026-03-01"],
    )
    assert [m["scores"]["nps"] for m in a["months"]] == [0.0, None, 100.0]
    assert body["rules"][0] == {
        "rule": journey.stages.get(code="A").follow_up_rules.get().pk,
        "name": "After A",
        "sent": 4,
        "answered": 3,
        "rate": 75.0,
    }
    refused = token_client(viewer).get(
        "/api/v1/trends/", {"journey": journey.pk, "first": "2026-03", "last": "2026-01"}
    )
    assert refused.status_code == 400
