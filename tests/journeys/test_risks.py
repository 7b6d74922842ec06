"""The 13 dissatisfaction risks: named on observations and moments of truth too, and each stage
of the map shows its risks from cases, observations and moments together."""

import pytest

from feedback import services as feedback_services
from feedback.models import Case
from journeys import services
from journeys.models import DissatisfactionRisk, MomentOfTruth, Observation

from .factories import JourneyFactory, MomentOfTruthFactory, ObservationFactory, StageFactory

pytestmark = pytest.mark.django_db


def test_the_vocabulary_is_the_thirteen_risks_of_seed_003():
    assert len(DissatisfactionRisk) == 13
    assert Case._meta.get_field("category").choices == DissatisfactionRisk.choices


def test_an_observation_names_its_risks_through_the_map_editor(client, cx_manager):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.post(
        f"/journeys/{stage.journey_id}/observations/new/?stage={stage.pk}",
        {
            "kind": "irritant",
            "side": "customer",
            "description": "Twenty-minute queue",
            "source": "survey",
            "severity": "3",
            "risks": ["temporal", "space"],
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert Observation.objects.get().risks == ["temporal", "space"]


def test_a_moment_names_its_risks_through_the_api(token_client, cx_manager):
    stage = StageFactory()
    client = token_client(cx_manager)

    created = client.post(
        "/api/v1/moments-of-truth/",
        {"stage": stage.pk, "description": "Key handover", "risks": ["temporal"]},
        format="json",
    )
    refused = client.post(
        "/api/v1/moments-of-truth/",
        {"stage": stage.pk, "description": "Key handover", "risks": ["boredom"]},
        format="json",
    )

    assert created.status_code == 201
    assert created.json()["risks"] == ["temporal"]
    assert MomentOfTruth.objects.get().risks == ["temporal"]
    assert refused.status_code == 400
    assert "risks" in refused.json()


def test_an_unknown_risk_is_refused_by_the_service():
    stage = StageFactory()
    with pytest.raises(Exception, match="Unknown values: boredom"):
        services.observation_create(
            stage=stage, kind="irritant", side="customer", description="x", risks=["boredom"]
        )


def test_a_stage_shows_its_risks_from_cases_observations_and_moments(client, viewer):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    quiet = StageFactory(journey=journey)
    ObservationFactory(stage=stage, risks=["temporal", "financial"])
    ObservationFactory(stage=stage, risks=["temporal"])
    MomentOfTruthFactory(stage=stage, risks=["temporal"])
    for _ in range(3):
        feedback_services.case_create(stage=stage, title="Late car", category="temporal")
    feedback_services.case_create(stage=stage, title="Fee", category="financial")
    client.force_login(viewer)

    column = {c.stage.pk: c for c in client.get(f"/journeys/{journey.pk}/").context["columns"]}

    assert [(t.risk, t.total, t.counts) for t in column[stage.pk].risks] == [
        ("temporal", 6, ["2 observations", "1 moment of truth", "3 cases"]),
        ("financial", 2, ["1 observation", "1 case"]),
    ]
    assert column[quiet.pk].risks == []


def test_the_risks_row_is_in_french_with_the_descriptions(client, viewer):
    stage = StageFactory()
    ObservationFactory(stage=stage, risks=["space"])
    feedback_services.case_create(stage=stage, title="Lost", category="space")
    client.force_login(viewer)

    html = client.get(f"/journeys/{stage.journey_id}/", HTTP_ACCEPT_LANGUAGE="fr").text

    assert "Risques d\u2019insatisfaction" in html
    assert "spatial" in html
    assert "1 observation · 1 réclamation" in html
    assert "ne tient pas compte de l\u2019environnement" in html


def test_a_new_case_changes_the_maps_etag(client, viewer):
    stage = StageFactory()
    client.force_login(viewer)
    first = client.get(f"/journeys/{stage.journey_id}/")

    feedback_services.case_create(stage=stage, title="Late car", category="temporal")

    again = client.get(f"/journeys/{stage.journey_id}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_the_map_api_has_the_cases_risks(token_client, viewer):
    stage = StageFactory()
    ObservationFactory(stage=stage, risks=["cognitive"])
    feedback_services.case_create(stage=stage, title="Late car", category="temporal")

    body = token_client(viewer).get(f"/api/v1/journeys/{stage.journey_id}/map/").json()

    assert body["stages"][0]["observations"][0]["risks"] == ["cognitive"]
    lane = next(lane for lane in body["lanes"] if lane["key"] == "case_risks")
    assert lane["stages"] == [{"stage_id": stage.pk, "items": [{"risk": "temporal", "cases": 1}]}]


def test_a_copy_keeps_the_risks(cx_manager):
    moment = MomentOfTruthFactory(risks=["sensory"])
    ObservationFactory(stage=moment.stage, risks=["ethical"])

    copy = services.journey_duplicate(journey=moment.stage.journey, name="Copy")

    assert MomentOfTruth.objects.get(stage__journey=copy).risks == ["sensory"]
    assert Observation.objects.get(stage__journey=copy).risks == ["ethical"]


def test_the_risks_endpoint_lists_the_thirteen_with_descriptions(token_client, viewer):
    client = token_client(viewer)

    english = client.get("/api/v1/dissatisfaction-risks/").json()
    french = client.get("/api/v1/dissatisfaction-risks/", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert len(english) == 13
    assert english[7] == {
        "value": "temporal",
        "label": "temporal",
        "description": "Temporal (total time, waiting, pace): no view of the schedule.",
    }
    assert french[7]["label"] == "temporel"
    assert french[7]["description"].startswith("Temporel (durée totale, attente, rythme)")
