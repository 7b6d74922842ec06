from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from feedback import selectors as feedback_selectors

from .filters import JourneyFilterSet, PersonaFilterSet
from .models import Action, Journey, MomentOfTruth, Observation, Persona, Stage, Touchpoint

# A cached emotion curve is kept with the journey's freshness and recomputed when that
# differs, so it is never stale; the time limit only lets the cache forget unviewed journeys.
EMOTION_CURVE_SECONDS = 24 * 60 * 60


def journey_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Journey]:
    """Journeys matching the list's filters, with persona, owner and stage count in one query."""
    queryset = (
        Journey.objects.select_related("persona", "owner")
        .annotate(stage_count=Count("stages"))
        .order_by("name", "id")
    )
    return JourneyFilterSet(filters or {}, queryset=queryset).qs


def persona_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Persona]:
    """Personas matching the list's filters, each with its number of journeys, in one query."""
    queryset = Persona.objects.annotate(journey_count=Count("journeys")).order_by("name", "id")
    return PersonaFilterSet(filters or {}, queryset=queryset).qs


def journey_map_get(*, journey_id: int) -> Journey:
    """A journey with everything its map shows, in six queries whatever its size: the
    journey (with persona, owner and source), stages, touchpoints, moments of truth (with
    their touchpoint), observations and actions (with stage and owner)."""
    stages = Stage.objects.order_by("position").prefetch_related(
        Prefetch("touchpoints", queryset=Touchpoint.objects.order_by("position")),
        Prefetch(
            "moments_of_truth",
            queryset=MomentOfTruth.objects.select_related("touchpoint").order_by("id"),
        ),
        Prefetch("observations", queryset=Observation.objects.order_by("-severity", "id")),
    )
    queryset = Journey.objects.select_related(
        "persona", "owner", "source_journey"
    ).prefetch_related(
        Prefetch("stages", queryset=stages),
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("stage", "owner").order_by("priority", "id"),
        ),
    )
    return get_object_or_404(queryset, pk=journey_id)


@dataclass(frozen=True)
class MapFreshness:
    """What a journey's map depends on that can change: its updated_at (every service write
    to the journey or its items moves it) and its scores_changed_at (every survey answer to
    one of its stages moves it, as it may move the emotion curve)."""

    updated_at: datetime
    scores_changed_at: datetime | None

    @property
    def last_modified(self) -> datetime:
        return max(filter(None, [self.updated_at, self.scores_changed_at]))

    @property
    def fingerprint(self) -> str:
        scores = self.scores_changed_at.isoformat() if self.scores_changed_at else ""
        return f"{self.updated_at.isoformat()}/{scores}"


def journey_map_freshness(*, journey_id: int) -> MapFreshness:
    """The journey's MapFreshness in one primary-key read (404 when there is no such journey),
    for a conditional GET that answers 304 before the map is read."""
    updated_at, scores_changed_at = get_object_or_404(
        Journey.objects.values_list("updated_at", "scores_changed_at"), pk=journey_id
    )
    return MapFreshness(updated_at=updated_at, scores_changed_at=scores_changed_at)


@dataclass(frozen=True)
class EmotionPoint:
    stage_id: int
    code: str
    name: str
    score: int | None
    source: str


def stages_collecting_personal_data(*, journey_id: int) -> QuerySet[Stage]:
    """The journey's stages, in order, where at least one touchpoint collects personal data."""
    return (
        Stage.objects.filter(journey_id=journey_id)
        .filter(
            Exists(Touchpoint.objects.filter(stage=OuterRef("pk"), collects_personal_data=True))
        )
        .order_by("position")
    )


def journey_emotion_curve(*, journey: Journey) -> list[EmotionPoint]:
    """One point per stage, in order: the survey score (the NPS on the -2..+2 scale) where
    enough customers answered, source "survey"; the stage's manual emotion score elsewhere,
    source "manual". Kept in the cache until the journey or its scores change (the map's
    freshness); otherwise three queries (feedback.selectors.stage_scores_for_journey) on top
    of the journey's prefetched stages, whatever their number."""
    freshness = MapFreshness(
        updated_at=journey.updated_at, scores_changed_at=journey.scores_changed_at
    )
    version = f"{freshness.fingerprint}/{settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE}"
    key = f"journeys:emotion-curve:{journey.pk}"
    kept_version, curve = cache.get(key, (None, None))
    if kept_version != version:
        curve = _emotion_curve(journey)
        cache.set(key, (version, curve), EMOTION_CURVE_SECONDS)
    return curve


def _emotion_curve(journey: Journey) -> list[EmotionPoint]:
    survey_scores = {
        row.stage.pk: row.scores.emotion
        for row in feedback_selectors.stage_scores_for_journey(journey_id=journey.pk)
        if row.scores.enough and row.scores.emotion is not None
    }
    return [
        EmotionPoint(
            stage_id=stage.pk,
            code=stage.code,
            name=stage.name,
            score=survey_scores.get(stage.pk, stage.emotion_score),
            source="survey" if stage.pk in survey_scores else "manual",
        )
        for stage in journey.stages.all()
    ]


def journey_matrix_get(*, journey_id: int) -> tuple[Journey, set[int]]:
    """A journey with its stages and their observations, and the ids of the observations
    already turned into an action: three queries."""
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
    acted_on = set(
        Action.objects.filter(journey=journey, observation__isnull=False).values_list(
            "observation_id", flat=True
        )
    )
    return journey, acted_on


def journey_compare_get(*, journey_id: int) -> Journey:
    """A journey with its stages and their touchpoints: three queries."""
    return get_object_or_404(
        Journey.objects.select_related("persona").prefetch_related(
            Prefetch(
                "stages",
                queryset=Stage.objects.order_by("position").prefetch_related(
                    Prefetch("touchpoints", queryset=Touchpoint.objects.order_by("position"))
                ),
            )
        ),
        pk=journey_id,
    )


def journey_relatives_filter(journey: Journey) -> Q:
    """A journey's relatives (itself included): its source, its copies and their copies, and
    the journeys drawn for the same persona."""
    related = (
        Q(pk=journey.source_journey_id)
        | Q(source_journey_id=journey.pk)
        | Q(source_journey__source_journey_id=journey.pk)
    )
    if journey.persona_id is not None:
        related |= Q(persona_id=journey.persona_id)
    return related


def journey_relatives(*, journey: Journey) -> list[Journey]:
    """The journeys this one can be compared with, in one query: its source, its copies and
    their copies, and the other journeys drawn for the same persona; to-be versions first."""
    return list(
        Journey.objects.filter(journey_relatives_filter(journey))
        .exclude(pk=journey.pk)
        .order_by(
            Case(When(state=Journey.State.TO_BE, then=Value(0)), default=Value(1)), "name", "id"
        )
    )


def journey_csv_rows(*, journey_id: int):
    """The map as CSV rows (services.CSV_COLUMNS): one per touchpoint, with its stage's
    columns; a stage without touchpoints gives one row with the touchpoint columns empty."""
    journey = journey_compare_get(journey_id=journey_id)
    for stage in journey.stages.all():
        stage_values = [
            stage.code,
            stage.name,
            stage.place,
            stage.funnel_phase,
            stage.customer_goal,
            stage.expectations,
            "" if stage.emotion_score is None else str(stage.emotion_score),
        ]
        touchpoints = list(stage.touchpoints.all())
        if not touchpoints:
            yield [*stage_values, "", "", "", "", "", "", ""]
        for touchpoint in touchpoints:
            yield [
                *stage_values,
                touchpoint.name,
                touchpoint.channel,
                touchpoint.lane,
                "" if touchpoint.volume is None else str(touchpoint.volume),
                touchpoint.volume_period,
                touchpoint.tools,
                "yes" if touchpoint.collects_personal_data else "no",
            ]


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


@dataclass
class TouchpointDifference:
    name: str
    status: str  # "added", "removed", "changed" or "same"
    before: Touchpoint | None
    after: Touchpoint | None
    changed_fields: list[str]


@dataclass
class StageDifference:
    code: str
    status: str  # "added", "removed", "changed" or "same"
    before: Stage | None
    after: Stage | None
    changed_fields: list[str]
    touchpoints: list[TouchpointDifference]

    @property
    def emotion_difference(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        if self.before.emotion_score is None or self.after.emotion_score is None:
            return None
        return self.after.emotion_score - self.before.emotion_score


_COMPARED_STAGE_FIELDS = (
    "name",
    "place",
    "funnel_phase",
    "customer_goal",
    "expectations",
    "emotion_score",
)
_COMPARED_TOUCHPOINT_FIELDS = (
    "channel",
    "lane",
    "volume",
    "volume_period",
    "tools",
    "collects_personal_data",
)


def _changed(before, after, fields) -> list[str]:
    return [
        str(type(before)._meta.get_field(name).verbose_name)
        for name in fields
        if getattr(before, name) != getattr(after, name)
    ]


def _status(before, after, changed_fields) -> str:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "changed" if changed_fields else "same"


def journey_compare(*, before: Journey, after: Journey) -> list[StageDifference]:
    """Two journeys (from journey_compare_get) stage by stage, matched by stage code, and
    touchpoint by touchpoint within a stage, matched by name; in the order of `before`,
    then the stages only `after` has."""
    before_stages = {stage.code: stage for stage in before.stages.all()}
    after_stages = {stage.code: stage for stage in after.stages.all()}
    codes = [*before_stages, *(code for code in after_stages if code not in before_stages)]
    differences = []
    for code in codes:
        old, new = before_stages.get(code), after_stages.get(code)
        old_touchpoints = {tp.name: tp for tp in old.touchpoints.all()} if old else {}
        new_touchpoints = {tp.name: tp for tp in new.touchpoints.all()} if new else {}
        names = [*old_touchpoints, *(n for n in new_touchpoints if n not in old_touchpoints)]
        touchpoints = []
        for name in names:
            old_tp, new_tp = old_touchpoints.get(name), new_touchpoints.get(name)
            fields = (
                _changed(old_tp, new_tp, _COMPARED_TOUCHPOINT_FIELDS) if old_tp and new_tp else []
            )
            touchpoints.append(
                TouchpointDifference(name, _status(old_tp, new_tp, fields), old_tp, new_tp, fields)
            )
        fields = _changed(old, new, _COMPARED_STAGE_FIELDS) if old and new else []
        status = _status(old, new, fields)
        if status == "same" and any(tp.status != "same" for tp in touchpoints):
            status = "changed"
        differences.append(StageDifference(code, status, old, new, fields, touchpoints))
    return differences


# Reads for the apps above journeys


def journey_get(*, journey_id: int) -> Journey:
    """One journey, nothing prefetched, or a 404."""
    return get_object_or_404(Journey, pk=journey_id)


def journey_options() -> QuerySet[Journey]:
    """Every journey by name, for another app's choice of a journey or a list to annotate."""
    return Journey.objects.order_by("name", "id")


def journey_stages(*, journey_id: int) -> QuerySet[Stage]:
    """A journey's stages in their order."""
    return Stage.objects.filter(journey_id=journey_id).order_by("position")


def stage_options() -> QuerySet[Stage]:
    """Every stage with its journey, journey by journey, for another app's choice of a stage."""
    return Stage.objects.select_related("journey").order_by(
        "journey__name", "journey_id", "position"
    )


def touchpoint_options(*, stage_id: int | None = None) -> QuerySet[Touchpoint]:
    """Every touchpoint (or one stage's) with its stage and journey, in the map's order."""
    touchpoints = Touchpoint.objects.select_related("stage__journey").order_by(
        "stage__journey__name", "stage__journey_id", "stage__position", "position"
    )
    return touchpoints if stage_id is None else touchpoints.filter(stage_id=stage_id)


# TEMPORARY (stakeholders helper): replaced by the journeys extension point
def stage_scores_for_journey(*, journey_id: int):
    return feedback_selectors.stage_scores_for_journey(journey_id=journey_id)
