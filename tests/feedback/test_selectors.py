from datetime import date, datetime

import pytest
from django.utils import timezone

from feedback import selectors
from feedback.models import Invitation, Response
from feedback.services import rollups_rebuild
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import FollowUpRuleFactory, RespondentFactory, ingest

pytestmark = pytest.mark.django_db

# 10 NPS answers: 4 promoters (9, 9, 10, 10), 3 passives (7, 8, 8), 3 detractors (0, 5, 6)
# → NPS = 40 % - 30 % = 10. CSAT on 8 of them, 6 at 4-5 → 75 %. CES on 4: 2, 5, 6, 7 →
# mean 5.0, 75 % at 5-7. Two more responses answer only the comment.
NPS = [9, 9, 10, 10, 7, 8, 8, 0, 5, 6]
CSAT = [5, 4, 4, 5, 4, 4, 2, 1, None, None]
CES = [2, 5, 6, 7, None, None, None, None, None, None]


def _answer(stage, *, nps=None, csat=None, ces=None, submitted_at=None):
    rule = stage.follow_up_rules.first() or FollowUpRuleFactory(stage=stage)
    event, _created = ingest(rule, external_ref=RespondentFactory().external_ref)
    invitation = event.invitations.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        status=Invitation.Status.ANSWERED, sent_at=timezone.now()
    )
    response = Response.objects.create(
        invitation=invitation,
        nps=nps,
        csat=csat,
        ces=ces,
        language="en",
        submitted_at=submitted_at or timezone.now(),
    )
    # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
    rollups_rebuild()
    return response


@pytest.fixture
def known_data_set():
    journey = JourneyFactory()
    first, second, third = (StageFactory(journey=journey) for _ in range(3))
    for nps, csat, ces in zip(NPS, CSAT, CES, strict=True):
        _answer(first, nps=nps, csat=csat, ces=ces)
    _answer(first)
    _answer(first)
    _answer(second, nps=10, submitted_at=timezone.make_aware(datetime(2026, 3, 15, 12)))
    _answer(second, nps=0, submitted_at=timezone.make_aware(datetime(2026, 4, 2, 12)))
    return journey, first, second, third


def test_scores_are_computed_on_answered_questions_only(known_data_set):
    _journey, first, _second, _third = known_data_set

    scores = selectors.scores_get(stage_id=first.pk)

    assert scores == selectors.Scores(
        responses=12,
        nps=10.0,
        nps_count=10,
        csat=75.0,
        csat_count=8,
        ces_mean=5.0,
        ces_high=75.0,
        ces_count=4,
    )


def test_stage_scores_cover_every_stage_in_order_in_two_queries(
    known_data_set, django_assert_num_queries
):
    journey, first, second, third = known_data_set

    # stages; rollups grouped by stage
    with django_assert_num_queries(2):
        rows = selectors.stage_scores_for_journey(journey_id=journey.pk)

    assert [row.stage for row in rows] == [first, second, third]
    assert [row.scores.responses for row in rows] == [12, 2, 0]
    assert [row.scores.nps for row in rows] == [10.0, 0.0, None]
    assert [row.invitations_sent for row in rows] == [12, 2, 0]
    assert rows[0].response_rate == 100.0
    assert rows[0].scores.enough
    assert not rows[1].scores.enough
    assert [row.scores.emotion for row in rows] == [0, 0, None]


def test_scores_per_month(known_data_set):
    _journey, _first, second, _third = known_data_set

    months = selectors.monthly_scores(stage_id=second.pk)

    assert [(row.month, row.scores.nps) for row in months] == [
        (date(2026, 3, 1), 100.0),
        (date(2026, 4, 1), -100.0),
    ]
    assert selectors.scores_get(stage_id=second.pk, month=date(2026, 4, 1)).nps == -100.0


def test_scores_per_touchpoint_count_only_the_answers_about_that_touchpoint(api_client, viewer):
    stage = StageFactory()
    counter, kiosk, _without_events = (TouchpointFactory(stage=stage, name=n) for n in "ABC")
    rule = FollowUpRuleFactory(stage=stage)
    for touchpoint, nps in [(counter, 10), (counter, 2), (kiosk, 9), (None, 0)]:
        event, _created = ingest(
            rule, external_ref=RespondentFactory().external_ref, touchpoint=touchpoint
        )
        invitation = event.invitations.get()
        Invitation.objects.filter(pk=invitation.pk).update(
            status=Invitation.Status.ANSWERED, sent_at=timezone.now()
        )
        Response.objects.create(
            invitation=invitation, nps=nps, language="en", submitted_at=timezone.now()
        )
        # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
        rollups_rebuild()

    rows = selectors.touchpoint_scores_for_journey(journey_id=stage.journey_id)
    api_client.force_authenticate(viewer)
    body = api_client.get(f"/api/v1/scores/?touchpoint={counter.pk}").json()

    assert [
        (r.touchpoint.name, r.scores.responses, r.scores.nps, r.response_rate) for r in rows
    ] == [
        ("A", 2, 0.0, 100.0),
        ("B", 1, 100.0, 100.0),
    ]
    assert (body["responses"], body["nps"]) == (2, 0.0)
