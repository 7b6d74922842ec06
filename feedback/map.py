"""What feedback contributes to the journey map through journeys.extensions: the stages'
survey scores behind the emotion curve, the complaint cases' dissatisfaction risks in
the map's risks row, and its verbatims following merged observations."""

from journeys.extensions import (
    MapLane,
    StageRisk,
    register_map_lane,
    register_observations_merged,
    register_stage_scores,
)

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


def case_risk_data(item: StageRisk) -> dict:
    """One risk of a stage's cases, as the API and the map's ETag see it."""
    return {"risk": item.risk, "cases": item.count}


CASE_RISKS_LANE = MapLane(
    key="case_risks",
    permission="feedback.view_case",
    template="",
    items_by_stage=selectors.case_risks_by_stage,
    item_data=case_risk_data,
    risks=True,
)


def register() -> None:
    register_stage_scores(selectors.stage_scores_for_journey)
    register_map_lane(CASE_RISKS_LANE)
    register_observations_merged(verbatims_follow_merge)
