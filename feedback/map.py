"""What feedback contributes to the journey map through journeys.extensions: the stages'
survey scores behind the emotion curve."""

from journeys.extensions import register_stage_scores

from . import selectors


def register() -> None:
    register_stage_scores(selectors.stage_scores_for_journey)
