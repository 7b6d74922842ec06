"""The stakeholder lane of the journey map, contributed through journeys.extensions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeys.extensions import LaneItemPicture, MapLane, register_map_lane

from . import selectors
from .models import Involvement


def involvement_data(involvement: Involvement) -> dict:
    """One stakeholder of a stage, as the lane shows it."""
    return {
        "id": involvement.pk,
        "stakeholder_id": involvement.stakeholder_id,
        "stakeholder": involvement.stakeholder.name,
        "office": involvement.office,
        "sla_breached": involvement.sla_breach_id is not None,
        "sla_breach_id": involvement.sla_breach_id,
        "sla_id": involvement.sla_breach_sla_id,
    }


def involvement_picture(involvement: Involvement) -> LaneItemPicture:
    """One stakeholder of a stage, as the map's picture draws it."""
    badges = [(involvement.get_office_display(), involvement.office)]
    if involvement.sla_breach_id is not None:
        badges.append((_("SLA breached"), "alert"))
    return LaneItemPicture(text=involvement.stakeholder.name, badges=tuple(badges))


STAKEHOLDER_LANE = MapLane(
    key="stakeholders",
    permission="stakeholders.view_stakeholder",
    template="stakeholders/_map_lane.html",
    items_by_stage=selectors.stakeholders_by_stage,
    item_data=involvement_data,
    title=gettext_lazy("Stakeholders"),
    item_picture=involvement_picture,
)


def register() -> None:
    register_map_lane(STAKEHOLDER_LANE)
