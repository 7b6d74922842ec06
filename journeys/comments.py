"""The journey and its map's items take comments: whoever reads journeys reads their threads;
each thread links back to the map."""

from django.urls import reverse

from core.comments.registry import Commentable, may_read_permission, register_commentables

from .models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint


def _map_url(journey_id: int) -> str:
    return reverse("journeys:journey_map", args=[journey_id])


COMMENTABLES = [
    Commentable(
        model=Journey,
        may_read=may_read_permission("journeys.view_journey"),
        url=lambda journey: _map_url(journey.pk),
    ),
    Commentable(
        model=Stage,
        may_read=may_read_permission("journeys.view_stage"),
        url=lambda stage: _map_url(stage.journey_id),
    ),
    *(
        Commentable(
            model=model,
            may_read=may_read_permission(f"journeys.view_{model._meta.model_name}"),
            url=lambda item: _map_url(item.stage.journey_id),
        )
        for model in (Touchpoint, MomentOfTruth, Observation)
    ),
    Commentable(
        model=Action,
        may_read=may_read_permission("journeys.view_action"),
        url=lambda action: _map_url(action.journey_id),
    ),
]


def register() -> None:
    register_commentables(COMMENTABLES)
