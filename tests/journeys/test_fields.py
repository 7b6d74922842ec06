"""Stages and touchpoints chosen across journeys name their journey."""

import pytest

from feedback.filters import InvitationFilterSet
from feedback.models import Invitation
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


@pytest.mark.django_db
def test_a_page_offers_every_stage_only_while_there_are_few(monkeypatch):
    monkeypatch.setattr("journeys.fields.STAGE_CHOICES_SHOWN", 3)
    rental, repair = JourneyFactory(name="Car rental"), JourneyFactory(name="Repair")
    rental_stages = [StageFactory(journey=rental, code=code) for code in "AB"]
    StageFactory.create_batch(2, journey=repair)

    def offered(data):
        form = InvitationFilterSet(data, queryset=Invitation.objects.none()).form
        return [value for value, _label in form.fields["stage"].choices if value]

    rental_ids = [stage.pk for stage in rental_stages]
    # four stages: none offered until a journey or a stage is chosen
    assert offered({}) == []
    assert offered({"journey": str(rental.pk)}) == rental_ids
    assert offered({"stage": str(rental_ids[1])}) == rental_ids
