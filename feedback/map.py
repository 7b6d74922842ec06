"""What feedback contributes to the journey map through journeys.extensions: the stages'
survey scores behind the emotion curve, the complaint cases' dissatisfaction risks in
the map's risks row, and its verbatims following merged observations."""

from decimal import Decimal

from django.utils.translation import gettext as _

from journeys.extensions import (
    MapLane,
    MeasureSeries,
    StageRisk,
    register_action_measures,
    register_map_lane,
    register_observations_merged,
    register_stage_scores,
)
from journeys.models import Action

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


SCORE_LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
# The effort score (1-7) is better low; the NPS and the CSAT (% satisfied) high.
SCORE_VALUES = {
    "nps": lambda scores: scores.nps,
    "csat": lambda scores: scores.csat,
    "ces": lambda scores: scores.ces_mean,
}


def score_measures(*, actions: list) -> dict[int, MeasureSeries]:
    """The monthly NPS, CSAT or CES of the actions' stages, in one query."""
    by_stage = selectors.stage_monthly_scores(
        stage_ids=sorted({action.stage_id for action in actions if action.stage_id})
    )
    series = {}
    for action in actions:
        if action.stage_id is None:
            continue
        value_of = SCORE_VALUES[action.measure]
        values = {}
        for month, scores in by_stage.get(action.stage_id, {}).items():
            value = value_of(scores)
            if value is not None:
                values[month] = Decimal(str(value))
        series[action.pk] = MeasureSeries(
            label=_("%(score)s of stage %(stage)s")
            % {"score": SCORE_LABELS[action.measure], "stage": action.stage.code},
            period="month",
            higher_is_better=action.measure != "ces",
            values=values,
        )
    return series


def register() -> None:
    register_action_measures(Action.SCORE_MEASURES, score_measures)
    register_stage_scores(selectors.stage_scores_for_journey)
    register_map_lane(CASE_RISKS_LANE)
    register_observations_merged(verbatims_follow_merge)
