"""Services: met or breached computed, bulk all-or-nothing, interviews draft → submit →
validate, idempotent validation, the missing-measurement flag."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from journeys.models import Observation
from stakeholders import services
from stakeholders.models import KPI, SLA, Incentive, Interview, SLAMeasurement, SLAObjective
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import (
    InterviewFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    complete_answers,
    measurements,
)

pytestmark = pytest.mark.django_db


def test_a_measurement_is_met_or_breached_by_its_objective():
    """At least 98: 98 meets, 97.9 breaches; at most 10: 10 meets, 10.5 breaches."""
    at_least = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    at_most = SLAObjectiveFactory(comparison="at_most", target=Decimal("10"))
    assert [m.met for m in measurements(at_least, ["98", "97.9"])] == [True, False]
    assert [m.met for m in measurements(at_most, ["10", "10.5"])] == [True, False]


def test_recording_a_period_again_corrects_it():
    """A second value for a period replaces the first and is judged again."""
    objective = SLAObjectiveFactory(target=Decimal("98"))
    measurements(objective, ["90"])
    measurement = services.measurement_record(
        objective=objective, period_start=date(2025, 1, 1), value=Decimal("99")
    )
    assert SLAMeasurement.objects.filter(objective=objective).count() == 1
    assert (measurement.value, measurement.met) == (Decimal("99"), True)


def test_a_period_must_start_on_its_first_day():
    """A monthly measurement on the 15th is refused."""
    objective = SLAObjectiveFactory()
    with pytest.raises(ValidationError):
        services.measurement_record(objective=objective, period_start=date(2025, 1, 15), value=1)
    assert not SLAMeasurement.objects.exists()


def test_changing_the_target_judges_the_measurements_again():
    objective = SLAObjectiveFactory(target=Decimal("98"))
    measurements(objective, ["97"])
    services.sla_objective_update(objective=objective, data={"target": Decimal("95")})
    assert SLAMeasurement.objects.get().met is True


def test_bulk_recording_is_all_or_nothing():
    """One bad row: nothing is recorded, and the error names the row."""
    objective = SLAObjectiveFactory()
    rows = [
        {"objective": objective, "period_start": date(2025, 1, 1), "value": Decimal("99")},
        {"objective": objective, "period_start": date(2025, 2, 3), "value": Decimal("99")},
    ]
    with pytest.raises(ValidationError) as error:
        services.measurements_record_many(rows=rows)
    assert list(error.value.message_dict) == ["1"]
    assert not SLAMeasurement.objects.exists()


def test_an_internal_stakeholder_with_slas_cannot_become_internal():
    sla_objective = SLAObjectiveFactory()
    stakeholder = sla_objective.sla.stakeholder
    with pytest.raises(ValidationError):
        services.stakeholder_update(stakeholder=stakeholder, data={"kind": "internal"})
    stakeholder.refresh_from_db()
    assert stakeholder.kind == "external"


def test_missing_measurements_are_flagged_then_cleared():
    """On 10 March, a monthly objective without a February value is flagged; recording
    February clears it."""
    measured = SLAObjectiveFactory()
    missing = SLAObjectiveFactory()
    measurements(measured, ["99"], start=date(2025, 2, 1))
    assert services.sla_objectives_flag_missing(today=date(2025, 3, 10)) == 1
    missing.refresh_from_db()
    measured.refresh_from_db()
    assert (missing.missing_period_start, measured.missing_period_start) == (date(2025, 2, 1), None)
    services.measurement_record(
        objective=missing, period_start=date(2025, 2, 1), value=Decimal("99")
    )
    assert SLAObjective.objects.exclude(missing_period_start=None).count() == 0


@pytest.fixture
def interview(db):
    journey = JourneyFactory()
    StageFactory(journey=journey)
    StageFactory(journey=journey)
    return InterviewFactory(journey=journey)


def _stage_ids(interview):
    return list(interview.journey.stages.order_by("position").values_list("pk", flat=True))


def test_a_draft_saves_incomplete_answers(interview):
    """Half the sections: saved, still a draft."""
    answers = {"channels_and_volumes": "Counter"}
    saved = services.interview_save_draft(interview=interview, answers=answers)
    assert saved.status == Interview.Status.DRAFT
    assert saved.answers["channels_and_volumes"] == "Counter"


def test_submitting_checks_every_section(interview):
    """Missing sections are named and the interview stays a draft."""
    services.interview_save_draft(interview=interview, answers={"tools": "CRM"})
    with pytest.raises(ValidationError) as error:
        services.interview_submit(interview=interview)
    message = error.value.message_dict["answers"][0]
    assert "Role at each stage" in message
    assert "How easy is it to satisfy the customer?" in message
    assert "Tools" not in message
    interview.refresh_from_db()
    assert interview.status == Interview.Status.DRAFT


def test_draft_submit_validate_creates_observations_once(interview, cx_manager):
    """Validation creates one employee-side irritant, one enchantment, the KPI and the
    incentive; validating again creates nothing more."""
    services.interview_submit(
        interview=interview, answers=complete_answers(_stage_ids(interview)), ease_of_satisfying=2
    )
    services.interview_validate(interview=interview, validated_by=cx_manager)
    services.interview_validate(interview=interview, validated_by=cx_manager)
    observations = Observation.objects.filter(stage__journey=interview.journey)
    assert sorted(observations.values_list("kind", "side", "source", "description")) == [
        ("enchantment", "employee", "interview", "Regulars thank us."),
        ("irritant", "employee", "interview", "Bookings are retyped at the counter."),
    ]
    assert list(KPI.objects.values_list("stakeholder", "name")) == [
        (interview.stakeholder_id, "Calls handled per day")
    ]
    assert Incentive.objects.filter(stakeholder=interview.stakeholder).count() == 1
    interview.refresh_from_db()
    assert (interview.status, interview.validated_by) == ("validated", cx_manager)


def test_a_submitted_interview_is_read_only(interview):
    services.interview_submit(
        interview=interview, answers=complete_answers(_stage_ids(interview)), ease_of_satisfying=2
    )
    with pytest.raises(ValidationError):
        services.interview_save_draft(interview=interview, answers={})
    interview.refresh_from_db()
    assert interview.answers["tools"] == "Counter software"


def test_a_draft_cannot_be_validated(interview, cx_manager):
    with pytest.raises(ValidationError):
        services.interview_validate(interview=interview, validated_by=cx_manager)
    assert not Observation.objects.exists()


def test_answers_naming_a_stage_of_another_journey_are_refused(interview):
    other = StageFactory()
    with pytest.raises(ValidationError):
        services.interview_save_draft(
            interview=interview, answers={"stages": {str(other.pk): {"role": "x"}}}
        )


def test_an_sla_needs_an_external_stakeholder():
    with pytest.raises(ValidationError):
        services.sla_create(
            stakeholder=StakeholderFactory(), service="x", valid_from=date(2025, 1, 1)
        )
    assert not SLA.objects.exists()
