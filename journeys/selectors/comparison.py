"""What the comparison page reads of each journey, and the overlay of their emotion curves."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint


def journey_comparison_get(*, journey_id: int) -> Journey:
    """A journey with its stages and, for each, its touchpoints, moments of truth,
    observations and actions: six queries whatever its size."""
    stages = Stage.objects.order_by("position").prefetch_related(
        Prefetch("touchpoints", queryset=Touchpoint.objects.order_by("position")),
        Prefetch(
            "moments_of_truth",
            queryset=MomentOfTruth.objects.select_related("touchpoint").order_by("id"),
        ),
        Prefetch("observations", queryset=Observation.objects.order_by("-severity", "id")),
        Prefetch("actions", queryset=Action.objects.order_by("priority", "id")),
    )
    return get_object_or_404(
        Journey.objects.select_related("persona").prefetch_related(
            Prefetch("stages", queryset=stages)
        ),
        pk=journey_id,
    )


@dataclass(frozen=True)
class ComparedScores:
    """The stage codes of a comparison in its order, with each journey's manual emotion
    score at each code (None where the journey has no such stage or no score)."""

    codes: list[str]
    before: list[int | None]
    after: list[int | None]


def compared_scores(*, differences: list) -> ComparedScores:
    """Both emotion curves over the comparison's stage codes (selectors.journey_compare)."""
    return ComparedScores(
        codes=[difference.code for difference in differences],
        before=[d.before.emotion_score if d.before else None for d in differences],
        after=[d.after.emotion_score if d.after else None for d in differences],
    )
