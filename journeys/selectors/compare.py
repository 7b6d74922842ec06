"""Two journeys compared stage by stage, and a journey as CSV rows."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import Journey, Stage, Touchpoint


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


def journey_csv_rows(*, journey_id: int):
    """The map as CSV rows (services.CSV_COLUMNS): one per touchpoint, with its stage's
    columns; a stage without touchpoints gives one row with the touchpoint columns empty.
    The scores and volumes stay numbers, so that an export writer leaves a -1 alone."""
    journey = journey_compare_get(journey_id=journey_id)
    for stage in journey.stages.all():
        stage_values = [
            stage.code,
            stage.name,
            stage.place,
            stage.funnel_phase,
            stage.customer_goal,
            stage.expectations,
            "" if stage.emotion_score is None else stage.emotion_score,
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
                "" if touchpoint.volume is None else touchpoint.volume,
                touchpoint.volume_period,
                touchpoint.tools,
                "yes" if touchpoint.collects_personal_data else "no",
            ]


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


COMPARISON_STATUSES = ("added", "removed", "changed", "same")


@dataclass
class JourneyComparison:
    before: Journey
    after: Journey
    differences: list[StageDifference]

    @property
    def summary(self) -> dict[str, int]:
        """How many stages are added, removed, changed and the same."""
        return {
            status: sum(1 for difference in self.differences if difference.status == status)
            for status in COMPARISON_STATUSES
        }


def journey_comparison(
    *, journey_id: int, other_id: int, get: Callable[..., Journey] = journey_compare_get
) -> JourneyComparison:
    """The journey compared with another (journey_compare), each read by `get`: by default
    journey_compare_get, three queries each; 404 when either is missing."""
    before = get(journey_id=journey_id)
    after = get(journey_id=other_id)
    return JourneyComparison(
        before=before, after=after, differences=journey_compare(before=before, after=after)
    )
