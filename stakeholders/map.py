"""The stakeholder lane of the journey map, contributed through journeys.extensions."""

from journeys.extensions import MapLane, register_map_lane

from . import selectors
from .models import Involvement


def involvement_data(involvement: Involvement) -> dict:
    """One stakeholder of a stage, as the lane shows it."""
    return {
        "id": involvement.pk,
        "stakeholder_id": involvement.stakeholder_id,
        "stakeholder": involvement.stakeholder.name,
        "office": involvement.office,
        "sla_breached": involvement.stakeholder_has_breach,
    }


STAKEHOLDER_LANE = MapLane(
    key="stakeholders",
    permission="stakeholders.view_stakeholder",
    template="stakeholders/_map_lane.html",
    items_by_stage=selectors.stakeholders_by_stage,
    item_data=involvement_data,
)


def register() -> None:
    register_map_lane(STAKEHOLDER_LANE)
