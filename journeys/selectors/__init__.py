"""Every reusable read of journeys, by concern; the names are re-exported here so that callers
keep `from journeys import selectors` / `selectors.journey_map_get(...)`."""

from .compare import (
    StageDifference,
    TouchpointDifference,
    journey_compare,
    journey_compare_get,
    journey_csv_rows,
)
from .lists import (
    journey_list,
    journey_relatives,
    journey_relatives_filter,
    persona_list,
    stages_collecting_personal_data,
)
from .map import (
    EMOTION_CURVE_SECONDS,
    ChannelGroup,
    EmotionPoint,
    JourneyMap,
    LaneContent,
    MapColumn,
    MapFreshness,
    journey_emotion_curve,
    journey_map,
    journey_map_freshness,
    journey_map_get,
    journey_map_lanes,
    stage_scores_for_journey,
)
from .matrix import (
    NOT_OBSERVED,
    MatrixQuadrant,
    MatrixRow,
    MatrixStage,
    journey_matrix,
    journey_matrix_get,
)
from .options import (
    journey_get,
    journey_options,
    journey_stages,
    stage_options,
    touchpoint_options,
)

__all__ = [
    "EMOTION_CURVE_SECONDS",
    "NOT_OBSERVED",
    "ChannelGroup",
    "EmotionPoint",
    "JourneyMap",
    "LaneContent",
    "MapColumn",
    "MapFreshness",
    "MatrixQuadrant",
    "MatrixRow",
    "MatrixStage",
    "StageDifference",
    "TouchpointDifference",
    "journey_compare",
    "journey_compare_get",
    "journey_csv_rows",
    "journey_emotion_curve",
    "journey_get",
    "journey_list",
    "journey_map",
    "journey_map_freshness",
    "journey_map_get",
    "journey_map_lanes",
    "journey_matrix",
    "journey_matrix_get",
    "journey_options",
    "journey_relatives",
    "journey_relatives_filter",
    "journey_stages",
    "persona_list",
    "stage_options",
    "stage_scores_for_journey",
    "stages_collecting_personal_data",
    "touchpoint_options",
]
