from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

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
    """One point per stage, in order. The scores are the manual ones for now; the feedback
    issue adds survey-based scores, with source "survey", and falls back to these."""
    return [
        EmotionPoint(
            stage_id=stage.pk,
            code=stage.code,
            name=stage.name,
            score=stage.emotion_score,
            source="manual",
        )
        for stage in journey.stages.all()
    ]
