"""The journeys pages, by concern; the names urls.py uses are re-exported here."""

from .editing import (
    ITEM_VIEWS,
    journey_reletter_stages,
    stage_move,
    touchpoint_move,
)
from .health import journey_health
from .lists import (
    journey_create,
    journey_delete,
    journey_duplicate,
    journey_list,
    journey_update,
    persona_create,
    persona_delete,
    persona_list,
    persona_update,
)
from .map import journey_map
from .matrix import journey_compare, journey_matrix, observation_links, observation_merge
from .standards import journey_plan, moment_standard
from .transfer import (
    journey_export_csv,
    journey_export_pdf,
    journey_export_png,
    journey_export_svg,
    journey_export_xlsx,
    journey_import_csv,
)

__all__ = [
    "ITEM_VIEWS",
    "journey_compare",
    "journey_create",
    "journey_delete",
    "journey_duplicate",
    "journey_export_csv",
    "journey_export_pdf",
    "journey_export_png",
    "journey_export_svg",
    "journey_export_xlsx",
    "journey_health",
    "journey_import_csv",
    "journey_list",
    "journey_map",
    "journey_matrix",
    "journey_plan",
    "journey_reletter_stages",
    "journey_update",
    "moment_standard",
    "observation_links",
    "observation_merge",
    "persona_create",
    "persona_delete",
    "persona_list",
    "persona_update",
    "stage_move",
    "touchpoint_move",
]
