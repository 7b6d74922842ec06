"""The cross matrix: customer against employee observations, stage by stage."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import Action, Journey, Observation, Stage


def journey_matrix_get(*, journey_id: int) -> tuple[Journey, dict[int, int]]:
    """A journey with its stages and their observations, and the observations already turned
    into an action (observation id: action id): three queries."""
    journey = get_object_or_404(
        Journey.objects.prefetch_related(
            Prefetch(
                "stages",
                queryset=Stage.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "observations", queryset=Observation.objects.order_by("-severity", "id")
                    )
                ),
            )
        ),
        pk=journey_id,
    )
    acted_on = dict(
        Action.objects.filter(journey=journey, observation__isnull=False).values_list(
            "observation_id", "pk"
        )
    )
    for stage in journey.stages.all():
        for observation in stage.observations.all():
            observation.action_id = acted_on.get(observation.pk)
    return journey, acted_on


# In the cross matrix, the side of a stage where nobody observed anything.
NOT_OBSERVED = ""


@dataclass
class MatrixQuadrant:
    """One cell of the cross matrix: a customer kind against an employee kind, either of
    which may be NOT_OBSERVED (that side has no observation at the stage)."""

    customer_kind: str
    employee_kind: str
    priority: str
    customer: list[Observation]
    employee: list[Observation]

    @property
    def is_active(self) -> bool:
        if self.customer_kind == NOT_OBSERVED:
            return bool(self.employee)
        if self.employee_kind == NOT_OBSERVED:
            return bool(self.customer)
        return bool(self.customer and self.employee)


@dataclass
class MatrixRow:
    customer_kind: str
    quadrants: list[MatrixQuadrant | None]


@dataclass
class MatrixStage:
    stage: Stage
    quadrants: list[MatrixQuadrant]

    @property
    def grid(self) -> list[MatrixRow]:
        """The quadrants as the table's rows (customer irritant, enchantment, not observed)
        and columns (employee irritant, enchantment, not observed); None where neither side
        observed anything."""
        cells = {(q.customer_kind, q.employee_kind): q for q in self.quadrants}
        kinds = [*Observation.Kind.values, NOT_OBSERVED]
        return [
            MatrixRow(customer, [cells.get((customer, employee)) for employee in kinds])
            for customer in kinds
        ]


def _quadrant_priorities() -> dict[tuple[str, str], str]:
    irritant, enchantment = Observation.Kind.IRRITANT, Observation.Kind.ENCHANTMENT
    return {
        (irritant, irritant): _("Priority 1: fix first."),
        (irritant, enchantment): _("Check the indicators and channels."),
        (enchantment, irritant): _(
            "Priority 2: a process or tool problem that staff compensate for; fix it before "
            "their goodwill runs out."
        ),
        (enchantment, enchantment): _("Capitalise and spread."),
        (irritant, NOT_OBSERVED): _(
            "Customers suffer and staff see nothing: fix first, and ask the staff about it."
        ),
        (enchantment, NOT_OBSERVED): _("Keep it, and ask the staff what makes it work."),
        (NOT_OBSERVED, irritant): _(
            "Customers feel nothing yet: fix it before it reaches them, and ask them about it."
        ),
        (NOT_OBSERVED, enchantment): _("Check that customers benefit from it too."),
    }


def _of_kind(
    observations: list[Observation], kind: str, *, other_side: str, others: list[Observation]
) -> list[Observation]:
    """The observations of `kind` that belong in a quadrant whose other side is
    `other_side`: against NOT_OBSERVED, only when the other side observed nothing."""
    if kind == NOT_OBSERVED or (other_side == NOT_OBSERVED and others):
        return []
    return [o for o in observations if o.kind == kind]


def journey_matrix(*, journey: Journey) -> list[MatrixStage]:
    """The cross matrix, stage by stage: for each quadrant, the stage's customer and
    employee observations of the quadrant's kinds. When one side has no observation at a
    stage, the other side's observations go to the "not observed" row or column."""
    priorities = _quadrant_priorities()
    rows = []
    for stage in journey.stages.all():
        observations = list(stage.observations.all())
        by_side = {
            side: [o for o in observations if o.side == side] for side in Observation.Side.values
        }
        customer = by_side[Observation.Side.CUSTOMER]
        employee = by_side[Observation.Side.EMPLOYEE]
        quadrants = [
            MatrixQuadrant(
                customer_kind=customer_kind,
                employee_kind=employee_kind,
                priority=priority,
                customer=_of_kind(
                    customer, customer_kind, other_side=employee_kind, others=employee
                ),
                employee=_of_kind(
                    employee, employee_kind, other_side=customer_kind, others=customer
                ),
            )
            for (customer_kind, employee_kind), priority in priorities.items()
        ]
        rows.append(MatrixStage(stage=stage, quadrants=quadrants))
    return rows
