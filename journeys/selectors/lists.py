"""The lists of journeys and personas, and the journeys related to one."""

from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from core.pagination import count_of

from ..filters import JourneyFilterSet, PersonaFilterSet
from ..models import Journey, Persona, Stage, Touchpoint


def journey_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Journey]:
    """Journeys matching the list's filters, with persona, owner and stage count in one query."""
    queryset = (
        Journey.objects.select_related("persona", "owner")
        .annotate(stage_count=count_of(Stage.objects.filter(journey=OuterRef("pk")), "journey"))
        .order_by("name", "id")
    )
    return JourneyFilterSet(filters or {}, queryset=queryset).qs


def persona_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Persona]:
    """Personas matching the list's filters, each with its number of journeys, in one query."""
    queryset = Persona.objects.annotate(
        journey_count=count_of(Journey.objects.filter(persona=OuterRef("pk")), "persona")
    ).order_by("name", "id")
    return PersonaFilterSet(filters or {}, queryset=queryset).qs


def stages_collecting_personal_data(
    *, journey_id: int | None = None, journey_ids: list[int] | None = None
) -> QuerySet[Stage]:
    """The journey's stages (or these journeys'), in order, where at least one touchpoint
    collects personal data."""
    stages = (
        Stage.objects.filter(journey_id=journey_id)
        if journey_ids is None
        else Stage.objects.filter(journey_id__in=journey_ids)
    )
    return stages.filter(
        Exists(Touchpoint.objects.filter(stage=OuterRef("pk"), collects_personal_data=True))
    ).order_by("position")


def journey_relatives_filter(journey: Journey) -> Q:
    """A journey's relatives (itself included): its source, its copies and their copies, and
    the journeys drawn for the same persona."""
    related = (
        Q(pk=journey.source_journey_id)
        | Q(source_journey_id=journey.pk)
        | Q(source_journey__source_journey_id=journey.pk)
    )
    if journey.persona_id is not None:
        related |= Q(persona_id=journey.persona_id)
    return related


def journey_relatives(*, journey: Journey) -> list[Journey]:
    """The journeys this one can be compared with, in one query: its source, its copies and
    their copies, and the other journeys drawn for the same persona; to-be versions first."""
    return list(
        Journey.objects.filter(journey_relatives_filter(journey))
        .exclude(pk=journey.pk)
        .order_by(
            Case(When(state=Journey.State.TO_BE, then=Value(0)), default=Value(1)), "name", "id"
        )
    )
