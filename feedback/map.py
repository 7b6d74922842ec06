"""What feedback contributes to the journey map through journeys.extensions: the stages'
survey scores behind the emotion curve; and its verbatims following merged observations."""

from journeys.extensions import register_observations_merged, register_stage_scores

from . import selectors
from .models import Verbatim


def verbatims_follow_merge(*, kept_id: int, merged_ids: list[int]) -> None:
    """The verbatim a merged observation was made of moves to the kept one, if that one has
    none (one verbatim per observation); another stays, unlinked, in the verbatims."""
    if Verbatim.objects.filter(observation_id=kept_id).exists():
        return
    first = (
        Verbatim.objects.filter(observation_id__in=merged_ids).order_by("pk").values("pk").first()
    )
    if first is not None:
        Verbatim.objects.filter(pk=first["pk"]).update(observation_id=kept_id)


def register() -> None:
    register_stage_scores(selectors.stage_scores_for_journey)
    register_observations_merged(verbatims_follow_merge)
