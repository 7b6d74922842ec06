"""What feedback checks for the journey health panel (journeys.extensions): stages of an
as-is journey that no active follow-up rule surveys (a to-be journey is a design)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from journeys import selectors as journey_selectors
from journeys.extensions import HealthCheck, register_health_check
from journeys.models import Journey

from .models import FollowUpRule

STAGES_WITHOUT_RULE = HealthCheck(
    key="stages_without_rule",
    order=40,
    title=_("Stages without a follow-up rule"),
    fix_label=_("Add a follow-up rule"),
    permission="feedback.view_followuprule",
    fix_permission="feedback.add_followuprule",
    items=lambda: (
        journey_selectors.stage_options()
        .filter(journey__state=Journey.State.AS_IS)
        .order_by("position")
    ),
    journey_path="journey",
    gap=~Exists(
        FollowUpRule.objects.filter(
            Q(stage=OuterRef("pk")) | Q(touchpoint__stage=OuterRef("pk")), active=True
        )
    ),
    gap_label=str,
    fix_url=lambda stage: (
        reverse("feedback:rule_list") + "?" + urlencode({"stage": stage.pk}) + "#new-rule"
    ),
)


def register() -> None:
    register_health_check(STAGES_WITHOUT_RULE)
