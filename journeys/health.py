"""What journeys itself checks for the journey health panel (journeys.extensions): moments
of truth without a measurable standard, standards missed in their latest period."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .extensions import HealthCheck, register_health_check
from .models import MomentOfTruth
from .selectors.standards import STANDARD_MISSED, latest_standard_value


def _moments():
    return MomentOfTruth.objects.select_related("stage").order_by("stage__position", "id")


def _moment_label(moment: MomentOfTruth) -> str:
    return f"{moment.stage.code}. {moment}"


def _moment_fix_url(moment: MomentOfTruth) -> str:
    """The map with the moment's editor open."""
    return reverse("journeys:journey_map", args=[moment.stage.journey_id]) + (
        f"?moment={moment.pk}#map-editor"
    )


MOMENTS_WITHOUT_STANDARD = HealthCheck(
    key="moments_without_standard",
    order=30,
    title=_("Moments of truth without a measurable standard"),
    fix_label=_("Set the standard"),
    permission="journeys.view_momentoftruth",
    fix_permission="journeys.change_momentoftruth",
    items=_moments,
    journey_path="stage__journey",
    gap=~MomentOfTruth.MEASURABLE_STANDARD,
    gap_label=_moment_label,
    fix_url=_moment_fix_url,
)


def _measured_moments():
    return (
        _moments()
        .filter(MomentOfTruth.MEASURABLE_STANDARD)
        .annotate(standard_latest=latest_standard_value())
    )


def _standard_url(moment: MomentOfTruth) -> str:
    return reverse("journeys:moment_standard", args=[moment.stage.journey_id, moment.pk])


STANDARDS_MISSED = HealthCheck(
    key="standards_missed",
    order=35,
    title=_("Standards missed in their latest period"),
    fix_label=_("See the measurements"),
    permission="journeys.view_standardmeasurement",
    fix_permission="journeys.view_standardmeasurement",
    items=_measured_moments,
    journey_path="stage__journey",
    gap=STANDARD_MISSED,
    gap_label=_moment_label,
    fix_url=_standard_url,
)


def register() -> None:
    register_health_check(MOMENTS_WITHOUT_STANDARD)
    register_health_check(STANDARDS_MISSED)
