"""Did the action work? An action names the measure it should move; its baseline is taken when
it starts, and once it is done the same number of periods after it give its "after"; the
plan page and API list them, flagging a done action whose measure did not move."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys import selectors, services
from journeys.models import Action, MomentOfTruth, period_start

from .factories import ActionFactory, JourneyFactory, MomentOfTruthFactory, StageFactory

pytestmark = pytest.mark.django_db


def _month(periods: int):
    return period_start("month", timezone.localdate(), periods=periods)


def _counter_wait(journey, values: list[str]) -> MomentOfTruth:
    """Counter wait ≤ 10 min a month, measured over the last len(values) months."""
    moment = MomentOfTruthFactory(
        stage=StageFactory(journey=journey, code="F"),
        description="Key handover",
        metric="Counter wait",
        comparison=MomentOfTruth.Comparison.AT_MOST,
        target=Decimal("10"),
        unit="min",
    )
    for index, value in enumerate(values):
        services.standard_measurement_record(
            moment=moment,
            period_start=_month(index - len(values)),
            value=Decimal(value),
        )
    return moment


def _run(action: Action, *, started: int, done: int) -> Action:
    """Starts the action in the month `started` months back, finishes it `done` months back."""
    services.action_update(
        action=action, data={"status": "in_progress"}, today=_month(started) + timedelta(days=4)
    )
    services.action_update(
        action=action, data={"status": "done"}, today=_month(done) + timedelta(days=19)
    )
    return action


def _express_counter(moment) -> Action:
    return services.action_create(
        journey=moment.stage.journey,
        stage=moment.stage,
        title="Express counter",
        measure=Action.Measure.STANDARD,
        measure_moment=moment,
        measure_target=Decimal("10"),
    )


def test_the_baseline_is_taken_when_the_action_starts():
    journey = JourneyFactory()
    # 12 months back … 1 month back
    moment = _counter_wait(
        journey, ["14", "13", "12", "12", "11", "9", "9", "8", "9", "9", "9", "9"]
    )
    action = _express_counter(moment)
    assert (action.started_on, action.baseline) == (None, None)

    services.action_update(
        action=action, data={"status": "in_progress"}, today=_month(-9) + timedelta(days=4)
    )

    action.refresh_from_db()
    # the three months before the start month: 12, 11 and 10 months back
    assert (action.started_on, action.baseline, action.baseline_from, action.baseline_periods) == (
        _month(-9) + timedelta(days=4),
        Decimal("13.00"),
        _month(-12),
        3,
    )


def test_before_and_after_cover_the_same_number_of_periods_of_the_same_length():
    journey = JourneyFactory()
    moment = _counter_wait(
        journey, ["14", "13", "12", "12", "11", "9", "8", "8.5", "9", "9", "9", "9"]
    )
    action = _run(_express_counter(moment), started=-9, done=-8)

    (row,) = selectors.journey_plan(journey_id=journey.pk)

    # before: 12, 11, 10 months back (14, 13, 12); after: the three months after the one it
    # was done in, 7, 6, 5 months back (9, 8, 8.5)
    assert (row.before_window.first, row.before_window.end, row.before_window.periods) == (
        _month(-12),
        _month(-9),
        3,
    )
    assert (row.after_window.first, row.after_window.end, row.after_window.periods) == (
        _month(-7),
        _month(-4),
        3,
    )
    assert (row.before, row.after) == (Decimal("13.00"), Decimal("8.50"))
    assert (row.moved, row.not_moved, row.target_reached) == (True, False, True)
    assert action.done_on == _month(-8) + timedelta(days=19)


def test_the_after_waits_until_its_periods_are_over():
    journey = JourneyFactory()
    moment = _counter_wait(journey, ["14", "13", "12", "12", "11", "9"])
    _run(_express_counter(moment), started=-3, done=-2)

    (row,) = selectors.journey_plan(journey_id=journey.pk)

    assert (row.before, row.after_window, row.after, row.moved) == (
        Decimal("13.00"),
        None,
        None,
        None,
    )


def test_the_plan_page_flags_a_done_action_whose_measure_did_not_move(client, viewer):
    journey = JourneyFactory()
    moment = _counter_wait(journey, ["12"] * 12)
    stuck = _run(_express_counter(moment), started=-9, done=-8)
    ActionFactory(journey=journey, title="Signs to the counter")
    client.force_login(viewer)

    response = client.get(f"/journeys/{journey.pk}/plan/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 done action did not move its measure." in page
    assert f'<tr id="plan-action-{stuck.pk}" class="plan-not-moved">' in page
    assert "Counter wait (≤ 10 min)" in page
    assert page.count("did not move</span>") == 1
    assert "Signs to the counter" in page


def test_the_plan_api_gives_each_actions_before_and_after(token_client, viewer):
    journey = JourneyFactory()
    moment = _counter_wait(
        journey, ["14", "13", "12", "12", "11", "9", "8", "8.5", "9", "9", "9", "9"]
    )
    action = _run(_express_counter(moment), started=-9, done=-8)

    body = token_client(viewer).get(f"/api/v1/journeys/{journey.pk}/plan/").json()

    assert body == [
        {
            "action": action.pk,
            "title": "Express counter",
            "stage": "F",
            "status": "done",
            "priority": 2,
            "measure": "standard",
            "measure_label": "Counter wait (≤ 10 min)",
            "higher_is_better": False,
            "target": "10.00",
            "started_on": (_month(-9) + timedelta(days=4)).isoformat(),
            "done_on": (_month(-8) + timedelta(days=19)).isoformat(),
            "before": "13.00",
            "before_window": {
                "first": _month(-12).isoformat(),
                "end": _month(-9).isoformat(),
                "periods": 3,
            },
            "after": "8.50",
            "after_window": {
                "first": _month(-7).isoformat(),
                "end": _month(-4).isoformat(),
                "periods": 3,
            },
            "moved": True,
            "not_moved": False,
            "target_reached": True,
        }
    ]


def test_a_stage_score_needs_the_actions_stage():
    journey = JourneyFactory()
    with pytest.raises(ValidationError) as error:
        services.action_create(journey=journey, title="Better", measure=Action.Measure.NPS)
    assert error.value.message_dict == {
        "measure": ["A stage's score needs the action's stage: pick one."]
    }
    assert Action.objects.count() == 0
