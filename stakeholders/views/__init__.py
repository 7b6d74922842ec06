"""The stakeholders pages, one module per concern; urls use `from . import views`."""

from .interviews import (
    interview_autosave,
    interview_create,
    interview_detail,
    interview_list,
    interview_send_back,
    interview_validate,
)
from .measures import action_kpi, kpi_measurement_create, standard_feed
from .parts import PART_VIEWS
from .placement import stage_place, touchpoint_responsible
from .slas import breach_list, measurement_create, measurement_import
from .stakeholders import (
    alignment,
    stakeholder_choices,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_detail,
    stakeholder_list,
    stakeholder_map,
    stakeholder_update,
)

__all__ = [
    "PART_VIEWS",
    "action_kpi",
    "alignment",
    "breach_list",
    "interview_autosave",
    "interview_create",
    "interview_detail",
    "interview_list",
    "interview_send_back",
    "interview_validate",
    "kpi_measurement_create",
    "measurement_create",
    "measurement_import",
    "stage_place",
    "stakeholder_choices",
    "stakeholder_create",
    "stakeholder_delete",
    "stakeholder_detail",
    "stakeholder_list",
    "stakeholder_map",
    "stakeholder_update",
    "standard_feed",
    "touchpoint_responsible",
]
