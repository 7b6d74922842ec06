"""What stakeholders checks for the journey health panel (journeys.extensions): stages no
stakeholder serves, touchpoints no one answers for."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from journeys import selectors as journey_selectors
from journeys.extensions import HealthCheck, register_health_check

from .models import Involvement, TouchpointResponsibility

STAGES_WITHOUT_STAKEHOLDER = HealthCheck(
    key="stages_without_stakeholder",
    order=10,
    title=_("Stages without a stakeholder"),
    fix_label=_("Place a stakeholder"),
    permission="stakeholders.view_involvement",
    fix_permission="stakeholders.add_involvement",
    items=lambda: journey_selectors.stage_options().order_by("position"),
    journey_path="journey",
    gap=~Exists(Involvement.objects.filter(stage=OuterRef("pk"))),
    gap_label=str,
    fix_url=lambda stage: reverse("stakeholders:stage_place", args=[stage.pk]),
)

TOUCHPOINTS_WITHOUT_RESPONSIBLE = HealthCheck(
    key="touchpoints_without_responsible",
    order=20,
    title=_("Touchpoints without a responsible stakeholder"),
    fix_label=_("Name who answers for it"),
    permission="stakeholders.view_touchpointresponsibility",
    fix_permission="stakeholders.add_touchpointresponsibility",
    items=lambda: journey_selectors.touchpoint_options().order_by("stage__position", "position"),
    journey_path="stage__journey",
    gap=~Exists(TouchpointResponsibility.objects.filter(touchpoint=OuterRef("pk"))),
    gap_label=lambda touchpoint: f"{touchpoint.stage.code}. {touchpoint.name}",
    fix_url=lambda touchpoint: reverse("stakeholders:touchpoint_responsible", args=[touchpoint.pk]),
)


def register() -> None:
    register_health_check(STAGES_WITHOUT_STAKEHOLDER)
    register_health_check(TOUCHPOINTS_WITHOUT_RESPONSIBLE)
