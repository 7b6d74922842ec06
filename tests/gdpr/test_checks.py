"""The register's consistency checks look at as-is journeys only: a to-be journey is a design,
not processing that takes place. The register's stage filter names each stage's journey."""

import pytest

from gdpr import selectors
from gdpr.filters import DataItemFilterSet
from gdpr.forms import StageChoiceForm
from journeys.models import Journey
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import DataItemFactory

pytestmark = pytest.mark.django_db


def _journey_with_gaps(name, state):
    journey = JourneyFactory(name=name, state=state)
    TouchpointFactory(stage=StageFactory(journey=journey), collects_personal_data=True)
    DataItemFactory(stage=StageFactory(journey=journey), activity=None, name=f"{name} data")
    return journey


@pytest.fixture
def journeys():
    return (
        _journey_with_gaps("As is", Journey.State.AS_IS),
        _journey_with_gaps("To be", Journey.State.TO_BE),
    )


def _flagged(checks):
    return {
        check.code: sorted(
            entry.journey.name if check.code == "stage_without_entry" else entry.name
            for entry in check.entries
        )
        for check in checks
        if not check.passed
    }


def test_only_as_is_journeys_are_checked(journeys):
    as_is, to_be = journeys

    everything = _flagged(selectors.consistency_checks())
    design = _flagged(selectors.consistency_checks(journey_id=to_be.pk))

    assert everything == {
        "no_legal_basis": ["As is data"],
        "no_retention": ["As is data"],
        "stage_without_entry": ["As is"],
    }
    assert _flagged(selectors.consistency_checks(journey_id=as_is.pk)) == everything
    assert design == {}


def test_the_pages_say_the_checks_cover_as_is_journeys_only(client, dpo, journeys):
    as_is, to_be = journeys
    client.force_login(dpo)

    dashboard = client.get("/register/").content.decode()
    checked = client.get(f"/register/journeys/{as_is.pk}/").content.decode()
    design = client.get(
        f"/register/journeys/{to_be.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert "The checks cover as-is journeys only" in dashboard
    assert "The checks cover as-is journeys only" in checked
    assert "Personal data without a legal basis" in checked
    assert "les contrôles de cohérence ne portent que sur les parcours actuels" in design
    assert "Personal data without a legal basis" not in design


def test_stage_choices_name_each_stage_s_journey():
    stage = StageFactory(journey=JourneyFactory(name="Car rental"), code="H", name="Car return")

    filtered = dict(DataItemFilterSet().form.fields["stage"].choices)
    chosen = dict(StageChoiceForm().fields["stage"].choices)

    assert filtered[stage.pk] == chosen[stage.pk] == "Car rental — H. Car return"
