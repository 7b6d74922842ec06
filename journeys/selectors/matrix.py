"""The cross matrix: customer against employee observations, stage by stage. An employee
observation linked to the customer observations it explains makes pairs, each in the
quadrant of its two kinds; the observations without a link are crossed with the other side's
unlinked ones at their stage."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import Action, Journey, Observation, Stage

# In the cross matrix, the side of a stage where nobody observed anything.
NOT_OBSERVED = ""
IRRITANT, ENCHANTMENT = Observation.Kind.IRRITANT.value, Observation.Kind.ENCHANTMENT.value


@dataclass(frozen=True)
class QuadrantAdvice:
    """What a quadrant asks for (DOMAIN.md): the plan's priority, a short label that starts
    an action's title, and the advice."""

    priority: int
    label: Promise
    advice: Promise


# (customer kind, employee kind) → advice, in the order the page shows them.
QUADRANTS: dict[tuple[str, str], QuadrantAdvice] = {
    (IRRITANT, IRRITANT): QuadrantAdvice(
        Action.Priority.FIRST, _("Fix first"), _("Priority 1: fix first.")
    ),
    (ENCHANTMENT, IRRITANT): QuadrantAdvice(
        Action.Priority.SECOND,
        _("Fix the process or tool"),
        _(
            "Priority 2: a process or tool problem that staff compensate for; fix it before "
            "their goodwill runs out."
        ),
    ),
    (IRRITANT, ENCHANTMENT): QuadrantAdvice(
        Action.Priority.SECOND,
        _("Check the indicators and channels"),
        _("Check the indicators and channels."),
    ),
    (ENCHANTMENT, ENCHANTMENT): QuadrantAdvice(
        Action.Priority.THIRD, _("Capitalise and spread"), _("Capitalise and spread.")
    ),
    (IRRITANT, NOT_OBSERVED): QuadrantAdvice(
        Action.Priority.FIRST,
        _("Customers only: irritant"),
        _("Customers suffer and staff see nothing: fix first, and ask the staff about it."),
    ),
    (ENCHANTMENT, NOT_OBSERVED): QuadrantAdvice(
        Action.Priority.THIRD,
        _("Customers only: enchantment"),
        _("Keep it, and ask the staff what makes it work."),
    ),
    (NOT_OBSERVED, IRRITANT): QuadrantAdvice(
        Action.Priority.SECOND,
        _("Staff only: irritant"),
        _("Customers feel nothing yet: fix it before it reaches them, and ask them about it."),
    ),
    (NOT_OBSERVED, ENCHANTMENT): QuadrantAdvice(
        Action.Priority.THIRD,
        _("Staff only: enchantment"),
        _("Check that customers benefit from it too."),
    ),
}


def journey_matrix_get(*, journey_id: int) -> tuple[Journey, dict[int, int]]:
    """A journey with its stages, their observations and the links between them, and the
    observations already turned into an action (observation id: action id): five queries."""
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
    explains: dict[int, list[int]] = {}
    for employee_id, customer_id in Observation.explains.through.objects.filter(
        from_observation__stage__journey=journey
    ).values_list("from_observation_id", "to_observation_id"):
        explains.setdefault(employee_id, []).append(customer_id)
    for stage in journey.stages.all():
        for observation in stage.observations.all():
            observation.action_id = acted_on.get(observation.pk)
            observation.explains_ids = explains.get(observation.pk, [])
    return journey, acted_on


@dataclass
class MatrixPair:
    """An employee observation and a customer observation it explains."""

    customer: Observation
    employee: Observation


@dataclass
class MatrixQuadrant:
    """One cell of the cross matrix: a customer kind against an employee kind, either of
    which may be NOT_OBSERVED. It holds the pairs of its kinds and the unlinked observations
    crossed into it."""

    customer_kind: str
    employee_kind: str
    advice: QuadrantAdvice
    pairs: list[MatrixPair] = field(default_factory=list)
    customer: list[Observation] = field(default_factory=list)
    employee: list[Observation] = field(default_factory=list)

    @property
    def priority(self) -> Promise:
        return self.advice.advice

    def __post_init__(self):
        # Unlinked observations cross only when both sides have some of the quadrant's kinds.
        crossed = (
            bool(self.employee)
            if self.customer_kind == NOT_OBSERVED
            else bool(self.customer)
            if self.employee_kind == NOT_OBSERVED
            else bool(self.customer and self.employee)
        )
        if not crossed:
            self.customer, self.employee = [], []

    @property
    def count(self) -> int:
        """The pairs and the unlinked observations of the quadrant."""
        return len(self.pairs) + len(self.customer) + len(self.employee)

    @property
    def is_active(self) -> bool:
        return bool(self.count)


@dataclass
class MatrixStage:
    stage: Stage
    quadrants: list[MatrixQuadrant]
    observations: list[Observation]

    @property
    def active(self) -> list[MatrixQuadrant]:
        return [quadrant for quadrant in self.quadrants if quadrant.is_active]

    @property
    def customer_observations(self) -> list[Observation]:
        return [o for o in self.observations if o.side == Observation.Side.CUSTOMER]

    @property
    def mergeable(self) -> list[Observation]:
        """The observations sharing their side and kind with another one here: those a
        near-duplicate could be merged with."""
        kinds = [(o.side, o.kind) for o in self.observations]
        return [o for o in self.observations if kinds.count((o.side, o.kind)) > 1]


def _of_kind(
    observations: list[Observation], kind: str, *, other_side: str, others: list[Observation]
) -> list[Observation]:
    """The unlinked observations of `kind` that belong in a quadrant whose other side is
    `other_side`: against NOT_OBSERVED, only when the other side has no unlinked one."""
    if kind == NOT_OBSERVED or (other_side == NOT_OBSERVED and others):
        return []
    return [o for o in observations if o.kind == kind]


def journey_matrix(*, journey: Journey) -> list[MatrixStage]:
    """The cross matrix, stage by stage (from journey_matrix_get): each pair in the quadrant
    of its kinds; the unlinked observations crossed with the other side's unlinked ones, or in
    the "not observed" row or column when the other side has none."""
    rows = []
    for stage in journey.stages.all():
        observations = list(stage.observations.all())
        by_id = {o.pk: o for o in observations}
        pairs = [
            MatrixPair(customer=by_id[customer_id], employee=employee)
            for employee in observations
            for customer_id in getattr(employee, "explains_ids", [])
            if customer_id in by_id
        ]
        linked = {p.customer.pk for p in pairs} | {p.employee.pk for p in pairs}
        customer = [
            o for o in observations if o.side == Observation.Side.CUSTOMER and o.pk not in linked
        ]
        employee = [
            o for o in observations if o.side == Observation.Side.EMPLOYEE and o.pk not in linked
        ]
        quadrants = [
            MatrixQuadrant(
                customer_kind=customer_kind,
                employee_kind=employee_kind,
                advice=advice,
                pairs=[
                    p
                    for p in pairs
                    if (p.customer.kind, p.employee.kind) == (customer_kind, employee_kind)
                ],
                customer=_of_kind(
                    customer, customer_kind, other_side=employee_kind, others=employee
                ),
                employee=_of_kind(
                    employee, employee_kind, other_side=customer_kind, others=customer
                ),
            )
            for (customer_kind, employee_kind), advice in QUADRANTS.items()
        ]
        rows.append(MatrixStage(stage=stage, quadrants=quadrants, observations=observations))
    return rows


def matrix_totals(rows: list[MatrixStage]) -> list[int]:
    """Per quadrant (QUADRANTS' order), its count over the stages."""
    return [sum(row.quadrants[index].count for row in rows) for index in range(len(QUADRANTS))]
