import pytest
from django.core.exceptions import ValidationError

from journeys import services
from journeys.models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint

from .factories import (
    ActionFactory,
    JourneyFactory,
    ObservationFactory,
    StageFactory,
    TouchpointFactory,
    journey_with_map,
)


def _stages(journey):
    return list(journey.stages.order_by("position").values_list("position", "code"))


def _journey_abcd():
    journey = JourneyFactory()
    for code in "ABCD":
        services.stage_create(journey=journey, code=code, name=f"Stage {code}")
    return journey


@pytest.mark.django_db
def test_stage_create_appends_and_gives_the_next_free_code():
    journey = JourneyFactory()
    first = services.stage_create(journey=journey, name="Discover")
    second = services.stage_create(journey=journey, name="Compare")
    assert (first.position, first.code) == (1, "A")
    assert (second.position, second.code) == (2, "B")


@pytest.mark.django_db
def test_stage_create_at_a_position_shifts_the_following_stages():
    journey = _journey_abcd()
    stage = services.stage_create(journey=journey, code="X", name="Inserted", position=2)
    assert stage.position == 2
    assert _stages(journey) == [(1, "A"), (2, "X"), (3, "B"), (4, "C"), (5, "D")]


@pytest.mark.django_db
def test_stage_create_refuses_a_duplicate_code_and_saves_nothing():
    journey = _journey_abcd()
    with pytest.raises(ValidationError) as error:
        services.stage_create(journey=journey, code="B", name="Clash")
    assert error.value.messages == ["Stage with this Journey and Code already exists."]
    assert _stages(journey) == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "position", "expected"),
    [
        ("A", 3, "BCAD"),
        ("D", 1, "DABC"),
        ("B", 99, "ACDB"),
        ("C", 0, "CABD"),
        ("B", 2, "ABCD"),
    ],
)
def test_stage_move_keeps_positions_one_to_n(code, position, expected):
    journey = _journey_abcd()
    services.stage_move(stage=journey.stages.get(code=code), position=position)
    assert _stages(journey) == list(enumerate(expected, start=1))


@pytest.mark.django_db
def test_stage_delete_closes_the_gap():
    journey = _journey_abcd()
    services.stage_delete(stage=journey.stages.get(code="B"))
    assert _stages(journey) == [(1, "A"), (2, "C"), (3, "D")]


@pytest.mark.django_db
def test_stage_update_changes_fields_but_not_the_position():
    journey = _journey_abcd()
    stage = journey.stages.get(code="C")
    services.stage_update(stage=stage, data={"name": "Pre-book", "emotion_score": -2})
    stage.refresh_from_db()
    assert (stage.name, stage.emotion_score, stage.position) == ("Pre-book", -2, 3)
    with pytest.raises(TypeError):
        services.stage_update(stage=stage, data={"position": 1})


@pytest.mark.django_db
def test_stage_update_refuses_an_emotion_score_out_of_range():
    stage = StageFactory(emotion_score=1)
    with pytest.raises(ValidationError):
        services.stage_update(stage=stage, data={"emotion_score": 3})
    stage.refresh_from_db()
    assert stage.emotion_score == 1


def _touchpoints(stage):
    return list(stage.touchpoints.order_by("position").values_list("position", "name"))


@pytest.mark.django_db
def test_touchpoints_move_delete_and_insert_without_gaps():
    stage = StageFactory()
    for name in ("web", "mail", "phone"):
        services.touchpoint_create(stage=stage, name=name, channel="website")
    services.touchpoint_move(touchpoint=stage.touchpoints.get(name="phone"), position=1)
    assert _touchpoints(stage) == [(1, "phone"), (2, "web"), (3, "mail")]
    services.touchpoint_delete(touchpoint=stage.touchpoints.get(name="web"))
    assert _touchpoints(stage) == [(1, "phone"), (2, "mail")]
    services.touchpoint_create(stage=stage, name="sms", channel="sms", position=2)
    assert _touchpoints(stage) == [(1, "phone"), (2, "sms"), (3, "mail")]


@pytest.mark.django_db
def test_moving_a_touchpoint_leaves_other_stages_alone():
    first, second = StageFactory(), StageFactory()
    for stage in (first, second):
        for name in ("x", "y"):
            services.touchpoint_create(stage=stage, name=name, channel="email")
    services.touchpoint_move(touchpoint=first.touchpoints.get(name="y"), position=1)
    assert _touchpoints(first) == [(1, "y"), (2, "x")]
    assert _touchpoints(second) == [(1, "x"), (2, "y")]


@pytest.mark.django_db
def test_moment_of_truth_create_refuses_a_touchpoint_of_another_stage():
    stage = StageFactory()
    with pytest.raises(ValidationError):
        services.moment_of_truth_create(
            stage=stage, touchpoint=TouchpointFactory(), description="Keys"
        )
    assert MomentOfTruth.objects.count() == 0


@pytest.mark.django_db
def test_journey_duplicate_deep_copies_the_map_but_not_the_actions(cx_manager):
    source = journey_with_map(stages=3, touchpoints_per_stage=2)
    copy = services.journey_duplicate(journey=source, name="To-be", owner=cx_manager)

    assert (copy.name, copy.state, copy.owner, copy.source_journey) == (
        "To-be",
        Journey.State.TO_BE,
        cx_manager,
        source,
    )
    assert copy.persona == source.persona
    assert _stages(copy) == _stages(source)
    assert Touchpoint.objects.filter(stage__journey=copy).count() == 6
    assert MomentOfTruth.objects.filter(stage__journey=copy).count() == 3
    assert Observation.objects.filter(stage__journey=copy).count() == 6
    assert Action.objects.filter(journey=copy).count() == 0
    assert Action.objects.filter(journey=source).count() == 3
    # Moments point to the copy's own touchpoints, in the copy's own stages.
    for moment in MomentOfTruth.objects.filter(stage__journey=copy).select_related("touchpoint"):
        assert moment.touchpoint.stage_id == moment.stage_id
    copied = list(
        Touchpoint.objects.filter(stage__journey=copy)
        .order_by("stage__position", "position")
        .values_list("stage__code", "position", "name", "channel", "lane", "volume")
    )
    original = list(
        Touchpoint.objects.filter(stage__journey=source)
        .order_by("stage__position", "position")
        .values_list("stage__code", "position", "name", "channel", "lane", "volume")
    )
    assert copied == original


@pytest.mark.django_db
def test_a_duplicate_is_independent_of_its_source(cx_manager):
    source = journey_with_map(stages=2, touchpoints_per_stage=2)
    copy = services.journey_duplicate(journey=source, name="To-be", owner=cx_manager)

    copy_stage = copy.stages.get(position=1)
    services.stage_update(stage=copy_stage, data={"name": "Renamed"})
    services.touchpoint_delete(touchpoint=copy_stage.touchpoints.first())
    services.stage_delete(stage=copy.stages.get(position=2))

    assert source.stages.count() == 2
    assert source.stages.get(position=1).name != "Renamed"
    assert Touchpoint.objects.filter(stage__journey=source).count() == 4
    assert MomentOfTruth.objects.filter(stage__journey=source).count() == 2
    services.journey_delete(journey=source)
    copy.refresh_from_db()
    assert copy.source_journey is None
    assert copy.stages.count() == 1


@pytest.mark.django_db
def test_action_create_checks_the_stage_belongs_to_the_journey():
    journey = JourneyFactory()
    with pytest.raises(ValidationError):
        services.action_create(journey=journey, stage=StageFactory(), title="Fix the queue")
    assert Action.objects.count() == 0
    action = services.action_create(
        journey=journey, stage=StageFactory(journey=journey), title="Fix the queue"
    )
    assert action.status == Action.Status.TODO


@pytest.mark.django_db
def test_observation_and_action_updates_go_through_validation():
    observation = ObservationFactory()
    with pytest.raises(ValidationError):
        services.observation_update(observation=observation, data={"severity": 7})
    services.observation_update(observation=observation, data={"severity": 3})
    observation.refresh_from_db()
    assert observation.severity == 3
    action = ActionFactory()
    services.action_update(action=action, data={"status": Action.Status.DONE})
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


@pytest.mark.django_db
def test_persona_create_validates_the_needs():
    with pytest.raises(ValidationError):
        services.persona_create(name="P", specific_needs=["speed"])
    persona = services.persona_create(name="P", specific_needs=["security"])
    assert persona.specific_needs == ["security"]


@pytest.mark.django_db
def test_stage_positions_survive_many_moves():
    journey = _journey_abcd()
    stages = {stage.code: stage for stage in journey.stages.all()}
    order_after_each_move = []
    for code, position in [("A", 4), ("C", 1), ("D", 2), ("B", 4), ("A", 1), ("D", 3)]:
        moved = services.stage_move(stage=stages[code], position=position)
        assert moved.position == position
        order_after_each_move.append("".join(code for _, code in _stages(journey)))
    assert order_after_each_move == ["BCDA", "CBDA", "CDBA", "CDAB", "ACDB", "ACDB"]
    assert _stages(journey) == [(1, "A"), (2, "C"), (3, "D"), (4, "B")]


@pytest.mark.django_db
def test_stage_update_with_a_stale_version_is_refused_and_changes_nothing():
    stage = StageFactory(name="Book")
    mine, theirs = Stage.objects.get(pk=stage.pk), Stage.objects.get(pk=stage.pk)
    services.stage_update(stage=theirs, data={"name": "Pre-book"}, version=1)

    with pytest.raises(services.StaleEdit) as refused:
        services.stage_update(stage=mine, data={"place": "airport"}, version=1)

    assert refused.value.code == "stale"
    stage.refresh_from_db()
    assert (stage.name, stage.place, stage.version) == ("Pre-book", "at home", 2)


@pytest.mark.django_db
def test_every_update_adds_one_to_the_version_and_no_version_skips_the_check():
    touchpoint = TouchpointFactory()

    services.touchpoint_update(touchpoint=touchpoint, data={"name": "Chat"}, version=1)
    services.touchpoint_update(touchpoint=touchpoint, data={"name": "Live chat"})

    touchpoint.refresh_from_db()
    assert (touchpoint.name, touchpoint.version) == ("Live chat", 3)
    with pytest.raises(services.StaleEdit):
        services.touchpoint_update(touchpoint=touchpoint, data={"name": "Bot"}, version=2)


@pytest.mark.django_db
def test_reletter_gives_a_to_z_then_a2_in_the_stages_order():
    journey = JourneyFactory()
    for index in range(28):
        services.stage_create(journey=journey, code=f"S{index}", name=f"Stage {index}")
    services.stage_move(stage=journey.stages.get(code="S27"), position=1)

    services.journey_reletter_stages(journey=journey)

    codes = list(journey.stages.order_by("position").values_list("code", "name"))
    assert codes[:2] == [("A", "Stage 27"), ("B", "Stage 0")]
    assert codes[-3:] == [("Z", "Stage 24"), ("A2", "Stage 25"), ("B2", "Stage 26")]
