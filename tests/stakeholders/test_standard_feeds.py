"""A moment's standard fed by a KPI's or an SLA objective's measurements, judged against the
standard's own target; KPI values per period; the KPI an action should move."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys import selectors as journey_selectors
from journeys import services as journey_services
from journeys.models import Action, MomentOfTruth, period_start
from stakeholders import services
from stakeholders.models import KPI, KPIMeasurement, StandardFeed
from tests.journeys.factories import MomentOfTruthFactory, StageFactory

from .factories import KPIFactory, SLAObjectiveFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _month(periods: int):
    return period_start("month", timezone.localdate(), periods=periods)


@pytest.fixture
def fed():
    """Key handover (counter wait ≤ 10 min a month) fed by the counter manager's KPI."""
    moment = MomentOfTruthFactory(
        stage=StageFactory(code="F"),
        description="Key handover",
        metric="Counter wait",
        comparison=MomentOfTruth.Comparison.AT_MOST,
        target=Decimal("10"),
        unit="min",
    )
    kpi = KPIFactory(
        stakeholder=StakeholderFactory(name="Karim Haddad"),
        name="Average wait at the counter",
        unit="min",
        target=Decimal("8"),
        direction=KPI.Direction.LOWER_IS_BETTER,
    )
    services.standard_feed_set(moment=moment, kpi=kpi)
    return moment, kpi


def _standard(token_client, user, moment) -> dict:
    body = token_client(user).get(f"/api/v1/journeys/{moment.stage.journey_id}/map/").json()
    return body["stages"][0]["moments_of_truth"][0]["standard_status"]


def test_a_standard_fed_by_a_kpi_flips_from_met_to_missed_with_a_new_measurement(
    token_client, client, viewer, fed
):
    moment, kpi = fed
    services.kpi_measurement_record(kpi=kpi, period_start=_month(-2), value=Decimal("9"))
    client.force_login(viewer)
    map_url = f"/journeys/{moment.stage.journey_id}/"
    before = client.get(map_url)
    assert _standard(token_client, viewer, moment)["last"] == {
        "period_start": _month(-2).isoformat(),
        "value": "9.00",
        "met": True,
    }

    # 10.5 meets the KPI's own direction nowhere near its target of 8, and misses the
    # standard's 10: the standard's target judges.
    services.kpi_measurement_record(kpi=kpi, period_start=_month(-1), value=Decimal("10.5"))

    status = _standard(token_client, viewer, moment)
    assert status["source"] == "Average wait at the counter — Karim Haddad"
    assert status["last"] == {
        "period_start": _month(-1).isoformat(),
        "value": "10.50",
        "met": False,
    }
    assert status["missed"] == 1
    after = client.get(map_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert '<span class="badge standard-missed">missed</span>' in after.content.decode()
    assert "fed by Average wait at the counter — Karim Haddad" in after.content.decode()


def test_a_fed_standard_ignores_its_own_measurements(fed):
    moment, kpi = fed
    journey_services.standard_measurement_record(
        moment=moment, period_start=_month(-1), value=Decimal("30")
    )
    services.kpi_measurement_record(kpi=kpi, period_start=_month(-1), value=Decimal("7"))

    status = journey_selectors.standard_statuses(moments=[moment])[moment.pk]

    assert [(p.value, p.met) for p in status.points] == [(Decimal("7.00"), True)]


def test_an_sla_objective_feeds_a_standard_judged_on_the_standards_target():
    moment = MomentOfTruthFactory(
        metric="Cars clean", comparison=MomentOfTruth.Comparison.AT_LEAST, target=Decimal("95")
    )
    objective = SLAObjectiveFactory(target=Decimal("98"))
    services.standard_feed_set(moment=moment, objective=objective)

    breach = services.measurement_record(
        objective=objective, period_start=_month(-1), value=Decimal("96")
    )

    status = journey_selectors.standard_statuses(moments=[moment])[moment.pk]
    assert breach.met is False
    assert (status.last.value, status.last.met) == (Decimal("96.00"), True)
    assert status.source == f"Cars clean before pick-up — {objective.sla.stakeholder.name}"


def test_the_feed_is_measured_per_the_standards_period(fed):
    moment, _kpi = fed
    weekly = KPIFactory(period="week")
    with pytest.raises(ValidationError) as error:
        services.standard_feed_set(moment=moment, kpi=weekly)
    assert error.value.messages == [
        "The standard is measured per month and its source per week: give them the same period."
    ]
    assert StandardFeed.objects.get(moment=moment).kpi != weekly


def test_the_health_panel_counts_a_fed_standard_missed(cx_manager, fed):
    moment, kpi = fed
    services.kpi_measurement_record(kpi=kpi, period_start=_month(-1), value=Decimal("12"))

    health = journey_selectors.journey_health(journey=moment.stage.journey, user=cx_manager)

    missed = {result.check.key: result.gaps for result in health.results}["standards_missed"]
    assert [gap.label for gap in missed] == ["F. Key handover"]


def test_the_cx_manager_picks_the_feed_on_its_page(client, cx_manager, fed):
    moment, _kpi = fed
    other = KPIFactory(name="Cars ready", unit="%")
    client.force_login(cx_manager)
    url = f"/stakeholders/standards/{moment.pk}/feed/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"kpi": other.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{moment.stage.journey_id}/standards/{moment.pk}/"
    assert StandardFeed.objects.get(moment=moment).kpi == other


def test_kpi_values_through_the_api(token_client, cx_manager, viewer, fed):
    _moment, kpi = fed
    api = token_client(cx_manager)

    created = api.post(
        "/api/v1/kpi-measurements/",
        {"kpi": kpi.pk, "period_start": _month(-1).isoformat(), "value": "9.5"},
        format="json",
    )
    again = api.post(
        "/api/v1/kpi-measurements/",
        {"kpi": kpi.pk, "period_start": _month(-1).isoformat(), "value": "8"},
        format="json",
    )
    wrong_day = api.post(
        "/api/v1/kpi-measurements/",
        {"kpi": kpi.pk, "period_start": (_month(-2) + timedelta(days=1)).isoformat(), "value": "1"},
        format="json",
    )
    refused = token_client(viewer).post(
        "/api/v1/kpi-measurements/",
        {"kpi": kpi.pk, "period_start": _month(-3).isoformat(), "value": "1"},
        format="json",
    )

    assert (created.status_code, again.status_code) == (201, 201)
    assert wrong_day.status_code == 400
    assert wrong_day.json() == {
        "period_start": ["Give the first day of the KPI's measurement period."]
    }
    assert refused.status_code == 403
    listed = token_client(viewer).get(f"/api/v1/kpi-measurements/?kpi={kpi.pk}").json()
    assert [(row["period_start"], row["value"]) for row in listed["results"]] == [
        (_month(-1).isoformat(), "8.00")
    ]
    assert KPIMeasurement.objects.count() == 1


def test_the_kpi_value_page_records_a_period(client, cx_manager, fed):
    _moment, kpi = fed
    client.force_login(cx_manager)
    url = f"/stakeholders/{kpi.stakeholder_id}/kpi-measurements/new/"

    response = client.post(url, {"kpi": kpi.pk, "period_start": _month(-1), "value": "9"})

    assert response.status_code == 302
    assert list(kpi.measurements.values_list("period_start", "value")) == [
        (_month(-1), Decimal("9.00"))
    ]


def test_an_action_measured_by_a_kpi_shows_its_before_and_after(client, cx_manager, fed):
    moment, kpi = fed
    for index, value in enumerate(["14", "13", "12", "12", "11", "9", "8", "8.5", "9"]):
        services.kpi_measurement_record(
            kpi=kpi, period_start=_month(index - 12), value=Decimal(value)
        )
    action = journey_services.action_create(
        journey=moment.stage.journey, stage=moment.stage, title="Express counter"
    )
    client.force_login(cx_manager)

    response = client.post(f"/stakeholders/actions/{action.pk}/kpi/", {"kpi": kpi.pk})
    action.refresh_from_db()
    for status, day in (("in_progress", _month(-9) + timedelta(days=4)), ("done", _month(-8))):
        journey_services.action_update(action=action, data={"status": status}, today=day)

    assert response.status_code == 302
    (row,) = journey_selectors.journey_plan(journey_id=moment.stage.journey_id)
    assert (row.action.measure, row.series.label, row.before, row.after, row.moved) == (
        Action.Measure.KPI,
        "Average wait at the counter (min)",
        Decimal("13.00"),
        Decimal("8.50"),
        True,
    )
    assert row.before_window.periods == row.after_window.periods == 3
