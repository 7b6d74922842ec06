"""What an observation, or a pair of them, turned into an action starts with: the cross
matrix's priority and wording, and a pre-filled action."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Action, Observation
from .matrix import QUADRANTS, QuadrantAdvice

# The action's due date, counted from today, by priority: the first fixes come first.
DAYS_TO_DUE_DATE = {
    Action.Priority.FIRST: 30,
    Action.Priority.SECOND: 60,
    Action.Priority.THIRD: 90,
}


def pair_advice(*, customer: Observation, employee: Observation) -> QuadrantAdvice:
    """The quadrant of a customer observation and an employee observation that explains it."""
    return QUADRANTS[(customer.kind, employee.kind)]


def observation_action_priority(*, observation: Observation, at_stage: list[Observation]) -> int:
    """The priority of the cross-matrix quadrant the observation sits in, among the
    observations `at_stage` (its stage's). Linked to the other side, it is its pairs' most
    urgent quadrant. Otherwise: an irritant seen on both sides is fixed first (1); a customer
    irritant that staff do not see is fixed first too; a customer irritant staff see as an
    enchantment (check the indicators and channels) and an employee irritant the customers do
    not feel (a process or tool problem staff compensate for) come second (2); an enchantment
    is capitalised on (3)."""
    partners = [
        other
        for other in at_stage
        if other.side != observation.side
        and (
            other.pk in getattr(observation, "explains_ids", ())
            or observation.pk in getattr(other, "explains_ids", ())
        )
    ]
    if partners:
        return min(
            QUADRANTS[
                (observation.kind, other.kind)
                if observation.side == Observation.Side.CUSTOMER
                else (other.kind, observation.kind)
            ].priority
            for other in partners
        )
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


def observations_with_links(observations: list[Observation]) -> list[Observation]:
    """The observations with `explains_ids` set (the customer observations each explains),
    in one query."""
    links: dict[int, list[int]] = {}
    for employee_id, customer_id in Observation.explains.through.objects.filter(
        from_observation_id__in=[o.pk for o in observations]
    ).values_list("from_observation_id", "to_observation_id"):
        links.setdefault(employee_id, []).append(customer_id)
    for observation in observations:
        observation.explains_ids = links.get(observation.pk, [])
    return observations


def action_draft(*, observation: Observation, employee: Observation | None = None) -> dict:
    """The action form's initial values for an observation, or for a customer observation
    and the employee observation that explains it (`employee`): its stage, its description
    (a pair's: the quadrant's label and advice, and both sides) as the title, the journey's
    owner, the quadrant's priority and a due date by priority. Three queries: the stage with
    its journey, the stage's observations, their links."""
    stage = observation.stage
    if employee is not None:
        advice = pair_advice(customer=observation, employee=employee)
        priority = advice.priority
        title = f"{advice.label}: {observation.description}"
        description = "\n".join(
            [
                str(advice.advice),
                _("Customer: %(text)s") % {"text": observation.description},
                _("Employee: %(text)s") % {"text": employee.description},
            ]
        )
    else:
        at_stage = observations_with_links(list(stage.observations.all()))
        subject = next((o for o in at_stage if o.pk == observation.pk), observation)
        priority = observation_action_priority(observation=subject, at_stage=at_stage)
        title, description = observation.description, observation.description
    return {
        "observation": observation.pk,
        "stage": stage.pk,
        "title": title[:200],
        "description": description,
        "owner": stage.journey.owner_id,
        "priority": priority,
        "due_date": timezone.localdate() + datetime.timedelta(days=DAYS_TO_DUE_DATE[priority]),
    }
