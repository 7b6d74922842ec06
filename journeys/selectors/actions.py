"""What an observation turned into an action starts with: the cross matrix's priority and a
pre-filled action."""

import datetime

from django.utils import timezone

from ..models import Action, Observation

# The action's due date, counted from today, by priority: the first fixes come first.
DAYS_TO_DUE_DATE = {
    Action.Priority.FIRST: 30,
    Action.Priority.SECOND: 60,
    Action.Priority.THIRD: 90,
}


def observation_action_priority(*, observation: Observation, at_stage: list[Observation]) -> int:
    """The priority of the cross-matrix quadrant the observation sits in, among the
    observations `at_stage` (its stage's): an irritant seen on both sides is fixed first (1);
    a customer irritant that staff do not see is fixed first too; a customer irritant staff
    see as an enchantment (check the indicators and channels) and an employee irritant the
    customers do not feel (a process or tool problem staff compensate for) come second (2);
    an enchantment is capitalised on (3)."""
    if observation.kind == Observation.Kind.ENCHANTMENT:
        return Action.Priority.THIRD
    others = {
        other.kind
        for other in at_stage
        if other.side != observation.side and other.pk != observation.pk
    }
    if Observation.Kind.IRRITANT in others:
        return Action.Priority.FIRST
    if observation.side == Observation.Side.CUSTOMER and not others:
        return Action.Priority.FIRST
    return Action.Priority.SECOND


def action_draft(*, observation: Observation) -> dict:
    """The action form's initial values for an observation: its stage, its description as
    the title, the journey's owner, the quadrant's priority and a due date by priority.
    Two queries: the observation's stage with its journey, and the stage's observations."""
    stage = observation.stage
    priority = observation_action_priority(
        observation=observation, at_stage=list(stage.observations.all())
    )
    return {
        "observation": observation.pk,
        "stage": stage.pk,
        "title": observation.description[:200],
        "description": observation.description,
        "owner": stage.journey.owner_id,
        "priority": priority,
        "due_date": timezone.localdate() + datetime.timedelta(days=DAYS_TO_DUE_DATE[priority]),
    }
