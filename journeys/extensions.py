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
    map's picture draws the lane too. A lane of `StageRisk` items (`risks=True`) has no row
    of its own: the map's dissatisfaction risks row adds them to the observations' and the
    moments' risks."""

    key: str
    permission: str
    template: str
    items_by_stage: Callable[..., dict[int, list[Any]]]
    item_data: Callable[[Any], dict[str, Any]]
    title: Any = ""
    item_picture: Callable[[Any], LaneItemPicture] | None = None
    risks: bool = False


@dataclass(frozen=True)
class StageRisk:
    """How often one of the 13 dissatisfaction risks (journeys.models.DissatisfactionRisk)
    came up at a stage in another app's data, e.g. complaint cases: `source` counts them as
    the map says it, a lazy plural with a `count` placeholder ("%(count)d case(s)")."""

    risk: str
    source: Any
    count: int


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


# The journey's health ("zones de flou", seed 000): what is missing from a map.


@dataclass(frozen=True)
class HealthCheck:
    """One kind of gap in a journey, owned by the app that knows what fills it.

    `items()` is every item checked, across journeys (stages, touchpoints, moments…), with
    what `gap_label` reads loaded; `journey_path` leads from an item to its journey ("journey"
    for a stage, "stage__journey" for a touchpoint); `gap` (a Q on the items) says which are
    gaps. `fix_url(item)` is the page that fills a gap, shown to whoever has
    `fix_permission`; only a viewer with `permission` sees the check. Lower `order` first."""

    key: str
    order: int
    title: Any
    fix_label: Any
    permission: str
    fix_permission: str
    items: Callable[[], Any]
    journey_path: str
    gap: Any
    gap_label: Callable[[Any], str]
    fix_url: Callable[[Any], str]


_health_checks: dict[str, HealthCheck] = {}


def register_health_check(check: HealthCheck) -> None:
    """Adds a check to the journey health panel and score (same key: replaced)."""
    _health_checks[check.key] = check


def health_checks() -> list[HealthCheck]:
    """The registered checks, in their order."""
    return sorted(_health_checks.values(), key=lambda check: (check.order, check.key))


def register_observations_merged(handler: Callable[..., None]) -> None:
    """Calls `handler(kept_id=..., merged_ids=[...])` when observations are merged, before
    the merged ones are deleted, in the merge's transaction: an app whose rows point to an
    observation moves them to the kept one (registering twice is once)."""
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


def observations_merged(*, kept_id: int, merged_ids: list[int]) -> None:
    for handler in list(_merge_handlers):
        handler(kept_id=kept_id, merged_ids=merged_ids)


# Measures kept by the apps above journeys: what feeds a moment's standard (stakeholders: a
# KPI or an SLA objective) and the values an action's measure takes (feedback: a stage's
# survey scores; stakeholders: a KPI).


@dataclass(frozen=True)
class FedSeries:
    """The measurements that feed one moment's standard: where they come from (a KPI's or an
    SLA objective's name) and their values by period start."""

    source: str
    values: dict[Any, Any]


@dataclass(frozen=True)
class StandardFeeds:
    """How another app feeds standards. `series(moment_ids=..., since=...)` returns the fed
    moments' FedSeries from `since` on, in one query; `latest_value(since_week=...,
    since_month=...)` is an expression (a subquery on the moment, OuterRef("pk")) for the fed
    value of its latest period from those dates on, per the moment's period."""

    series: Callable[..., dict[int, FedSeries]]
    latest_value: Callable[..., Any]
    # The page that picks the feed of a moment's standard, for whoever has the permission.
    edit_url: Callable[[Any], str] | None = None
    edit_permission: str = ""


_standard_feeds: list[StandardFeeds] = []


def register_standard_feeds(feeds: StandardFeeds) -> None:
    """Makes `feeds` the source of fed standards (one source: a second one replaces it)."""
    _standard_feeds[:] = [feeds]


def standard_feeds() -> StandardFeeds | None:
    return _standard_feeds[0] if _standard_feeds else None


@dataclass(frozen=True)
class MeasureSeries:
    """The values of an action's measure: its label, its period ("week" or "month"),
    whether a higher value is better, and the values by period start; with a `target`, the
    closer to it the better (a standard of the "=" kind)."""

    label: str
    period: str
    higher_is_better: bool
    values: dict[Any, Any]
    target: Any = None


ActionMeasureProvider = Callable[..., dict[int, MeasureSeries]]
_action_measures: dict[str, ActionMeasureProvider] = {}
# measure → (permission, url(action)): the page that names what the action measures (a KPI).
_action_measure_pages: dict[str, tuple[str, Callable[[Any], str]]] = {}


def register_action_measures(
    kinds: tuple[str, ...],
    provider: ActionMeasureProvider,
    *,
    choose: tuple[str, Callable[[Any], str]] | None = None,
) -> None:
    """Makes `provider(actions=[...])` the source of the values of the actions whose measure
    is one of `kinds` (journeys.models.Action.Measure): {action id: MeasureSeries}, in a fixed
    number of queries whatever the number of actions. `choose`: the permission and the page
    that pick what the action measures, when the app keeps that link."""
    for kind in kinds:
        _action_measures[kind] = provider
        if choose is not None:
            _action_measure_pages[kind] = choose


def action_measure_page(*, action: Any, user) -> str:
    """The page that picks what `action` measures, if its measure has one and `user` may."""
    permission, url = _action_measure_pages.get(action.measure, ("", None))
    return url(action) if url is not None and user.has_perm(permission) else ""


def action_measure_series(*, actions: list[Any]) -> dict[int, MeasureSeries]:
    """Each action's MeasureSeries from the provider of its measure (none without one)."""
    series: dict[int, MeasureSeries] = {}
    providers: dict[int, tuple[ActionMeasureProvider, list[Any]]] = {}
    for action in actions:
        provider = _action_measures.get(action.measure)
        if provider is not None:
            providers.setdefault(id(provider), (provider, []))[1].append(action)
    for provider, measured in providers.values():
        series.update(provider(actions=measured))
    return series
