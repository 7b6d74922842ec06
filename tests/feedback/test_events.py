"""What feedback announces through core.events, with exact payloads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import events
from feedback import services
from feedback.models import Case

from .factories import FollowUpRuleFactory, sent_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Registers a handler for each feedback event for one test; yields what each received."""
    calls = {"response.stored": [], "case.opened": [], "case.overdue": []}
    handlers = {name: (lambda name=name, **payload: calls[name].append(payload)) for name in calls}
    for name, handler in handlers.items():
        events.register(name, handler)
    yield calls
    for name, handler in handlers.items():
        events.unregister(name, handler)


def _submit(invitation_token, nps):
    return services.response_submit(token=invitation_token, answers={"nps": nps, "comment": ""})


def test_a_promoters_answer_is_announced_stored_and_opens_no_case(heard):
    rule = FollowUpRuleFactory()
    _invitation, token = sent_invitation(rule)

    response = _submit(token, 10)

    assert heard == {
        "response.stored": [{"response_id": response.pk, "journey_id": rule.stage.journey_id}],
        "case.opened": [],
        "case.overdue": [],
    }


def test_a_detractors_answer_announces_the_response_then_its_case(heard):
    rule = FollowUpRuleFactory()
    _invitation, token = sent_invitation(rule)

    response = _submit(token, 2)

    case = Case.objects.get()
    assert case.response == response
    assert heard == {
        "response.stored": [{"response_id": response.pk, "journey_id": rule.stage.journey_id}],
        "case.opened": [{"case_id": case.pk}],
        "case.overdue": [],
    }


def test_a_case_opened_by_hand_is_announced(heard):
    stage = FollowUpRuleFactory().stage

    case = services.case_create(stage=stage, title="Phone complaint")

    assert heard["case.opened"] == [{"case_id": case.pk}]
    assert heard["response.stored"] == heard["case.overdue"] == []


def test_each_case_newly_overdue_is_announced_once(heard):
    stage = FollowUpRuleFactory().stage
    past = timezone.now() - timedelta(hours=1)
    late = [services.case_create(stage=stage, title=f"Late {n}", due_at=past) for n in range(2)]
    services.case_create(stage=stage, title="Not yet", due_at=timezone.now() + timedelta(days=1))
    closed = services.case_create(stage=stage, title="Closed", due_at=past)
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)

    first = services.cases_flag_overdue()
    second = services.cases_flag_overdue()

    assert (first, second) == (2, 0)
    assert heard["case.overdue"] == [{"case_id": case.pk} for case in late]
    assert Case.objects.filter(overdue_since__isnull=False).count() == 2
