"""The map's extension point: journeys shows what the apps above it registered, and works
without them."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from feedback import selectors as feedback_selectors
from journeys import extensions, selectors
from stakeholders import services as stakeholder_services
from tests.stakeholders.factories import (
    InvolvementFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    measurements,
)

from .factories import JourneyFactory, StageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_contributions(monkeypatch):
    """journeys as if no other app were installed."""
    monkeypatch.setattr(extensions, "_stage_scores", [])
    monkeypatch.setattr(extensions, "_lanes", {})
    monkeypatch.setattr(extensions, "_health_checks", {})


def test_the_apps_above_register_their_contributions_at_start_up():
    assert extensions._stage_scores == [feedback_selectors.stage_scores_for_journey]
    assert [lane.key for lane in extensions.map_lanes()] == [
        "stakeholders",
        "employee_experience",
        "case_risks",
    ]
    assert [check.key for check in extensions.health_checks()] == [
        "stages_without_stakeholder",
        "touchpoints_without_responsible",
        "moments_without_standard",
        "standards_missed",
        "stages_without_rule",
        "personal_data_without_entry",
    ]


def test_stage_scores_come_from_the_registered_provider():
    stage = StageFactory()

    scores = selectors.stage_scores_for_journey(journey_id=stage.journey_id)

    assert scores == feedback_selectors.stage_scores_for_journey(journey_id=stage.journey_id)
    assert [row.stage for row in scores] == [stage]


def test_without_a_provider_there_are_no_scores_and_the_curve_is_manual(no_contributions):
    stage = StageFactory(emotion_score=1)

    assert selectors.stage_scores_for_journey(journey_id=stage.journey_id) == []
    curve = selectors.journey_emotion_curve(
        journey=selectors.journey_map_get(journey_id=stage.journey_id)
    )
    assert [(point.score, point.source) for point in curve] == [(1, "manual")]


def test_without_a_lane_the_map_page_and_api_show_none(
    no_contributions, client, token_client, viewer
):
    stage = StageFactory()
    InvolvementFactory(stage=stage, stakeholder=StakeholderFactory(name="Counter team"))
    client.force_login(viewer)

    page = client.get(f"/journeys/{stage.journey_id}/")
    body = token_client(viewer).get(f"/api/v1/journeys/{stage.journey_id}/map/").json()

    assert page.status_code == 200
    assert "lane-stakeholders" not in page.content.decode()
    assert body["lanes"] == []


def test_the_api_map_has_the_stakeholder_lane(token_client, viewer):
    journey = JourneyFactory()
    pick_up = StageFactory(journey=journey, code="A")
    back = StageFactory(journey=journey, code="B")
    objective = SLAObjectiveFactory(sla__stakeholder__name="CleanCars Ltd")
    stakeholder_services.sla_update(sla=objective.sla, data={"stages": [pick_up]})
    # this month, below the 98 % target: breached
    (breach,) = measurements(objective, ["90"], start=timezone.localdate().replace(day=1))
    involvement = InvolvementFactory(
        stakeholder=objective.sla.stakeholder, stage=pick_up, office="back"
    )

    body = token_client(viewer).get(f"/api/v1/journeys/{journey.pk}/map/").json()

    assert body["lanes"][1:] == [
        {
            "key": "case_risks",
            "stages": [{"stage_id": pick_up.pk, "items": []}, {"stage_id": back.pk, "items": []}],
        }
    ]
    assert body["lanes"][:1] == [
        {
            "key": "stakeholders",
            "stages": [
                {
                    "stage_id": pick_up.pk,
                    "items": [
                        {
                            "id": involvement.pk,
                            "stakeholder_id": objective.sla.stakeholder_id,
                            "stakeholder": "CleanCars Ltd",
                            "office": "back",
                            "sla_breached": True,
                            "sla_breach_id": breach.pk,
                            "sla_id": objective.sla_id,
                        }
                    ],
                },
                {"stage_id": back.pk, "items": []},
            ],
        }
    ]


def test_the_lane_is_shown_only_to_who_may_view_stakeholders(token_client, viewer):
    stage = StageFactory()
    InvolvementFactory(stage=stage)
    viewer.groups.first().permissions.remove(
        Permission.objects.get(codename="view_stakeholder", content_type__app_label="stakeholders")
    )

    body = token_client(viewer).get(f"/api/v1/journeys/{stage.journey_id}/map/").json()

    assert [lane["key"] for lane in body["lanes"]] == ["case_risks"]


def test_a_change_in_the_lane_gives_the_api_map_a_new_etag(token_client, viewer):
    stage = StageFactory()
    client = token_client(viewer)
    url = f"/api/v1/journeys/{stage.journey_id}/map/"
    first = client.get(url)

    InvolvementFactory(stage=stage)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_schema_documents_the_lanes(token_client, viewer):
    schema = (
        token_client(viewer)
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )

    journey_map = schema["components"]["schemas"]["JourneyMap"]["properties"]
    assert journey_map["lanes"]["items"] == {"$ref": "#/components/schemas/MapLane"}
    assert "stakeholders" in journey_map["lanes"]["description"]
