import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from journeys.models import Action, MomentOfTruth, Persona, Stage, Touchpoint

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


@pytest.mark.django_db
def test_two_stages_cannot_share_a_position_in_a_journey():
    stage = StageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(journey=stage.journey, position=1, code="Z", name="Clash")
    assert stage.journey.stages.count() == 1


@pytest.mark.django_db
def test_two_stages_cannot_share_a_code_in_a_journey():
    stage = StageFactory(code="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(journey=stage.journey, position=2, code="A", name="Clash")


@pytest.mark.django_db
def test_the_same_position_and_code_are_fine_in_another_journey():
    StageFactory(code="A")
    other = StageFactory(code="A")
    assert other.position == 1


@pytest.mark.django_db
@pytest.mark.parametrize("score", [-3, 3])
def test_the_database_refuses_an_emotion_score_outside_minus_two_plus_two(score):
    stage = StageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.filter(pk=stage.pk).update(emotion_score=score)


@pytest.mark.django_db
def test_full_clean_explains_an_emotion_score_out_of_range():
    stage = StageFactory.build(journey=JourneyFactory(), position=1, code="A", emotion_score=5)
    with pytest.raises(ValidationError) as error:
        stage.full_clean()
    assert "emotion_score" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("severity", [0, 4])
def test_the_database_refuses_a_severity_outside_one_to_three(severity):
    observation = ObservationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(observation).objects.filter(pk=observation.pk).update(severity=severity)


@pytest.mark.django_db
def test_two_touchpoints_cannot_share_a_position_in_a_stage():
    touchpoint = TouchpointFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TouchpointFactory(stage=touchpoint.stage, position=1)


@pytest.mark.django_db
def test_a_moment_of_truth_touchpoint_must_belong_to_its_stage():
    moment = MomentOfTruthFactory.build(stage=StageFactory(), touchpoint=TouchpointFactory())
    with pytest.raises(ValidationError) as error:
        moment.full_clean()
    assert error.value.message_dict == {
        "touchpoint": ["The touchpoint must belong to the moment's stage."]
    }


@pytest.mark.django_db
def test_a_moment_of_truth_on_a_touchpoint_of_its_stage_is_valid():
    touchpoint = TouchpointFactory()
    MomentOfTruth(stage=touchpoint.stage, touchpoint=touchpoint, description="Keys").full_clean()


@pytest.mark.django_db
def test_an_action_stage_must_belong_to_its_journey():
    action = ActionFactory.build(journey=JourneyFactory(), stage=StageFactory())
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.message_dict == {"stage": ["The stage must belong to the action's journey."]}


@pytest.mark.django_db
def test_persona_needs_are_checked_against_the_choices():
    persona = Persona(name="P", specific_needs=["comfort", "speed"], civile_needs=["limits"])
    with pytest.raises(ValidationError) as error:
        persona.full_clean()
    assert error.value.message_dict == {"specific_needs": ["Unknown values: speed."]}


@pytest.mark.django_db
def test_persona_needs_must_be_a_list_without_repeats():
    persona = Persona(name="P", specific_needs="comfort", civile_needs=["limits", "limits"])
    with pytest.raises(ValidationError) as error:
        persona.full_clean()
    assert error.value.message_dict == {
        "specific_needs": ["Enter a list of values."],
        "civile_needs": ["A value is listed twice."],
    }


@pytest.mark.django_db
def test_persona_needs_display_in_words():
    persona = PersonaFactory(specific_needs=["comfort", "security"], civile_needs=["limits"])
    assert persona.get_specific_needs_display() == ["comfort", "security"]
    assert persona.get_civile_needs_display() == ["limits"]


@pytest.mark.django_db
def test_a_volume_needs_its_period():
    touchpoint = TouchpointFactory.build(stage=StageFactory(), position=1, volume_period="")
    with pytest.raises(ValidationError) as error:
        touchpoint.full_clean()
    assert error.value.message_dict == {
        "volume_period": ["Say per what period the volume is counted."]
    }


@pytest.mark.django_db
def test_deleting_a_journey_deletes_its_map():
    journey = journey_with_map(stages=2, touchpoints_per_stage=2)
    journey.delete()
    assert Stage.objects.count() == 0
    assert Touchpoint.objects.count() == 0
    assert MomentOfTruth.objects.count() == 0
    assert Action.objects.count() == 0
