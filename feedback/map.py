"""What feedback contributes to the journey map through journeys.extensions: the stages'
survey scores behind the emotion curve, and the complaint cases' dissatisfaction risks in the
map's risks row."""

from journeys.extensions import MapLane, StageRisk, register_map_lane, register_stage_scores

from . import selectors


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
