"""The score rollups (models.ScoreRollup) kept in step with what they count: an answer and a
sent invitation add to them in their own transaction, a deletion subtracts first, and
rollups_rebuild recomputes them all from the rows."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import Invitation, Response, ScoreRollup
from ..selectors.scores import (
    DETRACTOR_MAX_NPS,
    HIGH_EFFORT_MIN_CES,
    PROMOTER_MIN_NPS,
    SATISFIED_MIN_CSAT,
)

# journey, stage, touchpoint (or None), rule, month
RollupKey = tuple[int, int, int | None, int, date]
KEY_FIELDS = ("journey_id", "stage_id", "touchpoint_id", "rule_id", "month")

# What responses add to their rollup, as the database aggregates them.
RESPONSE_COUNTS = {
    "responses": Count("pk"),
    "nps_count": Count("pk", filter=Q(nps__isnull=False)),
    "promoters": Count("pk", filter=Q(nps__gte=PROMOTER_MIN_NPS)),
    "detractors": Count("pk", filter=Q(nps__lte=DETRACTOR_MAX_NPS)),
    "csat_count": Count("pk", filter=Q(csat__isnull=False)),
    "csat_satisfied": Count("pk", filter=Q(csat__gte=SATISFIED_MIN_CSAT)),
    "ces_count": Count("pk", filter=Q(ces__isnull=False)),
    "ces_sum": Sum("ces", default=0),
    "ces_high": Count("pk", filter=Q(ces__gte=HIGH_EFFORT_MIN_CES)),
}
# What sent invitations add to the rollup of the month they were sent in.
SENT_COUNTS = {
    "invitations_sent": Count("pk"),
    "invitations_answered": Count("pk", filter=Q(status=Invitation.Status.ANSWERED)),
}
# What suppressed invitations add to the rollup of the month they were created in.
SUPPRESSED_COUNTS = {"invitations_suppressed": Count("pk")}


def month_of(moment: datetime) -> date:
    """The first day of the moment's month in the site's time zone."""
    return timezone.localtime(moment).date().replace(day=1)


def _key(invitation: Invitation, moment: datetime) -> RollupKey:
    event = invitation.event
    month = month_of(moment)
    return (event.stage.journey_id, event.stage_id, event.touchpoint_id, invitation.rule_id, month)


def _add(key: RollupKey, counts: dict[str, int]) -> None:
    """Adds `counts` to the key's rollup, creating it if need be; race-safe: of two first
    answers of a month, the second insert fails on the unique constraint in its savepoint
    and adds to the row the first created."""
    counts = {field: int(count) for field, count in counts.items() if count}
    changes = {field: F(field) + count for field, count in counts.items()}
    if not changes:
        return
    rollup = ScoreRollup.objects.filter(**dict(zip(KEY_FIELDS[1:], key[1:], strict=True)))
    if rollup.update(**changes):
        return
    try:
        with transaction.atomic():
            ScoreRollup.objects.create(**dict(zip(KEY_FIELDS, key, strict=True)), **counts)
            return
    except IntegrityError:
        pass
    rollup.update(**changes)


def rollup_response_add(*, response: Response, invitation: Invitation) -> None:
    """Counts a new answer (and its invitation as answered, in the month it was sent); in
    the caller's transaction. `invitation` has its event and stage loaded."""
    nps, csat, ces = response.nps, response.csat, response.ces
    _add(
        _key(invitation, response.submitted_at),
        {
            "responses": 1,
            "nps_count": nps is not None,
            "promoters": nps is not None and nps >= PROMOTER_MIN_NPS,
            "detractors": nps is not None and nps <= DETRACTOR_MAX_NPS,
            "csat_count": csat is not None,
            "csat_satisfied": csat is not None and csat >= SATISFIED_MIN_CSAT,
            "ces_count": ces is not None,
            "ces_sum": ces or 0,
            "ces_high": ces is not None and ces >= HIGH_EFFORT_MIN_CES,
        },
    )
    if invitation.sent_at is not None:
        _add(_key(invitation, invitation.sent_at), {"invitations_answered": 1})


def rollup_invitation_sent(*, invitation: Invitation, sent_at: datetime) -> None:
    """Counts an invitation sent; in the transaction that marks it sent. `invitation` has
    its event and stage loaded."""
    _add(_key(invitation, sent_at), {"invitations_sent": 1})


def rollup_invitation_created(*, invitation: Invitation) -> None:
    """Counts a new invitation if it is suppressed from the start; in the transaction that
    creates it. `invitation` has its event and stage loaded."""
    if invitation.status == Invitation.Status.SUPPRESSED:
        _add(_key(invitation, invitation.created_at), {"invitations_suppressed": 1})


def _totals(respondent_ids: list[int] | None) -> dict[RollupKey, dict[str, int]]:
    """Every counter recomputed from the rows, of the given respondents or of all, in three
    grouped queries."""
    zone = timezone.get_current_timezone()
    totals: dict[RollupKey, dict[str, Any]] = {}
    sources = (
        (Response.objects, "invitation__", "submitted_at", RESPONSE_COUNTS),
        (Invitation.objects.filter(sent_at__isnull=False), "", "sent_at", SENT_COUNTS),
        (
            Invitation.objects.filter(status=Invitation.Status.SUPPRESSED),
            "",
            "created_at",
            SUPPRESSED_COUNTS,
        ),
    )
    for rows, via, moment, counts in sources:
        if respondent_ids is not None:
            rows = rows.filter(**{f"{via}respondent_id__in": respondent_ids})
        key = (
            f"{via}event__stage__journey",
            f"{via}event__stage",
            f"{via}event__touchpoint",
            f"{via}rule",
            "rollup_month",
        )
        grouped = (
            rows.annotate(rollup_month=TruncMonth(moment, tzinfo=zone, output_field=DateField()))
            .values(*key)
            .order_by()
            .annotate(**counts)
        )
        for row in grouped:
            totals.setdefault(tuple(row[name] for name in key), {}).update(
                {field: row[field] for field in counts}
            )
    return totals


@contextmanager
def rollups_recounted(*, respondent_ids: list[int]) -> Iterator[None]:
    """Around a bulk change or deletion of the respondents' invitations and answers: takes
    what they counted out of the rollups before, and what is left back in after; in the
    transaction of the change."""
    for key, counts in _totals(respondent_ids).items():
        _add(key, {field: -count for field, count in counts.items()})
    yield
    for key, counts in _totals(respondent_ids).items():
        _add(key, counts)
    # Left with nothing, a rollup goes: as after a rebuild, it would list an empty month.
    ScoreRollup.objects.filter(responses=0, invitations_sent=0, invitations_suppressed=0).delete()


@transaction.atomic
def rollups_rebuild() -> int:
    """Recomputes every rollup from the answers and invitations; returns how many rows."""
    ScoreRollup.objects.all().delete()
    rollups = ScoreRollup.objects.bulk_create(
        (
            ScoreRollup(**dict(zip(KEY_FIELDS, key, strict=True)), **counts)
            for key, counts in _totals(None).items()
        ),
        batch_size=1000,
    )
    return len(rollups)
