"""What gdpr checks for the journey health panel (journeys.extensions): touchpoints of an
as-is journey that collect personal data with no personal-data entry in the register, for
the touchpoint or for its whole stage (a to-be journey is a design, not a processing)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from journeys import selectors as journey_selectors
from journeys.extensions import HealthCheck, register_health_check
from journeys.models import Journey

from .models import DataItem

PERSONAL_DATA_WITHOUT_ENTRY = HealthCheck(
    key="personal_data_without_entry",
    order=50,
    title=_("Touchpoints collecting personal data without a register entry"),
    fix_label=_("Record the data"),
    permission="gdpr.view_dataitem",
    fix_permission="gdpr.add_dataitem",
    items=lambda: (
        journey_selectors.touchpoint_options()
        .filter(collects_personal_data=True, stage__journey__state=Journey.State.AS_IS)
        .order_by("stage__position", "position")
    ),
    journey_path="stage__journey",
    gap=~Exists(
        DataItem.objects.filter(
            Q(touchpoint=OuterRef("pk")) | Q(touchpoint__isnull=True),
            stage=OuterRef("stage_id"),
            category=DataItem.Category.PERSONAL,
        )
    ),
    gap_label=lambda touchpoint: f"{touchpoint.stage.code}. {touchpoint.name}",
    fix_url=lambda touchpoint: (
        reverse("gdpr:data_item_create")
        + "?"
        + urlencode({"stage": touchpoint.stage_id, "category": DataItem.Category.PERSONAL})
    ),
)


def register() -> None:
    register_health_check(PERSONAL_DATA_WITHOUT_ENTRY)
