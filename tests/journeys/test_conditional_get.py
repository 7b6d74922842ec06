"""A repeat view of the map (page and API) answers 304 until something it shows changes."""

import pytest
from django.urls import reverse
from django.utils import translation

from feedback import services as feedback_services
from journeys import services
from tests.feedback.factories import FollowUpRuleFactory, sent_invitation

from .factories import JourneyFactory, StageFactory, TouchpointFactory


def _page(client, journey, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(reverse("journeys:journey_map", args=[journey.pk]), **headers)


@pytest.mark.django_db
def test_the_map_page_answers_304_until_the_journey_changes(client, cx_manager):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey, name="Book")
    client.force_login(cx_manager)

    first = _page(client, journey)
    assert first.status_code == 200
    assert first["Last-Modified"]
    assert "private" in first["Cache-Control"]
    assert "no-cache" in first["Cache-Control"]
    repeat = _page(client, journey, first["ETag"])
    assert repeat.status_code == 304
    assert repeat["ETag"] == first["ETag"]

    services.touchpoint_create(stage=stage, name="Booking form", channel="website")

    changed = _page(client, journey, first["ETag"])
    assert changed.status_code == 200
    assert "Booking form" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda stage: services.stage_update(stage=stage, data={"name": "Pre-book"}),
        lambda stage: services.touchpoint_update(
            touchpoint=TouchpointFactory(stage=stage), data={"name": "Chat"}
        ),
        lambda stage: services.moment_of_truth_create(stage=stage, description="Handover"),
        lambda stage: services.observation_create(
            stage=stage, kind="irritant", side="customer", description="Queue"
        ),
        lambda stage: services.action_create(journey=stage.journey, title="Express lane"),
        lambda stage: services.stage_move(stage=stage, position=2),
        lambda stage: services.persona_update(persona=stage.journey.persona, data={"name": "X"}),
        lambda stage: services.journey_duplicate(journey=stage.journey, name="To-be"),
    ],
    ids=[
        "stage",
        "touchpoint",
        "moment of truth",
        "observation",
        "action",
        "move",
        "persona",
        "a new copy (compare picker)",
    ],
)
def test_every_change_the_map_shows_gives_a_new_etag(client, viewer, change):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    StageFactory(journey=journey)
    client.force_login(viewer)
    first = _page(client, journey)

    change(stage)

    assert _page(client, journey, first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_another_user_or_language_does_not_get_the_first_ones_copy(client, cx_manager, viewer):
    journey = JourneyFactory()
    client.force_login(cx_manager)
    etag = _page(client, journey)["ETag"]

    # The override puts the language back afterwards, which the middleware does not.
    with translation.override("fr"):
        french = client.get(
            reverse("journeys:journey_map", args=[journey.pk]),
            HTTP_IF_NONE_MATCH=etag,
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    client.force_login(viewer)
    other_user = _page(client, journey, etag)

    assert french.status_code == 200
    assert other_user.status_code == 200


@pytest.mark.django_db
def test_the_map_endpoint_answers_304_until_a_survey_response_arrives(token_client, viewer):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    client = token_client(viewer)
    url = f"/api/v1/journeys/{journey.pk}/map/"
    first = client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    _invitation, token = sent_invitation(FollowUpRuleFactory(stage=stage))
    feedback_services.response_submit(token=token, answers={"nps": 10})

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_the_map_endpoint_answers_200_once_a_rule_is_deleted_with_its_answers(token_client, viewer):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    rule = FollowUpRuleFactory(stage=stage)
    _invitation, token = sent_invitation(rule)
    feedback_services.response_submit(token=token, answers={"nps": 10})
    client = token_client(viewer)
    url = f"/api/v1/journeys/{journey.pk}/map/"
    first = client.get(url)

    feedback_services.follow_up_rule_delete(rule=rule)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
