"""The journey's health: the gaps of its map that the registered checks find
(journeys.extensions.HealthCheck), and a score per journey for the list."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce

from .. import extensions
from ..models import Journey


@dataclass(frozen=True)
class HealthGap:
    label: str
    fix_url: str


@dataclass
class HealthCheckResult:
    check: extensions.HealthCheck
    checked: int
    gaps: list[HealthGap]


@dataclass
class JourneyHealth:
    journey: Journey
    results: list[HealthCheckResult]

    @property
    def checked(self) -> int:
        return sum(result.checked for result in self.results)

    @property
    def gap_count(self) -> int:
        return sum(len(result.gaps) for result in self.results)

    @property
    def score(self) -> int | None:
        """The share of checked items without a gap, in percent; None when nothing is
        checked."""
        return health_score(checked=self.checked, gaps=self.gap_count)


def health_score(*, checked: int, gaps: int) -> int | None:
    if not checked:
        return None
    return round(100 * (checked - gaps) / checked)


def _visible_checks(user) -> list[extensions.HealthCheck]:
    return [check for check in extensions.health_checks() if user.has_perm(check.permission)]


def journey_health(*, journey: Journey, user) -> JourneyHealth:
    """Every check `user` may see, run on the journey: one query each."""
    results = []
    for check in _visible_checks(user):
        items = list(
            check.items()
            .filter(**{check.journey_path: journey.pk})
            .annotate(health_gap=ExpressionWrapper(check.gap, output_field=BooleanField()))
        )
        may_fix = user.has_perm(check.fix_permission)
        results.append(
            HealthCheckResult(
                check=check,
                checked=len(items),
                gaps=[
                    HealthGap(
                        label=check.gap_label(item),
                        fix_url=check.fix_url(item) if may_fix else "",
                    )
                    for item in items
                    if item.health_gap
                ],
            )
        )
    return JourneyHealth(journey=journey, results=results)


def _count(check: extensions.HealthCheck, *, gaps: bool) -> Any:
    items = check.items().filter(**{check.journey_path: OuterRef("pk")})
    if gaps:
        items = items.filter(check.gap)
    counted = items.order_by().values(check.journey_path).annotate(count=Count("pk"))
    return Coalesce(Subquery(counted.values("count")), 0)


def health_scores(*, journey_ids: list[int], user) -> dict[int, int | None]:
    """The health score of each of these journeys (a page of the list) over the checks `user`
    may see, in one query whose cost follows the number of journeys asked, not the data."""
    checks = _visible_checks(user)
    if not checks or not journey_ids:
        return dict.fromkeys(journey_ids)
    checked = sum(
        (_count(check, gaps=False) for check in checks[1:]), _count(checks[0], gaps=False)
    )
    gaps = sum((_count(check, gaps=True) for check in checks[1:]), _count(checks[0], gaps=True))
    rows = (
        Journey.objects.filter(pk__in=journey_ids)
        .order_by()
        .values_list("pk")
        .annotate(checked=checked, gaps=gaps)
    )
    return {pk: health_score(checked=checked, gaps=gaps) for pk, checked, gaps in rows}
