"""Stages and touchpoints chosen across journeys name their journey."""

import pytest

from journeys.fields import StageChoiceField, StageFilter, TouchpointChoiceField
from journeys.selectors import stage_options, touchpoint_options
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory


@pytest.mark.django_db
def test_stage_and_touchpoint_choices_name_their_journey():
    stage = StageFactory(journey=JourneyFactory(name="Car rental"), code="A", name="Car return")
    touchpoint = TouchpointFactory(stage=stage, name="Key box")

    stages = dict(StageChoiceField(queryset=stage_options()).choices)
    filtered = dict(StageFilter().field.choices)
    touchpoints = dict(TouchpointChoiceField(queryset=touchpoint_options()).choices)

    assert stages[stage.pk] == "Car rental — A. Car return"
    assert filtered[stage.pk] == "Car rental — A. Car return"
    assert touchpoints[touchpoint.pk] == "Car rental — A. Key box"
