import pytest

from journeys import selectors, services

from .factories import JourneyFactory, StageFactory, TouchpointFactory, journey_with_map


@pytest.mark.django_db
def test_journey_list_counts_stages_and_filters():
    car = JourneyFactory(name="Car rental", state="as_is")
    StageFactory(journey=car)
    StageFactory(journey=car)
    JourneyFactory(name="Hotel", state="to_be")

    everything = selectors.journey_list()
    to_be = selectors.journey_list(filters={"state": "to_be"})

    assert [(j.name, j.stage_count) for j in everything] == [("Car rental", 2), ("Hotel", 0)]
    assert [j.name for j in to_be] == ["Hotel"]


@pytest.mark.django_db
def test_journey_map_get_orders_stages_and_touchpoints():
    journey = journey_with_map(stages=3, touchpoints_per_stage=3)
    last = journey.stages.get(position=3)
    services.stage_move(stage=last, position=1)
    services.touchpoint_move(touchpoint=last.touchpoints.get(position=3), position=1)

    loaded = selectors.journey_map_get(journey_id=journey.pk)

    stages = list(loaded.stages.all())
    assert [stage.position for stage in stages] == [1, 2, 3]
    assert stages[0].pk == last.pk
    assert [tp.position for tp in stages[0].touchpoints.all()] == [1, 2, 3]
    assert len(loaded.actions.all()) == 3


@pytest.mark.django_db
def test_the_emotion_curve_has_one_manual_point_per_stage_in_order():
    journey = JourneyFactory()
    first = StageFactory(journey=journey, code="A", name="Discover", emotion_score=1)
    second = StageFactory(journey=journey, code="B", name="Compare", emotion_score=None)

    points = selectors.journey_emotion_curve(
        journey=selectors.journey_map_get(journey_id=journey.pk)
    )

    assert [(p.stage_id, p.code, p.name, p.score, p.source) for p in points] == [
        (first.pk, "A", "Discover", 1, "manual"),
        (second.pk, "B", "Compare", None, "manual"),
    ]


@pytest.mark.django_db
def test_stages_collecting_personal_data_lists_stages_with_such_a_touchpoint_once():
    journey = JourneyFactory()
    home, counter, car_park = (StageFactory(journey=journey) for _ in range(3))
    TouchpointFactory(stage=home, collects_personal_data=True)
    TouchpointFactory(stage=home, collects_personal_data=True)
    TouchpointFactory(stage=counter, collects_personal_data=False)
    TouchpointFactory(stage=car_park, collects_personal_data=True)
    other_journey_stage = StageFactory()
    TouchpointFactory(stage=other_journey_stage, collects_personal_data=True)

    stages = selectors.stages_collecting_personal_data(journey_id=journey.pk)

    assert list(stages) == [home, car_park]
