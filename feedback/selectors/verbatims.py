"""The customers' words, searched and filtered, with what their list shows in one query."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from ..filters import VerbatimFilterSet
from ..models import Verbatim


def verbatim_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Verbatim]:
    """Verbatims matching the filters, newest first, with their stage, journey, touchpoint,
    case and observation, in one query."""
    queryset = Verbatim.objects.select_related(
        "stage__journey", "touchpoint", "case", "response__case", "observation"
    ).order_by("-said_at", "-id")
    return VerbatimFilterSet(filters or {}, queryset=queryset).qs


def verbatim_get(*, verbatim_id: int) -> Verbatim:
    return Verbatim.objects.select_related("stage__journey", "observation").get(pk=verbatim_id)


def verbatims_of_the_month(*, month: date, journey_id: int | None = None) -> QuerySet[Verbatim]:
    """The verbatims pinned for the committee among those said in `month`, by stage."""
    queryset = Verbatim.objects.filter(
        pinned_at__isnull=False, said_at__year=month.year, said_at__month=month.month
    )
    if journey_id:
        queryset = queryset.filter(stage__journey_id=journey_id)
    return queryset.select_related("stage__journey", "touchpoint").order_by(
        "stage__journey__name", "stage__position", "said_at", "id"
    )
