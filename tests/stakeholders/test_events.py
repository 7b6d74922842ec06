"""What stakeholders announces through core.events: a new SLA breach, a submitted interview,
a validated interview; and nothing for a met measurement or a breach already known."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core import events
from stakeholders import services
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import InterviewFactory, SLAObjectiveFactory, complete_answers, measurements

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """Every announcement of the three events, as (event, payload), in order."""
    heard = []

    def listener(event):
        return lambda **payload: heard.append((event, payload))

    handlers = {
        event: listener(event)
        for event in ("sla.breached", "interview.submitted", "interview.validated")
    }
    for event, handler in handlers.items():
        events.register(event, handler)
    yield heard
    for event, handler in handlers.items():
        events.unregister(event, handler)


def test_a_breached_measurement_is_announced_with_its_stakeholder(announced):
    objective = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    [measurement] = measurements(objective, ["97"])
    assert announced == [
        (
            "sla.breached",
            {"measurement_id": measurement.pk, "stakeholder_id": objective.sla.stakeholder_id},
        )
    ]


def test_a_met_measurement_announces_nothing(announced):
    objective = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    measurements(objective, ["98", "99.5"])
    assert announced == []


def test_a_met_period_corrected_into_a_breach_is_announced(announced):
    objective = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    [measurement] = measurements(objective, ["99"])
    services.measurement_record(
        objective=objective, period_start=date(2025, 1, 1), value=Decimal("90")
    )
    assert announced == [
        (
            "sla.breached",
            {"measurement_id": measurement.pk, "stakeholder_id": objective.sla.stakeholder_id},
        )
    ]


def test_a_breach_corrected_into_another_breach_is_not_announced_again(announced):
    objective = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    measurements(objective, ["90"])
    services.measurement_record(
        objective=objective, period_start=date(2025, 1, 1), value=Decimal("95")
    )
    assert [event for event, _payload in announced] == ["sla.breached"]


@pytest.fixture
def interview(db):
    return InterviewFactory(journey=StageFactory(journey=JourneyFactory()).journey)


def _submit(interview):
    stage_ids = list(interview.journey.stages.values_list("pk", flat=True))
    services.interview_submit(
        interview=interview, answers=complete_answers(stage_ids), ease_of_satisfying=3
    )


def test_submitting_an_interview_is_announced(interview, announced):
    _submit(interview)
    assert announced == [("interview.submitted", {"interview_id": interview.pk})]


def test_a_refused_submission_announces_nothing(interview, announced):
    with pytest.raises(ValidationError):
        services.interview_submit(interview=interview)
    assert announced == []


def test_validating_an_interview_is_announced_once(interview, announced, cx_manager):
    _submit(interview)
    services.interview_validate(interview=interview, validated_by=cx_manager)
    services.interview_validate(interview=interview, validated_by=cx_manager)
    assert announced == [
        ("interview.submitted", {"interview_id": interview.pk}),
        ("interview.validated", {"interview_id": interview.pk}),
    ]
