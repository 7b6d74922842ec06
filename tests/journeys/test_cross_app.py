"""The journey map reads the other apps through their selectors: survey scores for the
emotion curve, stakeholders (with their SLA breaches) for the stakeholder lane."""

import pytest
from django.conf import settings
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import Invitation, Response
from feedback.services import rollups_rebuild
from journeys import selectors
from stakeholders import services as stakeholder_services
from tests.feedback.factories import (
    FollowUpRuleFactory,
    RespondentFactory,
    ingest,
    sent_invitation,
)
from tests.stakeholders.factories import (
    InvolvementFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    measurements,
)

from .factories import JourneyFactory, StageFactory

pytestmark = pytest.mark.django_db


def _answers(stage, *, nps: int, count: int):
    """`count` customers answer the stage's survey with the same NPS."""
    rule = FollowUpRuleFactory(stage=stage)
    for _ in range(count):
        event, _created = ingest(rule, external_ref=RespondentFactory().external_ref)
        invitation = event.invitations.get()
        Invitation.objects.filter(pk=invitation.pk).update(
            status=Invitation.Status.ANSWERED, sent_at=timezone.now()
        )
        Response.objects.create(
            invitation=invitation, nps=nps, language="en", submitted_at=timezone.now()
        )
        # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
        rollups_rebuild()


@pytest.fixture
def surveyed_journey():
    """Stage A: enough promoters (NPS 100 → +2) over a manual -1; stage B: one response
    short of enough, so its manual 0 stays; stage C: no response, no manual score."""
    journey = JourneyFactory()
    surveyed = StageFactory(journey=journey, code="A", name="Book", emotion_score=-1)
    too_few = StageFactory(journey=journey, code="B", name="Pick up", emotion_score=0)
    StageFactory(journey=journey, code="C", name="Return", emotion_score=None)
    _answers(surveyed, nps=10, count=settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE)
    _answers(too_few, nps=0, count=settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE - 1)
    return journey


def test_the_curve_uses_the_survey_score_where_enough_customers_answered(surveyed_journey):
    points = selectors.journey_emotion_curve(
        journey=selectors.journey_map_get(journey_id=surveyed_journey.pk)
    )

    assert [(p.code, p.score, p.source) for p in points] == [
        ("A", 2, "survey"),
        ("B", 0, "manual"),
        ("C", None, "manual"),
    ]


def test_the_curve_is_kept_until_an_answer_moves_the_scores(
    surveyed_journey, django_assert_num_queries
):
    stage = surveyed_journey.stages.get(code="B")
    selectors.journey_emotion_curve(journey=selectors.journey_map_get(journey_id=stage.journey_id))
    journey = selectors.journey_map_get(journey_id=stage.journey_id)

    with django_assert_num_queries(0):
        kept = selectors.journey_emotion_curve(journey=journey)

    # The answer that gives stage B enough responses: its survey score (NPS -100 → -2) now
    # replaces the manual 0.
    rule = stage.follow_up_rules.get()
    _invitation, token = sent_invitation(rule, external_ref=RespondentFactory().external_ref)
    feedback_services.response_submit(token=token, answers={"nps": 0})
    moved = selectors.journey_emotion_curve(
        journey=selectors.journey_map_get(journey_id=stage.journey_id)
    )

    assert [(p.code, p.score) for p in kept] == [("A", 2), ("B", 0), ("C", None)]
    assert [(p.code, p.score) for p in moved] == [("A", 2), ("B", -2), ("C", None)]


def test_the_map_caption_names_the_surveyed_stages(client, viewer, surveyed_journey):
    client.force_login(viewer)

    response = client.get(f"/journeys/{surveyed_journey.pk}/")

    caption = (
        f"survey score (NPS) where at least {settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE} "
        "customers answered (stages A); manual emotion score elsewhere."
    )
    assert caption in response.content.decode()
    assert "A. Book: 2 (survey score)" in response.content.decode()
    assert "B. Pick up: 0 (manual score)" in response.content.decode()


def test_the_map_caption_says_manual_when_no_stage_has_enough_answers(client, viewer):
    journey = JourneyFactory()
    StageFactory(journey=journey, code="A", emotion_score=1)
    client.force_login(viewer)

    response = client.get(f"/journeys/{journey.pk}/")

    assert "Emotion curve from the manual emotion score of each stage" in (
        response.content.decode()
    )


def test_the_map_endpoint_gives_each_point_its_source(token_client, viewer, surveyed_journey):
    response = token_client(viewer).get(f"/api/v1/journeys/{surveyed_journey.pk}/map/")

    assert [(p["code"], p["score"], p["source"]) for p in response.json()["emotion_curve"]] == [
        ("A", 2, "survey"),
        ("B", 0, "manual"),
        ("C", None, "manual"),
    ]


def test_the_stakeholder_lane_flags_a_breached_sla(client, viewer):
    journey = JourneyFactory()
    pick_up = StageFactory(journey=journey, code="A")
    back = StageFactory(journey=journey, code="B")
    objective = SLAObjectiveFactory(sla__stakeholder__name="CleanCars Ltd")
    stakeholder_services.sla_update(sla=objective.sla, data={"stages": [pick_up]})
    # this month, below the 98 % target: breached
    measurements(objective, ["90"], start=timezone.localdate().replace(day=1))
    InvolvementFactory(stakeholder=objective.sla.stakeholder, stage=pick_up, office="back")
    InvolvementFactory(stakeholder=StakeholderFactory(name="Counter team"), stage=back)
    client.force_login(viewer)

    response = client.get(f"/journeys/{journey.pk}/")

    lane = response.content.decode().split('class="lane lane-stakeholders"')[1]
    lane = lane.split("</tr>")[0]
    cells = lane.split("<td>")[1:]
    assert "CleanCars Ltd" in cells[0]
    assert "back office" in cells[0]
    assert "SLA breached" in cells[0]
    assert "Counter team" in cells[1]
    assert "front office" in cells[1]
    assert "SLA breached" not in cells[1]
