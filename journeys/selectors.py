from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from feedback import selectors as feedback_selectors

from .filters import JourneyFilterSet
from .models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint


def journey_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Journey]:
    """Journeys matching the list's filters, with persona, owner and stage count in one query."""
    queryset = (
        Journey.objects.select_related("persona", "owner")
        .annotate(stage_count=Count("stages"))
        .order_by("name", "id")
    )
    return JourneyFilterSet(filters or {}, queryset=queryset).qs


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
class EmotionPoint:
    stage_id: int
    code: str
    name: str
    score: int | None
    source: str


def journey_emotion_curve(*, journey: Journey) -> list[EmotionPoint]:
    """One point per stage, in order: the survey score (the NPS on the -2..+2 scale) where
    enough customers answered, source "survey"; the stage's manual emotion score elsewhere,
    source "manual". Three queries (feedback.selectors.stage_scores_for_journey) on top of
    the journey's prefetched stages, whatever their number."""
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


def journey_relatives(*, journey: Journey) -> list[Journey]:
    """The journey's source and its copies, the journeys it can be compared with."""
    return list(
        Journey.objects.filter(
            Q(pk=journey.source_journey_id) | Q(source_journey_id=journey.pk)
        ).order_by("name", "id")
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
            yield [*stage_values, "", "", "", "", "", ""]
        for touchpoint in touchpoints:
            yield [
                *stage_values,
                touchpoint.name,
                touchpoint.channel,
                touchpoint.lane,
                "" if touchpoint.volume is None else str(touchpoint.volume),
                touchpoint.volume_period,
                touchpoint.tools,
            ]


@dataclass
class MatrixQuadrant:
    """One cell of the cross matrix: a customer kind against an employee kind."""

    customer_kind: str
    employee_kind: str
    priority: str
    customer: list[Observation]
    employee: list[Observation]

    @property
    def is_active(self) -> bool:
        return bool(self.customer and self.employee)


@dataclass
class MatrixStage:
    stage: Stage
    quadrants: list[MatrixQuadrant]


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
    }


def journey_matrix(*, journey: Journey) -> list[MatrixStage]:
    """The cross matrix, stage by stage: for each of the four quadrants, the stage's
    customer and employee observations of the quadrant's kinds."""
    priorities = _quadrant_priorities()
    rows = []
    for stage in journey.stages.all():
        observations = list(stage.observations.all())
        quadrants = [
            MatrixQuadrant(
                customer_kind=customer_kind,
                employee_kind=employee_kind,
                priority=priority,
                customer=[
                    o
                    for o in observations
                    if o.side == Observation.Side.CUSTOMER and o.kind == customer_kind
                ],
                employee=[
                    o
                    for o in observations
                    if o.side == Observation.Side.EMPLOYEE and o.kind == employee_kind
                ],
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
_COMPARED_TOUCHPOINT_FIELDS = ("channel", "lane", "volume", "volume_period", "tools")


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
