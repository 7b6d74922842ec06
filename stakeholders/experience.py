"""The employee experience lane of the journey map, contributed through journeys.extensions:
per stage, how easy the interviewed employees find it to satisfy the customer (mean and
count) and what blocks them most often, from the validated interviews of the journey."""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeys.extensions import (
    LaneItemPicture,
    MapLane,
    register_map_lane,
    register_observations_merged,
)

from .models import Interview, InterviewOutcome

# How many of a stage's blockers the lane shows, the most often named first.
MAIN_BLOCKERS = 3


@dataclass(frozen=True)
class StageExperience:
    """The employees' experience of one stage: the mean ease (1 to 5, None when nobody rated
    it), how many rated it, how many interviews speak of the stage, and the main blockers
    with how many interviews name each."""

    ease: Decimal | None
    ease_count: int
    interviews: int
    blockers: tuple[tuple[str, int], ...]


def employee_experience_by_stage(*, journey_id: int) -> dict[int, list[StageExperience]]:
    """For the lane: each stage's experience (one item), from the journey's validated
    interviews, in one query."""
    eases: dict[int, list[int]] = {}
    blockers: dict[int, Counter] = {}
    spelling: dict[str, str] = {}
    interviews: Counter = Counter()
    for answers in Interview.objects.filter(
        journey_id=journey_id, status=Interview.Status.VALIDATED
    ).values_list("answers", flat=True):
        for stage_id, stage in ((answers or {}).get("stages") or {}).items():
            ease, named = stage.get("ease"), stage.get("blockers") or []
            if ease is None and not named:
                continue
            stage_id = int(stage_id)
            interviews[stage_id] += 1
            if ease is not None:
                eases.setdefault(stage_id, []).append(ease)
            for text in dict.fromkeys(named):
                key = text.casefold()
                spelling.setdefault(key, text)
                blockers.setdefault(stage_id, Counter())[key] += 1
    lane = {}
    for stage_id, count in interviews.items():
        rated = eases.get(stage_id, [])
        mean = (
            (Decimal(sum(rated)) / len(rated)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if rated
            else None
        )
        main = sorted(blockers.get(stage_id, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
        lane[stage_id] = [
            StageExperience(
                ease=mean,
                ease_count=len(rated),
                interviews=count,
                blockers=tuple((spelling[key], n) for key, n in main[:MAIN_BLOCKERS]),
            )
        ]
    return lane


def experience_data(item: StageExperience) -> dict:
    return {
        "ease": None if item.ease is None else str(item.ease),
        "ease_count": item.ease_count,
        "interviews": item.interviews,
        "blockers": [{"text": text, "count": count} for text, count in item.blockers],
    }


def experience_picture(item: StageExperience) -> LaneItemPicture:
    text = "; ".join(text for text, _count in item.blockers) or "—"
    badges = []
    if item.ease is not None:
        tone = "alert" if item.ease < 3 else "neutral"
        badges.append(
            (_("ease %(ease)s/5 (%(count)d)") % {"ease": item.ease, "count": item.ease_count}, tone)
        )
    return LaneItemPicture(text=text, badges=tuple(badges))


EMPLOYEE_LANE = MapLane(
    key="employee_experience",
    # Blockers come from interview notes: only those who may read interviews see them.
    permission="stakeholders.view_interview",
    template="stakeholders/_map_employee_lane.html",
    items_by_stage=employee_experience_by_stage,
    item_data=experience_data,
    title=gettext_lazy("Employee experience"),
    item_picture=experience_picture,
)


def outcomes_follow_merge(*, kept_id: int, merged_ids: list[int]) -> None:
    """What an interview's validation created keeps pointing to the merged observation."""
    InterviewOutcome.objects.filter(observation_id__in=merged_ids).update(observation_id=kept_id)


def register() -> None:
    register_map_lane(EMPLOYEE_LANE)
    register_observations_merged(outcomes_follow_merge)
