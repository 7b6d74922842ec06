"""An action that should move its stage's survey score: feedback gives the monthly NPS, CSAT
or CES the plan's before and after are taken from."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from journeys import selectors as journey_selectors
from journeys import services as journey_services
from journeys.models import period_start
from tests.journeys.factories import StageFactory

from .test_selectors import _answer

pytestmark = pytest.mark.django_db


def _month(periods: int):
    return period_start("month", timezone.localdate(), periods=periods)


def _noon(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def test_an_action_on_a_stages_nps_compares_the_months_before_and_after():
    stage = StageFactory(code="F")
    # two answers in each of the 9 months before last: detractors before, promoters after
    for periods, scores in {
        -9: (0, 10),
        -8: (5, 6),
        -7: (9, 6),
        -4: (10, 9),
        -3: (9, 9),
        -2: (10, 6),
    }.items():
        for nps in scores:
            _answer(stage, nps=nps, submitted_at=_noon(_month(periods) + timedelta(days=9)))
    action = journey_services.action_create(
        journey=stage.journey, stage=stage, title="Express counter", measure="nps"
    )
    journey_services.action_update(
        action=action, data={"status": "in_progress"}, today=_month(-6) + timedelta(days=2)
    )
    journey_services.action_update(
        action=action, data={"status": "done"}, today=_month(-5) + timedelta(days=2)
    )

    (row,) = journey_selectors.journey_plan(journey_id=stage.journey_id)

    # before: -9 (0, 10 → 0), -8 (5, 6 → -100), -7 (9, 6 → 0): -33.33;
    # after: -4 (100), -3 (100), -2 (10, 6 → 0): 66.67
    assert (row.series.label, row.series.higher_is_better) == ("NPS of stage F", True)
    assert (row.before, row.after) == (Decimal("-33.33"), Decimal("66.67"))
    assert row.before_window.periods == row.after_window.periods == 3
    assert row.moved is True
