"""The stakeholders' notifications: an SLA breach tells the stakeholder's owner, a submitted
interview the CX managers, a validated one its interviewer."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import Notification
from core.roles import Role
from stakeholders import services
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import InterviewFactory, SLAObjectiveFactory, complete_answers

pytestmark = pytest.mark.django_db


def test_a_breach_tells_the_stakeholders_owner_once():
    owner = UserFactory(username="sla-owner")
    objective = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    objective.sla.stakeholder.owner = owner
    objective.sla.stakeholder.save()

    services.measurement_record(objective=objective, period_start=date(2025, 1, 1), value=90)
    services.measurement_record(objective=objective, period_start=date(2025, 1, 1), value=91)

    notification = Notification.objects.get()
    assert notification.recipient == owner
    assert notification.kind == "sla.breached"
    assert notification.url == f"/stakeholders/{objective.sla.stakeholder_id}/"


def test_an_interview_submitted_tells_the_cx_managers_and_validated_its_interviewer():
    manager = UserFactory(username="manager", role=Role.CX_MANAGER)
    interview = InterviewFactory(journey=StageFactory(journey=JourneyFactory()).journey)
    stage_ids = list(interview.journey.stages.values_list("pk", flat=True))
    services.interview_submit(
        interview=interview, answers=complete_answers(stage_ids), ease_of_satisfying=3
    )
    services.interview_validate(interview=interview, validated_by=manager)

    told = set(Notification.objects.values_list("kind", "recipient_id"))
    assert told == {
        ("interview.submitted", manager.pk),
        ("interview.validated", interview.interviewer_id),
    }
