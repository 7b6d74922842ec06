"""The journey map: its items, its freshness, its emotion curve and the lanes other apps
contribute, assembled once for the page and the API."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import ngettext_lazy

from core.comments import selectors as comment_selectors

from .. import extensions
from ..models import (
    RISK_DESCRIPTIONS,
    Action,
    BuyingGroupMember,
    DissatisfactionRisk,
    Journey,
    MomentOfTruth,
    Observation,
    Stage,
    Touchpoint,
)
from .buying import buying_group, buying_group_by_stage
from .standards import standard_statuses

# A cached emotion curve is kept with the journey's freshness and recomputed when that
# differs, so it is never stale; the time limit only lets the cache forget unviewed journeys.
EMOTION_CURVE_SECONDS = 24 * 60 * 60


def journey_map_get(*, journey_id: int) -> Journey:
    """A journey with everything its map shows, in six queries whatever its size: the
    journey (with persona, owner and source), stages, touchpoints, moments of truth (with
    their touchpoint), observations and actions (with stage, owner and observation)."""
    stages = Stage.objects.order_by("position").prefetch_related(
        Prefetch("touchpoints", queryset=Touchpoint.objects.order_by("position")),
        Prefetch(
            "moments_of_truth",
            queryset=MomentOfTruth.objects.select_related("touchpoint").order_by("id"),
        ),
        Prefetch("observations", queryset=Observation.objects.order_by("-severity", "id")),
    )
    queryset = Journey.objects.select_related(
        "persona", "owner", "source_journey"
    ).prefetch_related(
        Prefetch("stages", queryset=stages),
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("stage", "owner", "observation").order_by(
                "priority", "id"
            ),
        ),
    )
    return get_object_or_404(queryset, pk=journey_id)


@dataclass(frozen=True)
class MapFreshness:
    """What a journey's map depends on that can change: its updated_at (every service write
    to the journey or its items moves it) and its scores_changed_at (every survey answer to
    one of its stages moves it, as it may move the emotion curve)."""

    updated_at: datetime
    scores_changed_at: datetime | None

    @property
    def last_modified(self) -> datetime:
        return max(filter(None, [self.updated_at, self.scores_changed_at]))

    @property
    def fingerprint(self) -> str:
        scores = self.scores_changed_at.isoformat() if self.scores_changed_at else ""
        return f"{self.updated_at.isoformat()}/{scores}"


def journey_map_freshness(*, journey_id: int) -> MapFreshness:
    """The journey's MapFreshness in one primary-key read (404 when there is no such journey),
    for a conditional GET that answers 304 before the map is read."""
    updated_at, scores_changed_at = get_object_or_404(
        Journey.objects.values_list("updated_at", "scores_changed_at"), pk=journey_id
    )
    return MapFreshness(updated_at=updated_at, scores_changed_at=scores_changed_at)


def journey_comment_counts(*, journey_id: int) -> dict[str, int]:
    """How many comments the journey and each item of its map have ("journeys.stage:3" → 2),
    in one query whatever the map's size."""
    in_journey = {"stage__journey_id": journey_id}
    return comment_selectors.comment_counts(
        targets={
            Journey: [journey_id],
            Stage: Stage.objects.filter(journey_id=journey_id).values("pk"),
            Touchpoint: Touchpoint.objects.filter(**in_journey).values("pk"),
            MomentOfTruth: MomentOfTruth.objects.filter(**in_journey).values("pk"),
            Observation: Observation.objects.filter(**in_journey).values("pk"),
            Action: Action.objects.filter(journey_id=journey_id).values("pk"),
        }
    )


@dataclass(frozen=True)
class EmotionPoint:
    stage_id: int
    code: str
    name: str
    score: int | None
    source: str


def stage_scores_for_journey(*, journey_id: int) -> list:
    """Every stage of the journey in order with its survey scores, as the provider registered
    in journeys.extensions (feedback's) gives them; no scores without one."""
    return extensions.stage_scores(journey_id=journey_id)


def journey_emotion_curve(*, journey: Journey) -> list[EmotionPoint]:
    """One point per stage, in order: the survey score (the journey's emotion metric, NPS,
    CSAT or CES, on the -2..+2 scale) where enough customers answered that metric, source
    "survey"; the stage's manual emotion score elsewhere,
    source "manual". Kept in the cache until the journey or its scores change (the map's
    freshness); otherwise the scores' queries (stage_scores_for_journey: two) on top
    of the journey's prefetched stages, whatever their number."""
    freshness = MapFreshness(
        updated_at=journey.updated_at, scores_changed_at=journey.scores_changed_at
    )
    version = (
        f"{freshness.fingerprint}/{settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE}"
        f"/{journey.emotion_metric}"
    )
    key = f"journeys:emotion-curve:{journey.pk}"
    kept_version, curve = cache.get(key, (None, None))
    if kept_version != version:
        curve = _emotion_curve(journey)
        cache.set(key, (version, curve), EMOTION_CURVE_SECONDS)
    return curve


def _emotion_curve(journey: Journey) -> list[EmotionPoint]:
    metric = journey.emotion_metric
    survey_scores = {
        row.stage.pk: row.scores.emotion_for(metric)
        for row in stage_scores_for_journey(journey_id=journey.pk)
        if row.scores.enough_for(metric) and row.scores.emotion_for(metric) is not None
    }
    return [
        EmotionPoint(
            stage_id=stage.pk,
            code=stage.code,
            name=stage.name,
            score=survey_scores.get(stage.pk, stage.emotion_score),
            source="survey" if stage.pk in survey_scores else "manual",
        )
        for stage in journey.stages.all()
    ]


@dataclass
class LaneContent:
    """A contributed lane (extensions.MapLane) with its items for one journey."""

    lane: extensions.MapLane
    by_stage: dict[int, list]

    @property
    def template(self) -> str:
        return self.lane.template

    @property
    def fingerprint(self) -> tuple[str, dict[int, list[dict]]]:
        """Everything the lane shows, for the map's ETag."""
        return self.lane.key, {
            stage_id: [self.lane.item_data(item) for item in items]
            for stage_id, items in self.by_stage.items()
        }

    def data(self, stage_ids: list[int]) -> dict:
        """The lane as plain data, every stage in map order (for the API)."""
        return {
            "key": self.lane.key,
            "stages": [
                {
                    "stage_id": stage_id,
                    "items": [
                        self.lane.item_data(item) for item in self.by_stage.get(stage_id, [])
                    ],
                }
                for stage_id in stage_ids
            ],
        }


def journey_map_lanes(*, journey_id: int, user) -> list[LaneContent]:
    """The lanes other apps contribute that `user` may see, with their items: one query each
    (read before the map itself, as the map's ETag depends on them)."""
    return [
        LaneContent(lane=lane, by_stage=lane.items_by_stage(journey_id=journey_id))
        for lane in extensions.map_lanes()
        if user.has_perm(lane.permission)
    ]


@dataclass
class RiskTally:
    """One dissatisfaction risk at a stage: how many observations, moments of truth and
    other apps' items (cases…) name it."""

    risk: str
    label: str
    description: str
    total: int
    # "2 observations", "3 cases"…: each source with its count.
    counts: list[str]


OBSERVATIONS = ngettext_lazy("%(count)d observation", "%(count)d observations", "count")
MOMENTS = ngettext_lazy("%(count)d moment of truth", "%(count)d moments of truth", "count")


def _risk_tallies(stage: Stage, observations: list[Observation], lanes) -> list[RiskTally]:
    # risk → source's key → [its lazy plural, count] (lazy strings are no keys: they compare
    # equal before a count picks their form)
    counted: dict[str, dict[str, list]] = {}

    def add(risk: str, key: str, source, count: int = 1) -> None:
        counted.setdefault(risk, {}).setdefault(key, [source, 0])[1] += count

    for observation in observations:
        for risk in observation.risks:
            add(risk, "observations", OBSERVATIONS)
    for moment in stage.moments_of_truth.all():
        for risk in moment.risks:
            add(risk, "moments", MOMENTS)
    for lane in lanes:
        if lane.lane.risks:
            for item in lane.by_stage.get(stage.pk, []):
                add(item.risk, lane.lane.key, item.source, item.count)
    labels = dict(DissatisfactionRisk.choices)
    tallies = [
        RiskTally(
            risk=risk,
            label=str(labels.get(risk, risk)),
            description=str(RISK_DESCRIPTIONS.get(risk, "")),
            total=sum(count for _source, count in by_source.values()),
            counts=[source % {"count": count} for source, count in by_source.values()],
        )
        for risk, by_source in counted.items()
    ]
    return sorted(tallies, key=lambda tally: (-tally.total, tally.label))


@dataclass
class ChannelGroup:
    channel: str
    label: str
    touchpoints: list[Touchpoint] = field(default_factory=list)


@dataclass
class MapColumn:
    """One stage of the map, with its items sorted into the lanes the page draws."""

    stage: Stage
    front_stage: list[ChannelGroup]
    back_stage: list[ChannelGroup]
    customer_observations: list[Observation]
    employee_observations: list[Observation]
    actions: list[Action]
    moment_touchpoint_ids: set[int]
    touchpoint_count: int = 0
    lanes: dict[str, list] = field(default_factory=dict)
    risks: list[RiskTally] = field(default_factory=list)
    # Whose stage it is: the buying group's members who matter here.
    buying_group: list[BuyingGroupMember] = field(default_factory=list)


@dataclass
class JourneyMap:
    """Everything the map shows, for the page and the API alike."""

    journey: Journey
    columns: list[MapColumn]
    journey_actions: list[Action]
    emotion_curve: list[EmotionPoint]
    lanes: list[LaneContent]
    buying_group: list[BuyingGroupMember] = field(default_factory=list)

    @property
    def lanes_data(self) -> list[dict]:
        stage_ids = [column.stage.pk for column in self.columns]
        return [lane.data(stage_ids) for lane in self.lanes]


def _by_channel(touchpoints: list[Touchpoint]) -> list[ChannelGroup]:
    """Touchpoints grouped by channel, groups in the order of their first touchpoint."""
    groups: dict[str, ChannelGroup] = {}
    for touchpoint in touchpoints:
        group = groups.setdefault(
            touchpoint.channel,
            ChannelGroup(touchpoint.channel, touchpoint.get_channel_display()),
        )
        group.touchpoints.append(touchpoint)
    return list(groups.values())


def _column(stage: Stage, actions: list[Action], lanes: list[LaneContent]) -> MapColumn:
    touchpoints = list(stage.touchpoints.all())
    observations = list(stage.observations.all())
    for observation in observations:
        # The map shows an observation's action(s) next to it, and each action its observation.
        observation.planned_actions = [a for a in actions if a.observation_id == observation.pk]
    return MapColumn(
        stage=stage,
        front_stage=_by_channel(
            [tp for tp in touchpoints if tp.lane == Touchpoint.Lane.FRONT_STAGE]
        ),
        back_stage=_by_channel([tp for tp in touchpoints if tp.lane == Touchpoint.Lane.BACK_STAGE]),
        customer_observations=[o for o in observations if o.side == Observation.Side.CUSTOMER],
        employee_observations=[o for o in observations if o.side == Observation.Side.EMPLOYEE],
        actions=[action for action in actions if action.stage_id == stage.pk],
        moment_touchpoint_ids={moment.touchpoint_id for moment in stage.moments_of_truth.all()},
        touchpoint_count=len(touchpoints),
        lanes={lane.lane.key: lane.by_stage.get(stage.pk, []) for lane in lanes},
        risks=_risk_tallies(stage, observations, lanes),
    )


def journey_map(*, journey_id: int, user, lanes: list[LaneContent] | None = None) -> JourneyMap:
    """The whole map of a journey as `user` sees it, in journey_map_get's six queries, the
    buying group's two, one per contributed lane (unless `lanes` were read already, from
    journey_map_lanes), the measurable standards' two (their own and their fed measurements,
    when there are any) and the survey scores' (unless the emotion curve is cached). Each
    moment of truth gets its `standard_status` (None unless its standard is measurable)."""
    journey = journey_map_get(journey_id=journey_id)
    if lanes is None:
        lanes = journey_map_lanes(journey_id=journey.pk, user=user)
    actions = list(journey.actions.all())
    members = buying_group(journey_id=journey.pk)
    columns = [_column(stage, actions, lanes) for stage in journey.stages.all()]
    by_stage = buying_group_by_stage(members)
    for column in columns:
        column.buying_group = by_stage.get(column.stage.pk, [])
    moments = [m for stage in journey.stages.all() for m in stage.moments_of_truth.all()]
    statuses = standard_statuses(moments=moments)
    for moment in moments:
        moment.standard_status = statuses.get(moment.pk)
    return JourneyMap(
        journey=journey,
        columns=columns,
        journey_actions=[action for action in actions if action.stage_id is None],
        emotion_curve=journey_emotion_curve(journey=journey),
        lanes=lanes,
        buying_group=members,
    )
