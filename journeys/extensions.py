"""What the apps above journeys contribute to the journey map, registered at start-up.

journeys imports no other product app, yet its map shows their data: the survey scores behind
the emotion curve (feedback) and lanes drawn by other apps (the stakeholders of each stage).
Each such app registers its part here from its `AppConfig.ready()`, as NetBox plugins
contribute template content; the map reads whatever is registered, and works without it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

StageScoresProvider = Callable[..., list[Any]]


@dataclass(frozen=True)
class LaneItemPicture:
    """A lane's item as the map's picture (PDF, PNG, SVG) draws it: its text and badges,
    each badge a label and a tone ("front", "back", "alert" or "neutral")."""

    text: str
    badges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MapLane:
    """A row of the map drawn by another app.

    `items_by_stage(journey_id=...)` returns each stage's items ({stage id: [item, …]}) in
    one query; `template` draws the row (a `<tr>` whose cells read `column.lanes.<key>`);
    `item_data(item)` is an item as plain JSON data, for the API and the map's ETag. Only a
    viewer with `permission` sees the lane. With a `title` and `item_picture(item)`, the
    map's picture draws the lane too."""

    key: str
    permission: str
    template: str
    items_by_stage: Callable[..., dict[int, list[Any]]]
    item_data: Callable[[Any], dict[str, Any]]
    title: Any = ""
    item_picture: Callable[[Any], LaneItemPicture] | None = None


_stage_scores: list[StageScoresProvider] = []
_lanes: dict[str, MapLane] = {}
_merge_handlers: list[Callable[..., None]] = []


def register_stage_scores(provider: StageScoresProvider) -> None:
    """Makes `provider(journey_id=...)` the source of the stages' survey scores (one source:
    a second registration replaces the first)."""
    _stage_scores[:] = [provider]


def stage_scores(*, journey_id: int) -> list[Any]:
    """The registered provider's scores for the journey's stages; none without a provider."""
    if not _stage_scores:
        return []
    return _stage_scores[0](journey_id=journey_id)


def register_map_lane(lane: MapLane) -> None:
    """Adds a lane to the map, after the ones registered before it (same key: replaced)."""
    _lanes[lane.key] = lane


def map_lanes() -> list[MapLane]:
    """The registered lanes, in registration order."""
    return list(_lanes.values())


def register_observations_merged(handler: Callable[..., None]) -> None:
    """Calls `handler(kept_id=..., merged_ids=[...])` when observations are merged, before
    the merged ones are deleted, in the merge's transaction: an app whose rows point to an
    observation moves them to the kept one (registering twice is once)."""
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


def observations_merged(*, kept_id: int, merged_ids: list[int]) -> None:
    for handler in list(_merge_handlers):
        handler(kept_id=kept_id, merged_ids=merged_ids)
