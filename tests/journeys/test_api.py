import pytest

from journeys.models import Action, Journey, MomentOfTruth, Observation, Persona, Stage, Touchpoint

from .factories import (
    ActionFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
    journey_with_map,
)


def _payloads():
    """A valid POST body per endpoint, built on fresh objects."""
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    touchpoint = TouchpointFactory(stage=stage)
    return {
        "personas": (
            Persona,
            {"name": "Business traveller", "specific_needs": ["comfort"], "civile_needs": []},
        ),
        "journeys": (Journey, {"name": "Car rental", "state": "as_is"}),
        "stages": (Stage, {"journey": journey.pk, "name": "Compare", "place": "at home"}),
        "touchpoints": (
            Touchpoint,
            {"stage": stage.pk, "name": "Chat", "channel": "chat", "lane": "front_stage"},
        ),
        "moments-of-truth": (
            MomentOfTruth,
            {
                "stage": stage.pk,
                "touchpoint": touchpoint.pk,
                "description": "Key handover",
                "standard": "Car handed over in under 10 minutes",
            },
        ),
        "observations": (
            Observation,
            {
                "stage": stage.pk,
                "kind": "irritant",
                "side": "customer",
                "description": "Queue",
                "source": "survey",
                "severity": 3,
            },
        ),
        "actions": (
            Action,
            {"journey": journey.pk, "stage": stage.pk, "title": "Express counter", "priority": 1},
        ),
    }


FACTORIES = {
    "personas": PersonaFactory,
    "journeys": JourneyFactory,
    "stages": StageFactory,
    "touchpoints": TouchpointFactory,
    "moments-of-truth": MomentOfTruthFactory,
    "observations": ObservationFactory,
    "actions": ActionFactory,
}

ENDPOINTS = [
    "personas",
    "journeys",
    "stages",
    "touchpoints",
    "moments-of-truth",
    "observations",
    "actions",
]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_cx_manager_creates_through_every_endpoint(token_client, cx_manager, endpoint):
    model, body = _payloads()[endpoint]
    before = model.objects.count()
    response = token_client(cx_manager).post(f"/api/v1/{endpoint}/", body)
    assert response.status_code == 201, response.json()
    assert model.objects.count() == before + 1
    assert model.objects.filter(pk=response.json()["id"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role_fixture", ["viewer", "interviewer", "dpo"])
def test_readers_read_but_cannot_write(token_client, request, role_fixture, endpoint):
    model, body = _payloads()[endpoint]
    before = model.objects.count()
    client = token_client(request.getfixturevalue(role_fixture))
    listing = client.get(f"/api/v1/{endpoint}/")
    assert listing.status_code == 200
    assert listing.json()["count"] == before
    assert client.post(f"/api/v1/{endpoint}/", body).status_code == 403
    some_id = FACTORIES[endpoint]().pk
    before += 1
    assert client.patch(f"/api/v1/{endpoint}/{some_id}/", {}).status_code == 403
    assert client.delete(f"/api/v1/{endpoint}/{some_id}/").status_code == 403
    assert model.objects.count() == before


@pytest.mark.django_db
def test_a_user_without_role_cannot_read(token_client, user_with_role):
    JourneyFactory()
    assert token_client(user_with_role(None)).get("/api/v1/journeys/").status_code == 403


@pytest.mark.django_db
def test_anonymous_callers_are_refused(api_client):
    assert api_client.get("/api/v1/journeys/").status_code == 401


@pytest.mark.django_db
def test_cx_manager_updates_and_deletes_a_stage(token_client, cx_manager):
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey) for _ in range(3)]
    client = token_client(cx_manager)

    response = client.patch(
        f"/api/v1/stages/{stages[0].pk}/", {"name": "Discover", "emotion_score": 2}
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["emotion_score"]) == ("Discover", 2)

    assert client.delete(f"/api/v1/stages/{stages[1].pk}/").status_code == 204
    assert list(journey.stages.values_list("pk", "position")) == [
        (stages[0].pk, 1),
        (stages[2].pk, 2),
    ]


@pytest.mark.django_db
def test_the_position_is_not_changed_by_an_update(token_client, cx_manager):
    journey = JourneyFactory()
    first, _second = StageFactory(journey=journey), StageFactory(journey=journey)
    response = token_client(cx_manager).patch(f"/api/v1/stages/{first.pk}/", {"position": 2})
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.position == 1


@pytest.mark.django_db
def test_stage_created_at_a_position_shifts_the_others(token_client, cx_manager):
    journey = JourneyFactory()
    StageFactory(journey=journey, code="A")
    StageFactory(journey=journey, code="B")
    response = token_client(cx_manager).post(
        "/api/v1/stages/", {"journey": journey.pk, "name": "Between", "position": 2}
    )
    assert response.status_code == 201
    assert (response.json()["code"], response.json()["position"]) == ("C", 2)
    assert list(journey.stages.values_list("code", flat=True)) == ["A", "C", "B"]


@pytest.mark.django_db
def test_invalid_input_gets_a_400_with_clear_messages(token_client, cx_manager):
    journey = JourneyFactory()
    StageFactory(journey=journey, code="A")
    client = token_client(cx_manager)

    duplicate = client.post("/api/v1/stages/", {"journey": journey.pk, "code": "A", "name": "X"})
    assert duplicate.status_code == 400
    assert duplicate.json() == {
        "non_field_errors": ["Stage with this Journey and Code already exists."]
    }

    score = client.post("/api/v1/stages/", {"journey": journey.pk, "name": "X", "emotion_score": 5})
    assert score.status_code == 400
    assert score.json() == {"emotion_score": ['"5" is not a valid choice.']}
    assert journey.stages.count() == 1


@pytest.mark.django_db
def test_a_moment_on_a_touchpoint_of_another_stage_is_a_400(token_client, cx_manager):
    stage = StageFactory()
    other_touchpoint = TouchpointFactory()
    response = token_client(cx_manager).post(
        "/api/v1/moments-of-truth/",
        {"stage": stage.pk, "touchpoint": other_touchpoint.pk, "description": "Keys"},
    )
    assert response.status_code == 400
    assert response.json() == {"touchpoint": ["The touchpoint must belong to the moment's stage."]}
    assert MomentOfTruth.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_persona_need_is_a_400(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/personas/", {"name": "P", "specific_needs": ["speed"]}
    )
    assert response.status_code == 400
    assert response.json() == {"specific_needs": {"0": ['"speed" is not a valid choice.']}}
    assert Persona.objects.count() == 0


@pytest.mark.django_db
def test_move_a_stage(token_client, cx_manager):
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey) for _ in range(3)]
    client = token_client(cx_manager)

    response = client.post(f"/api/v1/stages/{stages[2].pk}/move/", {"position": 1})

    assert response.status_code == 200
    assert response.json()["position"] == 1
    assert list(journey.stages.order_by("position").values_list("pk", flat=True)) == [
        stages[2].pk,
        stages[0].pk,
        stages[1].pk,
    ]


@pytest.mark.django_db
def test_move_a_touchpoint(token_client, cx_manager):
    stage = StageFactory()
    touchpoints = [TouchpointFactory(stage=stage) for _ in range(3)]
    client = token_client(cx_manager)

    response = client.post(f"/api/v1/touchpoints/{touchpoints[0].pk}/move/", {"position": 3})

    assert response.status_code == 200
    assert response.json()["position"] == 3
    assert list(stage.touchpoints.order_by("position").values_list("pk", flat=True)) == [
        touchpoints[1].pk,
        touchpoints[2].pk,
        touchpoints[0].pk,
    ]


@pytest.mark.django_db
def test_move_needs_a_position_of_at_least_one(token_client, cx_manager):
    stage = StageFactory()
    response = token_client(cx_manager).post(f"/api/v1/stages/{stage.pk}/move/", {"position": 0})
    assert response.status_code == 400
    assert response.json() == {"position": ["Ensure this value is greater than or equal to 1."]}


@pytest.mark.django_db
def test_readers_cannot_move(token_client, viewer):
    journey = JourneyFactory()
    first, second = StageFactory(journey=journey), StageFactory(journey=journey)
    response = token_client(viewer).post(f"/api/v1/stages/{second.pk}/move/", {"position": 1})
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.position == 1


@pytest.mark.django_db
def test_duplicate_a_journey(token_client, cx_manager):
    journey = journey_with_map(stages=2, touchpoints_per_stage=2)
    response = token_client(cx_manager).post(
        f"/api/v1/journeys/{journey.pk}/duplicate/", {"name": "Car rental (to-be)"}
    )
    assert response.status_code == 201
    body = response.json()
    copy = Journey.objects.get(pk=body["id"])
    assert (body["name"], body["state"], body["source_journey"], body["owner"]) == (
        "Car rental (to-be)",
        "to_be",
        journey.pk,
        cx_manager.pk,
    )
    assert copy.stages.count() == 2
    assert Touchpoint.objects.filter(stage__journey=copy).count() == 4


@pytest.mark.django_db
def test_duplicate_needs_a_name_and_the_add_permission(token_client, cx_manager, viewer):
    journey = JourneyFactory()
    response = token_client(cx_manager).post(f"/api/v1/journeys/{journey.pk}/duplicate/", {})
    assert response.status_code == 400
    assert response.json() == {"name": ["This field is required."]}
    refused = token_client(viewer).post(
        f"/api/v1/journeys/{journey.pk}/duplicate/", {"name": "Copy"}
    )
    assert refused.status_code == 403
    assert Journey.objects.count() == 1


@pytest.mark.django_db
def test_the_map_endpoint_returns_the_whole_map_nested(token_client, viewer):
    journey = JourneyFactory(name="Car rental")
    stage = StageFactory(journey=journey, code="F", name="Pick up", emotion_score=-2)
    touchpoint = TouchpointFactory(stage=stage, name="Counter", channel="counter")
    moment = MomentOfTruthFactory(stage=stage, touchpoint=touchpoint, standard="Under 10 min")
    observation = ObservationFactory(stage=stage, description="Queue")
    action = ActionFactory(journey=journey, stage=stage, title="Express counter")

    body = token_client(viewer).get(f"/api/v1/journeys/{journey.pk}/map/").json()

    assert body["name"] == "Car rental"
    assert body["persona"]["name"] == journey.persona.name
    [stage_body] = body["stages"]
    assert (stage_body["code"], stage_body["position"], stage_body["emotion_score"]) == (
        "F",
        1,
        -2,
    )
    assert [tp["id"] for tp in stage_body["touchpoints"]] == [touchpoint.pk]
    assert stage_body["moments_of_truth"] == [
        {
            "id": moment.pk,
            "touchpoint": touchpoint.pk,
            "description": moment.description,
            "criticality": "high",
            "standard": "Under 10 min",
            "standard_kind": "standard",
            "metric": "",
            "comparison": "",
            "target": None,
            "unit": "",
            "period": "month",
            "risks": [],
            "standard_status": None,
        }
    ]
    assert [o["id"] for o in stage_body["observations"]] == [observation.pk]
    assert [a["id"] for a in body["actions"]] == [action.pk]
    assert body["emotion_curve"] == [
        {"stage_id": stage.pk, "code": "F", "name": "Pick up", "score": -2, "source": "manual"}
    ]


@pytest.mark.django_db
def test_filters_narrow_the_lists(token_client, viewer):
    persona = PersonaFactory()
    JourneyFactory(name="Car rental", persona=persona, state="to_be")
    JourneyFactory(name="Hotel", state="to_be")
    journey = journey_with_map(stages=2, touchpoints_per_stage=2)
    client = token_client(viewer)

    journeys = client.get("/api/v1/journeys/", {"persona": persona.pk, "q": "car"}).json()
    assert [j["name"] for j in journeys["results"]] == ["Car rental"]
    stages = client.get("/api/v1/stages/", {"journey": journey.pk}).json()
    assert [s["position"] for s in stages["results"]] == [1, 2]
    back = client.get("/api/v1/touchpoints/", {"journey": journey.pk, "lane": "back_stage"})
    assert back.json()["count"] == 2
    employee = client.get("/api/v1/observations/", {"journey": journey.pk, "side": "employee"})
    assert employee.json()["count"] == 2


@pytest.mark.django_db
def test_the_schema_describes_the_custom_actions(token_client, viewer):
    schema = (
        token_client(viewer)
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    paths = schema["paths"]
    for path in [
        "/api/v1/journeys/{id}/map/",
        "/api/v1/journeys/{id}/duplicate/",
        "/api/v1/stages/{id}/move/",
        "/api/v1/touchpoints/{id}/move/",
        "/api/v1/moments-of-truth/",
    ]:
        assert path in paths, path
    move = paths["/api/v1/stages/{id}/move/"]["post"]
    assert move["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MoveRequest"
    }
    map_response = paths["/api/v1/journeys/{id}/map/"]["get"]["responses"]["200"]
    assert map_response["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JourneyMap"
    }
    duplicate = paths["/api/v1/journeys/{id}/duplicate/"]["post"]["responses"]
    assert "201" in duplicate
    reletter = paths["/api/v1/journeys/{id}/reletter-stages/"]["post"]
    assert reletter["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Stage"},
    }
    assert [parameter["name"] for parameter in reletter["parameters"]] == ["id"]


@pytest.mark.django_db
def test_a_touchpoint_says_whether_it_collects_personal_data(token_client, cx_manager):
    stage = StageFactory()
    client = token_client(cx_manager)

    created = client.post(
        "/api/v1/touchpoints/",
        {"stage": stage.pk, "name": "Booking form", "channel": "website", "lane": "front_stage"},
    ).json()
    assert created["collects_personal_data"] is False
    patched = client.patch(
        f"/api/v1/touchpoints/{created['id']}/", {"collects_personal_data": True}
    ).json()
    assert patched["collects_personal_data"] is True
    TouchpointFactory(stage=stage, name="Offers page")

    listed = client.get(
        "/api/v1/touchpoints/", {"journey": stage.journey_id, "collects_personal_data": "true"}
    ).json()
    map_body = client.get(f"/api/v1/journeys/{stage.journey_id}/map/").json()

    assert [tp["name"] for tp in listed["results"]] == ["Booking form"]
    assert [
        (tp["name"], tp["collects_personal_data"]) for tp in map_body["stages"][0]["touchpoints"]
    ] == [("Booking form", True), ("Offers page", False)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "factory", "change"),
    [
        ("stages", StageFactory, {"name": "Pre-book"}),
        ("touchpoints", TouchpointFactory, {"name": "Live chat"}),
    ],
)
def test_an_update_with_a_stale_version_gets_409_and_saves_nothing(
    token_client, cx_manager, endpoint, factory, change
):
    item = factory(name="Old")
    client = token_client(cx_manager)
    url = f"/api/v1/{endpoint}/{item.pk}/"
    assert client.get(url).json()["version"] == 1

    first = client.patch(url, {**change, "version": 1})
    assert (first.status_code, first.json()["version"]) == (200, 2)
    stale = client.patch(url, {"name": "Mine", "version": 1})

    assert stale.status_code == 409
    assert "was changed by someone else since you opened it" in stale.json()["detail"]
    item.refresh_from_db()
    assert (item.name, item.version) == (change["name"], 2)
    unchecked = client.patch(url, {"name": "Mine"})
    assert (unchecked.status_code, unchecked.json()["version"]) == (200, 3)


@pytest.mark.django_db
def test_reletter_the_stages_after_a_move(token_client, cx_manager, viewer):
    journey = JourneyFactory()
    first, _second = StageFactory(journey=journey), StageFactory(journey=journey)
    client = token_client(cx_manager)
    client.post(f"/api/v1/stages/{first.pk}/move/", {"position": 2})

    refused = token_client(viewer).post(f"/api/v1/journeys/{journey.pk}/reletter-stages/")
    response = client.post(f"/api/v1/journeys/{journey.pk}/reletter-stages/")

    assert refused.status_code == 403
    assert response.status_code == 200
    assert [(s["code"], s["position"], s["version"]) for s in response.json()] == [
        ("A", 1, 2),
        ("B", 2, 2),
    ]
    first.refresh_from_db()
    assert first.code == "B"
