"""A moment of truth's measurable standard: its own measurements, met or missed on the map
with a sparkline of its recent periods, its page, its API, and the health panel's count of
standards missed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys import selectors, services
from journeys.models import MomentOfTruth, StandardMeasurement, period_start

from .factories import MomentOfTruthFactory, StageFactory

pytestmark = pytest.mark.django_db


def _month(periods: int):
    return period_start("month", timezone.localdate(), periods=periods)


@pytest.fixture
def counter_wait():
    """Key handover at stage F: counter wait ≤ 10 min a month."""
    return MomentOfTruthFactory(
        stage=StageFactory(code="F", name="Pick-up"),
        description="Key handover",
        standard="Car handed over in under 10 minutes",
        metric="Counter wait",
        comparison=MomentOfTruth.Comparison.AT_MOST,
        target=Decimal("10"),
        unit="min",
    )


def _record(moment, values: dict[int, str]):
    for periods, value in values.items():
        services.standard_measurement_record(
            moment=moment, period_start=_month(periods), value=Decimal(value)
        )


def test_a_standard_needs_a_comparison_and_a_target_together():
    stage = StageFactory()
    with pytest.raises(ValidationError) as error:
        services.moment_of_truth_create(
            stage=stage, description="Handover", metric="Wait", comparison="at_most"
        )
    assert error.value.message_dict == {
        "target": ["A standard needs both a comparison and a target."]
    }
    assert MomentOfTruth.objects.count() == 0


def test_a_standard_is_met_by_its_comparison(counter_wait):
    assert counter_wait.target_display == "≤ 10 min"
    assert [counter_wait.is_met_by(Decimal(v)) for v in ("9.5", "10", "10.5")] == [
        True,
        True,
        False,
    ]


def test_a_measurement_is_for_the_first_day_of_the_standards_period(counter_wait):
    with pytest.raises(ValidationError) as error:
        services.standard_measurement_record(
            moment=counter_wait, period_start=_month(-1).replace(day=2), value=Decimal("9")
        )
    assert error.value.message_dict == {
        "period_start": ["Give the first day of the standard's period."]
    }
    assert StandardMeasurement.objects.count() == 0


def test_recording_a_period_again_corrects_it(counter_wait):
    _record(counter_wait, {-1: "12", -2: "9"})
    _record(counter_wait, {-1: "9.5"})
    assert list(
        counter_wait.measurements.order_by("period_start").values_list("value", flat=True)
    ) == [Decimal("9.00"), Decimal("9.50")]


def test_the_status_is_the_latest_recent_period_with_the_ones_before(counter_wait):
    # The seventh month back is no longer recent (six periods, this one included).
    _record(counter_wait, {-6: "20", -5: "9", -4: "11", -2: "12", -1: "9.5"})

    status = selectors.standard_statuses(moments=[counter_wait])[counter_wait.pk]

    assert [(p.period_start, str(p.value), p.met) for p in status.points] == [
        (_month(-5), "9.00", True),
        (_month(-4), "11.00", False),
        (_month(-2), "12.00", False),
        (_month(-1), "9.50", True),
    ]
    assert (status.last.met, status.missed, status.source) == (True, 2, "")


def test_the_map_shows_the_standard_missed_with_its_sparkline(client, viewer, counter_wait):
    _record(counter_wait, {-2: "9", -1: "12"})
    client.force_login(viewer)

    page = client.get(f"/journeys/{counter_wait.stage.journey_id}/").content.decode()

    assert '<span class="badge standard-missed">missed</span>' in page
    assert "(Counter wait ≤ 10 min / month)" in page
    assert page.count('class="spark-met"') == 1
    assert page.count('class="spark-missed"') == 1
    assert "Recent periods: missed once" in page


def test_the_map_api_gives_the_standards_recent_periods(token_client, viewer, counter_wait):
    _record(counter_wait, {-1: "12"})

    body = token_client(viewer).get(f"/api/v1/journeys/{counter_wait.stage.journey_id}/map/")

    moment = body.json()["stages"][0]["moments_of_truth"][0]
    assert (moment["metric"], moment["comparison"], moment["target"]) == (
        "Counter wait",
        "at_most",
        "10.00",
    )
    last = {"period_start": _month(-1).isoformat(), "value": "12.00", "met": False}
    assert moment["standard_status"] == {
        "source": "",
        "last": last,
        "recent": [last],
        "missed": 1,
    }


def test_a_new_measurement_changes_the_maps_etag(client, viewer, counter_wait):
    client.force_login(viewer)
    url = f"/journeys/{counter_wait.stage.journey_id}/"
    first = client.get(url)

    _record(counter_wait, {-1: "12"})

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_cx_manager_records_a_period_on_the_standards_page(client, cx_manager, counter_wait):
    client.force_login(cx_manager)
    url = f"/journeys/{counter_wait.stage.journey_id}/standards/{counter_wait.pk}/"

    response = client.post(url, {"period_start": _month(-1).isoformat(), "value": "8.5"})

    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "8.5 min" in page
    assert '<span class="badge standard-met">met</span>' in page


def test_a_wrong_period_on_the_standards_page_is_refused(client, cx_manager, counter_wait):
    client.force_login(cx_manager)
    url = f"/journeys/{counter_wait.stage.journey_id}/standards/{counter_wait.pk}/"

    response = client.post(url, {"period_start": _month(-1).replace(day=3), "value": "8.5"})

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "period_start": ["Give the first day of the standard's period."]
    }
    assert StandardMeasurement.objects.count() == 0


def test_a_viewer_reads_the_standards_page_but_records_nothing(client, viewer, counter_wait):
    client.force_login(viewer)
    url = f"/journeys/{counter_wait.stage.journey_id}/standards/{counter_wait.pk}/"

    assert "Record a period" not in client.get(url).content.decode()
    assert client.post(url, {"period_start": _month(-1), "value": "1"}).status_code == 403
    assert StandardMeasurement.objects.count() == 0


def test_the_api_records_and_lists_a_standards_measurements(
    token_client, cx_manager, viewer, counter_wait
):
    api = token_client(cx_manager)
    created = api.post(
        "/api/v1/standard-measurements/",
        {"moment": counter_wait.pk, "period_start": _month(-1).isoformat(), "value": "11"},
        format="json",
    )
    assert created.status_code == 201
    corrected = api.patch(
        f"/api/v1/standard-measurements/{created.json()['id']}/", {"value": "9"}, format="json"
    )
    assert corrected.json()["value"] == "9.00"

    listed = token_client(viewer).get(
        f"/api/v1/standard-measurements/?journey={counter_wait.stage.journey_id}"
    )
    assert [(row["moment"], row["value"]) for row in listed.json()["results"]] == [
        (counter_wait.pk, "9.00")
    ]
    refused = token_client(viewer).post(
        "/api/v1/standard-measurements/",
        {"moment": counter_wait.pk, "period_start": _month(-2).isoformat(), "value": "1"},
        format="json",
    )
    assert refused.status_code == 403
    assert StandardMeasurement.objects.count() == 1


def test_the_health_panel_lists_a_standard_missed_in_its_latest_period(
    client, cx_manager, counter_wait
):
    journey_id = counter_wait.stage.journey_id
    _record(counter_wait, {-2: "12", -1: "9"})
    client.force_login(cx_manager)

    def gaps():
        health = selectors.journey_health(journey=counter_wait.stage.journey, user=cx_manager)
        return {r.check.key: [(g.label, g.fix_url) for g in r.gaps] for r in health.results}[
            "standards_missed"
        ]

    assert gaps() == []
    _record(counter_wait, {-1: "13"})
    assert gaps() == [("F. Key handover", f"/journeys/{journey_id}/standards/{counter_wait.pk}/")]


def test_a_copy_keeps_the_measurable_standard_not_its_measurements(counter_wait):
    _record(counter_wait, {-1: "12"})
    copy = services.journey_duplicate(journey=counter_wait.stage.journey, name="To be")
    moment = MomentOfTruth.objects.get(stage__journey=copy)
    assert (moment.metric, moment.target_display, moment.measurements.count()) == (
        "Counter wait",
        "≤ 10 min",
        0,
    )


def test_the_map_exports_keep_the_standards_wording(client, viewer, counter_wait):
    _record(counter_wait, {-1: "12"})
    client.force_login(viewer)
    journey_id = counter_wait.stage.journey_id

    svg = client.get(f"/journeys/{journey_id}/export.svg")
    xlsx = client.get(f"/journeys/{journey_id}/export.xlsx")

    assert (svg.status_code, xlsx.status_code) == (200, 200)
    assert "Car handed over in under 10 minutes" in svg.content.decode()
    assert "≤ 10 min: missed (12)" in svg.content.decode()
