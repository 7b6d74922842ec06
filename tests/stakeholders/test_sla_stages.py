"""An SLA names the stages (or touchpoints) it serves; the journey map's badge shows a breach
of the current or last period, on those stages only, linking to the SLA."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from stakeholders import selectors, services
from stakeholders.models import SLA, SLAObjective, period_start_before
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import InvolvementFactory, SLAObjectiveFactory

pytestmark = pytest.mark.django_db


def _months_ago(months: int) -> date:
    return period_start_before(SLAObjective.Period.MONTH, timezone.localdate(), periods=months)


@pytest.fixture
def shuttle():
    """Stages A, B and C; the shuttle operator serves A and B, its SLA covers B only."""
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey, code=code) for code in "ABC"]
    objective = SLAObjectiveFactory(
        comparison=SLAObjective.Comparison.AT_MOST, target=10, sla__service="Shuttle"
    )
    operator = objective.sla.stakeholder
    for stage in stages[:2]:
        InvolvementFactory(stage=stage, stakeholder=operator)
    services.sla_update(sla=objective.sla, data={"stages": [stages[1]]})
    return journey, stages, objective


def _breach(objective, months_ago: int):
    return services.measurement_record(
        objective=objective, period_start=_months_ago(months_ago), value=Decimal(12)
    )


def _badges(client, journey) -> list[str]:
    """The stage codes whose stakeholder lane shows the breach badge, in map order."""
    html = client.get(f"/journeys/{journey.pk}/").text
    lane = html[html.index('class="lane lane-stakeholders"') :]
    lane = lane[: lane.index("</tr>")]
    cells = re.findall(r"<td>(.*?)</td>", lane, re.S)
    codes = [stage.code for stage in journey.stages.order_by("position")]
    return [code for code, cell in zip(codes, cells, strict=True) if "map-sla-breached" in cell]


def test_a_breach_shows_only_on_the_slas_stages(client, viewer, shuttle):
    journey, _stages, objective = shuttle
    _breach(objective, 1)
    client.force_login(viewer)

    assert _badges(client, journey) == ["B"]


def test_the_badge_links_to_the_sla_on_the_stakeholders_page(client, viewer, shuttle):
    journey, _stages, objective = shuttle
    _breach(objective, 0)
    client.force_login(viewer)

    html = client.get(f"/journeys/{journey.pk}/").text

    stakeholder = objective.sla.stakeholder
    link = f'href="/stakeholders/{stakeholder.pk}/#sla-{objective.sla.pk}"'
    assert f'class="badge map-sla-breached" {link}' in html
    page = client.get(f"/stakeholders/{stakeholder.pk}/").text
    assert f'id="sla-{objective.sla.pk}"' in page


def test_a_breach_older_than_the_window_shows_no_badge(client, viewer, shuttle):
    journey, _stages, objective = shuttle
    _breach(objective, 2)
    client.force_login(viewer)

    assert _badges(client, journey) == []


def test_the_window_is_a_setting(client, viewer, shuttle, settings):
    journey, _stages, objective = shuttle
    _breach(objective, 2)
    settings.SLA_BREACH_WINDOW_PERIODS = 3
    client.force_login(viewer)

    assert _badges(client, journey) == ["B"]


def test_a_met_period_after_the_breach_keeps_the_badge_within_the_window(client, viewer, shuttle):
    journey, _stages, objective = shuttle
    _breach(objective, 1)
    services.measurement_record(objective=objective, period_start=_months_ago(0), value=Decimal(8))
    client.force_login(viewer)

    assert _badges(client, journey) == ["B"]


def test_an_sla_serving_no_stage_shows_nowhere(client, viewer, shuttle):
    journey, _stages, objective = shuttle
    services.sla_update(sla=objective.sla, data={"stages": []})
    _breach(objective, 0)
    client.force_login(viewer)

    assert _badges(client, journey) == []


def test_an_sla_serving_a_touchpoint_shows_on_its_stage(client, viewer, shuttle):
    journey, stages, objective = shuttle
    services.sla_update(
        sla=objective.sla, data={"stages": [], "touchpoints": [TouchpointFactory(stage=stages[0])]}
    )
    _breach(objective, 0)
    client.force_login(viewer)

    assert _badges(client, journey) == ["A"]


def test_another_stakeholders_sla_on_the_stage_does_not_mark_this_one(viewer, shuttle):
    journey, stages, objective = shuttle
    other = SLAObjectiveFactory()
    InvolvementFactory(stage=stages[1], stakeholder=other.sla.stakeholder)
    _breach(objective, 0)

    lane = selectors.stakeholders_by_stage(journey_id=journey.pk)

    flags = {
        involvement.stakeholder.name: involvement.sla_breach_id is not None
        for involvement in lane[stages[1].pk]
    }
    assert flags == {objective.sla.stakeholder.name: True, other.sla.stakeholder.name: False}


def test_the_map_api_names_the_breach(token_client, viewer, shuttle):
    journey, stages, objective = shuttle
    breach = _breach(objective, 0)

    body = token_client(viewer).get(f"/api/v1/journeys/{journey.pk}/map/").json()

    lane = next(lane for lane in body["lanes"] if lane["key"] == "stakeholders")
    items = {row["stage_id"]: row["items"] for row in lane["stages"]}
    assert [(i["sla_breached"], i["sla_breach_id"], i["sla_id"]) for i in items[stages[1].pk]] == [
        (True, breach.pk, objective.sla.pk)
    ]
    assert [i["sla_breached"] for i in items[stages[0].pk]] == [False]


def test_a_new_breach_changes_the_maps_etag(client, viewer, shuttle):
    journey, _stages, objective = shuttle
    client.force_login(viewer)
    first = client.get(f"/journeys/{journey.pk}/")

    _breach(objective, 0)

    again = client.get(f"/journeys/{journey.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("period", "day", "periods", "start"),
    [
        ("month", date(2026, 1, 15), 0, date(2026, 1, 1)),
        ("month", date(2026, 1, 15), 1, date(2025, 12, 1)),
        ("month", date(2026, 3, 31), 14, date(2025, 1, 1)),
        ("week", date(2026, 1, 15), 0, date(2026, 1, 12)),
        ("week", date(2026, 1, 15), 2, date(2025, 12, 29)),
        ("quarter", date(2026, 2, 10), 0, date(2026, 1, 1)),
        ("quarter", date(2026, 2, 10), 1, date(2025, 10, 1)),
    ],
)
def test_period_start_before(period, day, periods, start):
    assert period_start_before(period, day, periods=periods) == start


def test_the_cx_manager_names_the_stages_on_the_stakeholders_page(client, cx_manager, shuttle):
    _journey, stages, objective = shuttle
    client.force_login(cx_manager)
    url = f"/stakeholders/{objective.sla.stakeholder_id}/slas/{objective.sla.pk}/edit/"

    form = client.get(url).context["form"]
    assert list(form.initial["stages"]) == [stages[1]]
    response = client.post(
        url,
        {
            "service": "Shuttle",
            "valid_from": "2025-01-01",
            "stages": [stages[0].pk, stages[2].pk],
        },
    )

    assert response.status_code == 302
    assert list(SLA.objects.get().stages.order_by("code")) == [stages[0], stages[2]]


def test_the_api_creates_and_changes_the_stages_served(token_client, cx_manager, shuttle):
    _journey, stages, objective = shuttle
    client = token_client(cx_manager)

    created = client.post(
        "/api/v1/slas/",
        {
            "stakeholder": objective.sla.stakeholder_id,
            "service": "Night shuttle",
            "valid_from": "2025-01-01",
            "stages": [stages[2].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["stages"] == [stages[2].pk]

    changed = client.patch(
        f"/api/v1/slas/{created.json()['id']}/", {"stages": [stages[0].pk]}, format="json"
    )
    assert changed.json()["stages"] == [stages[0].pk]
    assert client.get(f"/api/v1/slas/{objective.sla.pk}/").json()["stages"] == [stages[1].pk]
