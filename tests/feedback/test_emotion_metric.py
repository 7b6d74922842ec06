"""The emotion curve's metric per journey (NPS, CSAT or CES), its threshold counting only
the answers to that metric."""

import pytest
from django.utils import timezone

from feedback import selectors
from feedback.models import Invitation, Response
from feedback.services import rollups_rebuild
from journeys import selectors as journey_selectors
from journeys import services as journey_services
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import FollowUpRuleFactory, RespondentFactory, ingest

pytestmark = pytest.mark.django_db


def _answers(stage, count: int, **scores):
    rule = stage.follow_up_rules.first() or FollowUpRuleFactory(stage=stage)
    for _ in range(count):
        event, _created = ingest(rule, external_ref=RespondentFactory().external_ref)
        invitation = event.invitations.get()
        Invitation.objects.filter(pk=invitation.pk).update(
            status=Invitation.Status.ANSWERED, sent_at=timezone.now()
        )
        Response.objects.create(
            invitation=invitation, language="en", submitted_at=timezone.now(), **scores
        )
        # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
        rollups_rebuild()


def test_enough_counts_only_the_answers_to_the_metric(settings):
    settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE = 3
    stage = StageFactory()
    _answers(stage, 1, nps=10)
    _answers(stage, 3, csat=5)
    scores = selectors.scores_get(stage_id=stage.pk)
    assert scores.responses == 4
    assert not scores.enough
    assert not scores.enough_for("nps")
    assert scores.enough_for("csat")
    assert not scores.enough_for("ces")


@pytest.mark.parametrize(
    ("scores", "metric", "emotion"),
    [
        ({"nps": 10}, "nps", 2),
        ({"nps": 0}, "nps", -2),
        ({"csat": 5}, "csat", 2),
        ({"csat": 1}, "csat", -2),
        ({"ces": 1}, "ces", 2),
        ({"ces": 4}, "ces", 0),
        ({"ces": 7}, "ces", -2),
    ],
)
def test_each_metric_on_the_maps_scale(scores, metric, emotion):
    stage = StageFactory()
    _answers(stage, 2, **scores)
    assert selectors.scores_get(stage_id=stage.pk).emotion_for(metric) == emotion


def test_the_curve_follows_the_journeys_metric(settings):
    settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE = 2
    journey = JourneyFactory()
    stage = StageFactory(journey=journey, code="A", emotion_score=0)
    _answers(stage, 2, nps=10, csat=1, ces=7)

    def curve():
        loaded = journey_selectors.journey_map_get(journey_id=journey.pk)
        return [
            (p.score, p.source) for p in journey_selectors.journey_emotion_curve(journey=loaded)
        ]

    assert curve() == [(2, "survey")]
    journey_services.journey_update(journey=journey, data={"emotion_metric": "csat"})
    assert curve() == [(-2, "survey")]
    journey_services.journey_update(journey=journey, data={"emotion_metric": "ces"})
    assert curve() == [(-2, "survey")]


def test_a_copy_keeps_the_metric():
    journey = JourneyFactory(emotion_metric="ces")
    copy = journey_services.journey_duplicate(journey=journey, name="To be")
    assert copy.emotion_metric == "ces"


def test_the_journey_form_offers_the_metric(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)
    page = client.get(f"/journeys/{journey.pk}/edit/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Indicateur de la courbe des émotions" in page
