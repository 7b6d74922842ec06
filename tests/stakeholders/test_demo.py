import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from journeys.models import Observation, Stage
from stakeholders.experience import employee_experience_by_stage
from stakeholders.filters import StakeholderFilterSet
from stakeholders.models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    InterviewOutcome,
    Involvement,
    SLAMeasurement,
    Stakeholder,
)
from tests.journeys.factories import JourneyFactory, StageFactory

MODELS = (
    Stakeholder,
    Involvement,
    KPI,
    Incentive,
    SLA,
    SLAMeasurement,
    Interview,
    InterviewOutcome,
    Observation,
)


def _snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


@pytest.mark.django_db
def test_load_demo_adds_the_car_rental_stakeholders_once():
    """Four employees, two subcontractors with a year of measurements, one dissonant KPI,
    four interviews by Inès (two validated: the employee lane); a second run changes nothing."""
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert (
        sorted(Stakeholder.objects.values_list("kind", flat=True))
        == ["external"] * 2 + ["internal"] * 4
    )
    assert SLAMeasurement.objects.count() == 24
    assert SLAMeasurement.objects.filter(met=False).count() == 5
    assert list(KPI.objects.filter(alignment="dissonant").values_list("name", flat=True)) == [
        "Calls handled per day"
    ]
    assert sorted(Interview.objects.values_list("status", "interviewer__username")) == [
        ("draft", "ines"),
        ("submitted", "ines"),
        ("validated", "ines"),
        ("validated", "ines"),
    ]
    assert InterviewOutcome.objects.exclude(observation=None).count() == 3
    journey = Interview.objects.filter(status="validated").first().journey
    lane = {
        Stage.objects.get(pk=stage_id).code: items[0]
        for stage_id, items in employee_experience_by_stage(journey_id=journey.pk).items()
    }
    assert {code: (str(item.ease), item.ease_count) for code, item in lane.items()} == {
        "C": ("3.0", 1),
        "E": ("2.0", 1),
        "F": ("2.5", 2),
        "H": ("4.0", 1),
    }
    assert lane["F"].blockers[0] == ("The website booking does not reach the counter software", 2)
    before = _snapshot()
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert _snapshot() == before


@pytest.mark.django_db
def test_every_demo_date_is_in_the_past():
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    now = timezone.now()

    assert Interview.objects.filter(scheduled_at__gt=now).count() == 0
    assert Interview.objects.filter(submitted_at__gt=now).count() == 0
    assert Interview.objects.filter(validated_at__gt=now).count() == 0
    assert SLAMeasurement.objects.filter(period_start__gt=timezone.localdate()).count() == 0
    assert SLA.objects.filter(valid_from__gt=timezone.localdate()).count() == 0


@pytest.mark.django_db
def test_the_stage_filter_names_each_stage_s_journey():
    stage = StageFactory(journey=JourneyFactory(name="Car rental"), code="H", name="Car return")

    choices = dict(StakeholderFilterSet().form.fields["stage"].choices)

    assert choices[stage.pk] == "Car rental — H. Car return"
