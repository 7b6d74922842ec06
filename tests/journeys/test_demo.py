import pytest
from django.core.management import call_command

from journeys import selectors
from journeys.demo import AS_IS_NAME, TO_BE_NAME
from journeys.models import Action, Journey, MomentOfTruth, Observation, Persona, Stage, Touchpoint


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Persona, Journey, Stage, Touchpoint, MomentOfTruth, Observation, Action)
    }


@pytest.mark.django_db
def test_load_demo_adds_the_car_rental_journey_and_its_to_be_copy():
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115

    as_is = Journey.objects.get(name=AS_IS_NAME)
    to_be = Journey.objects.get(name=TO_BE_NAME)
    assert (as_is.state, as_is.owner.username) == ("as_is", "claire")
    assert as_is.persona.name == "Business traveller renting a car"
    assert list(as_is.stages.values_list("code", "place")) == [
        ("A", "at home"),
        ("B", "at home"),
        ("C", "at home"),
        ("D", "at home"),
        ("E", "airport"),
        ("F", "airport"),
        ("G", "car park"),
        ("H", "car park"),
    ]
    touchpoints = Touchpoint.objects.filter(stage__journey=as_is)
    assert touchpoints.count() == 23
    assert touchpoints.values("channel").distinct().count() >= 5
    assert MomentOfTruth.objects.filter(stage__journey=as_is).count() == 4
    assert "Car handed over in under 10 minutes" in MomentOfTruth.objects.filter(
        stage__journey=as_is
    ).values_list("standard", flat=True)
    observations = Observation.objects.filter(stage__journey=as_is)
    assert set(observations.values_list("side", flat=True)) == {"customer", "employee"}
    retyping = observations.get(description__startswith="Agents must re-enter")
    assert list(retyping.explains.values_list("description", flat=True)) == [
        "Twenty-minute queue at the counter at peak time"
    ]
    assert as_is.actions.count() == 4
    assert list(
        selectors.stages_collecting_personal_data(journey_id=as_is.pk).values_list(
            "code", flat=True
        )
    ) == ["A", "C", "D", "F", "G"]

    assert (to_be.state, to_be.source_journey, to_be.owner.username) == ("to_be", as_is, "claire")
    assert Touchpoint.objects.filter(stage__journey=to_be).count() == 25
    assert to_be.stages.get(code="F").emotion_score == 1
    assert to_be.actions.count() == 0


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = _snapshot()
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before
