"""Model invariants: validation in clean() and the database constraints behind it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from stakeholders.models import SLA, Involvement, SLAMeasurement
from tests.journeys.factories import StageFactory, TouchpointFactory

from .factories import (
    InterviewFactory,
    InvolvementFactory,
    KPIFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def test_an_internal_stakeholder_cannot_have_an_sla():
    """Only external stakeholders work under an SLA."""
    sla = SLA(stakeholder=StakeholderFactory(), service="Cleaning", valid_from=date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        sla.full_clean()
    assert "stakeholder" in error.value.message_dict


def test_an_involvement_touchpoint_must_belong_to_its_stage():
    """A touchpoint of another stage is refused."""
    involvement = Involvement(
        stakeholder=StakeholderFactory(), stage=StageFactory(), touchpoint=TouchpointFactory()
    )
    with pytest.raises(ValidationError) as error:
        involvement.full_clean()
    assert "touchpoint" in error.value.message_dict


def test_involvement_channels_must_be_touchpoint_channels():
    """Channels are the journeys' touchpoint channel values."""
    involvement = InvolvementFactory.build(
        stakeholder=StakeholderFactory(), stage=StageFactory(), channels=["pigeon"]
    )
    with pytest.raises(ValidationError) as error:
        involvement.full_clean()
    assert "channels" in error.value.message_dict


def test_a_stakeholder_is_involved_once_per_stage():
    """The conditional unique constraint holds without a touchpoint."""
    involvement = InvolvementFactory()
    with pytest.raises(IntegrityError):
        InvolvementFactory(stakeholder=involvement.stakeholder, stage=involvement.stage)


def test_one_measurement_per_objective_and_period():
    """The database refuses a second value for the same period."""
    objective = SLAObjectiveFactory()
    SLAMeasurement.objects.create(
        objective=objective, period_start=date(2025, 1, 1), value=99, met=True
    )
    with pytest.raises(IntegrityError):
        SLAMeasurement.objects.create(
            objective=objective, period_start=date(2025, 1, 1), value=90, met=False
        )


def test_an_incentive_kpi_must_be_the_same_stakeholders():
    """An incentive cannot depend on another stakeholder's KPI."""
    from stakeholders.models import Incentive

    incentive = Incentive(
        stakeholder=StakeholderFactory(), type="reward", name="x", kpi=KPIFactory()
    )
    with pytest.raises(ValidationError) as error:
        incentive.full_clean()
    assert "kpi" in error.value.message_dict


def test_the_ease_of_satisfying_runs_from_1_to_5():
    """The check constraint refuses 6."""
    with pytest.raises(IntegrityError):
        InterviewFactory(ease_of_satisfying=6)
