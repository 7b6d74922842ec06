"""The journeys pages, by concern; the names urls.py uses are re-exported here."""

from .choices import journey_choices, persona_choices, stage_choices, touchpoint_choices
from .editing import (
    ITEM_VIEWS,
    journey_reletter_stages,
    stage_move,
    touchpoint_move,
)
from .health import journey_health
from .history import (
    journey_diff,
    journey_history,
    journey_restore,
    snapshot_create,
    snapshot_delete,
)
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
from .sharing import share_link_revoke, share_links, shared_map
from .standards import journey_plan, moment_standard
from .templates import template_delete, template_list, template_save, template_use
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
    "journey_choices",
    "journey_compare",
    "journey_create",
    "journey_delete",
    "journey_diff",
    "journey_duplicate",
    "journey_export_csv",
    "journey_export_pdf",
    "journey_export_png",
    "journey_export_svg",
    "journey_export_xlsx",
    "journey_health",
    "journey_history",
    "journey_import_csv",
    "journey_list",
    "journey_map",
    "journey_matrix",
    "journey_plan",
    "journey_reletter_stages",
    "journey_restore",
    "journey_update",
    "moment_standard",
    "observation_links",
    "observation_merge",
    "persona_choices",
    "persona_create",
    "persona_delete",
    "persona_list",
    "persona_update",
    "share_link_revoke",
    "share_links",
    "shared_map",
    "snapshot_create",
    "snapshot_delete",
    "stage_choices",
    "stage_move",
    "template_delete",
    "template_list",
    "template_save",
    "template_use",
    "touchpoint_choices",
    "touchpoint_move",
]
