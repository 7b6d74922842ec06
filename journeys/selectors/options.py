"""Plain reads of journeys, stages and touchpoints for the apps above journeys: a look-up
by id and the choices of their forms and filters."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import Journey, Persona, Stage, Touchpoint


def journey_get(*, journey_id: int) -> Journey:
    """One journey, nothing prefetched, or a 404."""
    return get_object_or_404(Journey, pk=journey_id)


def journey_options() -> QuerySet[Journey]:
    """Every journey by name, for another app's choice of a journey or a list to annotate."""
    return Journey.objects.order_by("name", "id")


def persona_options() -> QuerySet[Persona]:
    """Every persona by name, for a journey's choice of its persona."""
    return Persona.objects.order_by("name", "id")


def journey_stages(*, journey_id: int) -> QuerySet[Stage]:
    """A journey's stages in their order."""
    return Stage.objects.filter(journey_id=journey_id).order_by("position")


def stage_options() -> QuerySet[Stage]:
    """Every stage with its journey, journey by journey, for another app's choice of a stage."""
    return Stage.objects.select_related("journey").order_by(
        "journey__name", "journey_id", "position"
    )


def touchpoint_options(*, stage_id: int | None = None) -> QuerySet[Touchpoint]:
    """Every touchpoint (or one stage's) with its stage and journey, in the map's order."""
    touchpoints = Touchpoint.objects.select_related("stage__journey").order_by(
        "stage__journey__name", "stage__journey_id", "stage__position", "position"
    )
    return touchpoints if stage_id is None else touchpoints.filter(stage_id=stage_id)


def stage_find(*, stage_id: int) -> Stage | None:
    """One stage with its journey, or None."""
    return Stage.objects.select_related("journey").filter(pk=stage_id).first()


def journey_touchpoints(*, journey_id: int) -> QuerySet[Touchpoint]:
    """A journey's touchpoints with their stage, in the map's order."""
    return (
        Touchpoint.objects.filter(stage__journey_id=journey_id)
        .select_related("stage")
        .order_by("stage__position", "position")
    )
