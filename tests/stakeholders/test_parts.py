"""Involvements, KPIs, incentives, SLAs and objectives edited on the stakeholder's page: in
place with htmx, as whole pages without it; the CX manager writes, everyone else reads."""

from decimal import Decimal

import pytest

from stakeholders.models import KPI, SLA, Incentive, Involvement, SLAMeasurement, SLAObjective
from tests.journeys.factories import StageFactory, TouchpointFactory

from .factories import (
    ExternalStakeholderFactory,
    IncentiveFactory,
    InvolvementFactory,
    KPIFactory,
    SLAFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    measurements,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_kpi_is_added_in_place_and_the_sections_come_back(client, cx_manager):
    stakeholder = StakeholderFactory()
    client.force_login(cx_manager)
    url = f"/stakeholders/{stakeholder.pk}/kpis/new/"

    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert 'hx-post="' + url + '"' in form.content.decode()

    response = client.post(
        url,
        {
            "name": "Calls handled per day",
            "unit": "calls",
            "target": "60",
            "direction": "higher_is_better",
            "alignment": "dissonant",
            "rationale": "Pushes agents to hang up.",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#stakeholder-parts"
    assert response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert body.startswith('<div id="stakeholder-parts">')
    assert "“Calls handled per day” added." in body
    assert "alignment-dissonant" in body
    kpi = KPI.objects.get()
    assert (kpi.stakeholder, kpi.target, kpi.alignment) == (stakeholder, Decimal("60"), "dissonant")


def test_an_invalid_form_comes_back_with_its_errors_and_keeps_the_input(client, cx_manager):
    stakeholder = StakeholderFactory()
    KPIFactory(stakeholder=stakeholder, name="Calls handled per day")
    client.force_login(cx_manager)

    response = client.post(
        f"/stakeholders/{stakeholder.pk}/kpis/new/",
        {
            "name": "Calls handled per day",
            "target": "sixty",
            "direction": "higher_is_better",
            "alignment": "neutral",
            "rationale": "kept",
        },
        **HTMX,
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors == {
        "name": ["This stakeholder already has a KPI with this name."],
        "target": ["Enter a number."],
    }
    assert "kept" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert KPI.objects.count() == 1


def test_without_htmx_the_same_urls_are_whole_pages(client, cx_manager):
    stakeholder = StakeholderFactory()
    kpi = KPIFactory(stakeholder=stakeholder, name="Waiting time")
    client.force_login(cx_manager)

    page = client.get(f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/edit/")
    assert page.status_code == 200
    assert "<h1>Edit the KPI</h1>" in page.content.decode()
    assert "hx-post" not in page.content.decode()

    response = client.post(
        f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/edit/",
        {
            "name": "Waiting time",
            "unit": "min",
            "direction": "lower_is_better",
            "alignment": "aligned",
        },
    )

    assert response.status_code == 302
    assert response.url == f"/stakeholders/{stakeholder.pk}/#kpis"
    kpi.refresh_from_db()
    assert (kpi.unit, kpi.direction, kpi.alignment) == ("min", "lower_is_better", "aligned")


def test_a_delete_asks_first_then_deletes(client, cx_manager):
    stakeholder = StakeholderFactory()
    kpi = KPIFactory(stakeholder=stakeholder, name="Waiting time")
    incentive = IncentiveFactory(stakeholder=stakeholder, kpi=kpi)
    client.force_login(cx_manager)
    url = f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/delete/"

    confirm = client.get(url, **HTMX)
    assert confirm.status_code == 200
    assert "Delete the KPI “Waiting time”?" in confirm.content.decode()
    assert KPI.objects.filter(pk=kpi.pk).exists()

    response = client.post(url, **HTMX)

    assert response.status_code == 200
    assert "“Waiting time” deleted." in response.content.decode()
    assert not KPI.objects.exists()
    incentive.refresh_from_db()
    assert incentive.kpi is None


def test_an_involvement_is_placed_on_a_stage_and_edited_without_changing_stage(client, cx_manager):
    stakeholder = StakeholderFactory()
    stage = StageFactory()
    counter = TouchpointFactory(stage=stage, name="Counter")
    client.force_login(cx_manager)

    response = client.post(
        f"/stakeholders/{stakeholder.pk}/involvements/new/",
        {
            "stage": stage.pk,
            "touchpoint": counter.pk,
            "office": "front",
            "channels": ["counter", "phone"],
            "volume": "90",
            "volume_period": "day",
            "tools": "Counter software",
        },
    )

    assert response.status_code == 302
    involvement = Involvement.objects.get()
    assert (involvement.stage, involvement.touchpoint, involvement.channels) == (
        stage,
        counter,
        ["counter", "phone"],
    )
    edit = client.get(f"/stakeholders/{stakeholder.pk}/involvements/{involvement.pk}/edit/")
    assert "stage" not in edit.context["form"].fields
    client.post(
        f"/stakeholders/{stakeholder.pk}/involvements/{involvement.pk}/edit/",
        {"office": "back", "channels": ["phone"]},
    )
    involvement.refresh_from_db()
    assert (involvement.stage, involvement.office, involvement.channels) == (
        stage,
        "back",
        ["phone"],
    )


def test_an_involvement_with_a_touchpoint_of_another_stage_is_refused_inline(client, cx_manager):
    stakeholder = StakeholderFactory()
    stage = StageFactory()
    elsewhere = TouchpointFactory()
    client.force_login(cx_manager)

    response = client.post(
        f"/stakeholders/{stakeholder.pk}/involvements/new/",
        {"stage": stage.pk, "touchpoint": elsewhere.pk, "office": "front", "volume": "5"},
        **HTMX,
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "touchpoint": ["The touchpoint must belong to the involvement's stage."],
        "volume_period": ["Say per what period the volume is counted."],
    }
    assert not Involvement.objects.exists()


def test_an_incentive_can_only_be_driven_by_the_stakeholders_own_kpi(client, cx_manager):
    stakeholder = StakeholderFactory()
    own = KPIFactory(stakeholder=stakeholder)
    other = KPIFactory()
    client.force_login(cx_manager)
    url = f"/stakeholders/{stakeholder.pk}/incentives/new/"
    data = {"type": "performance_bonus", "name": "Monthly bonus", "calculation": "€5 a call"}

    refused = client.post(url, {**data, "kpi": other.pk}, **HTMX)
    assert refused.status_code == 422
    assert list(refused.context["form"].errors) == ["kpi"]
    assert not Incentive.objects.exists()

    assert client.post(url, {**data, "kpi": own.pk}, **HTMX).status_code == 200
    assert Incentive.objects.get().kpi == own


def test_an_sla_and_its_objectives_are_managed_on_an_external_stakeholders_page(client, cx_manager):
    stakeholder = ExternalStakeholderFactory()
    client.force_login(cx_manager)
    page = client.get(f"/stakeholders/{stakeholder.pk}/").content.decode()
    assert f"/stakeholders/{stakeholder.pk}/slas/new/" in page

    refused = client.post(
        f"/stakeholders/{stakeholder.pk}/slas/new/",
        {"service": "Shuttle", "valid_from": "2025-06-01", "valid_until": "2025-01-01"},
        **HTMX,
    )
    assert refused.status_code == 422
    assert refused.context["form"].non_field_errors() == ["The SLA cannot end before it starts."]

    client.post(
        f"/stakeholders/{stakeholder.pk}/slas/new/",
        {"service": "Shuttle", "contract_reference": "CT-9", "valid_from": "2025-01-01"},
        **HTMX,
    )
    sla = SLA.objects.get()
    client.post(
        f"/stakeholders/{stakeholder.pk}/slas/{sla.pk}/objectives/new/",
        {
            "metric": "Shuttles on time",
            "unit": "%",
            "comparison": "at_least",
            "target": "95",
            "period": "month",
        },
        **HTMX,
    )
    objective = SLAObjective.objects.get()
    assert (objective.sla, objective.target) == (sla, Decimal("95"))
    [measurement] = measurements(objective, ["94"])
    assert measurement.met is False

    # A lower target judges the measurements again.
    client.post(
        f"/stakeholders/{stakeholder.pk}/objectives/{objective.pk}/edit/",
        {"metric": "Shuttles on time", "comparison": "at_least", "target": "90", "period": "month"},
        **HTMX,
    )
    assert SLAMeasurement.objects.get().met is True

    client.post(f"/stakeholders/{stakeholder.pk}/slas/{sla.pk}/delete/", **HTMX)
    assert not SLA.objects.exists()
    assert not SLAMeasurement.objects.exists()


def test_an_internal_stakeholder_cannot_get_an_sla(client, cx_manager):
    stakeholder = StakeholderFactory()
    client.force_login(cx_manager)
    assert (
        f"/stakeholders/{stakeholder.pk}/slas/new/"
        not in client.get(f"/stakeholders/{stakeholder.pk}/").content.decode()
    )

    response = client.post(
        f"/stakeholders/{stakeholder.pk}/slas/new/",
        {"service": "Shuttle", "valid_from": "2025-01-01"},
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Only an external stakeholder works under an SLA."
    ]
    assert not SLA.objects.exists()


def test_another_stakeholders_record_is_a_404(client, cx_manager):
    stakeholder = StakeholderFactory()
    kpi = KPIFactory()
    objective = SLAObjectiveFactory()
    client.force_login(cx_manager)
    for url in (
        f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/edit/",
        f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/delete/",
        f"/stakeholders/{stakeholder.pk}/objectives/{objective.pk}/delete/",
        f"/stakeholders/{stakeholder.pk}/slas/{objective.sla_id}/objectives/new/",
    ):
        assert client.post(url, {"name": "x"}).status_code == 404
    assert KPI.objects.filter(pk=kpi.pk, name=kpi.name).exists()
    assert SLAObjective.objects.filter(pk=objective.pk).exists()


@pytest.mark.parametrize("role", ["interviewer", "dpo", "viewer"])
def test_only_the_cx_manager_writes(client, user_with_role, role):
    stakeholder = ExternalStakeholderFactory()
    kpi = KPIFactory(stakeholder=stakeholder)
    involvement = InvolvementFactory(stakeholder=stakeholder)
    sla = SLAFactory(stakeholder=stakeholder)
    client.force_login(user_with_role(role))

    page = client.get(f"/stakeholders/{stakeholder.pk}/").content.decode()
    assert "/edit/" not in page
    assert "/delete/" not in page
    assert "/new/" not in page.replace("/interviews/new/", "")
    for url in (
        f"/stakeholders/{stakeholder.pk}/kpis/new/",
        f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/edit/",
        f"/stakeholders/{stakeholder.pk}/kpis/{kpi.pk}/delete/",
        f"/stakeholders/{stakeholder.pk}/involvements/{involvement.pk}/delete/",
        f"/stakeholders/{stakeholder.pk}/incentives/new/",
        f"/stakeholders/{stakeholder.pk}/slas/{sla.pk}/edit/",
        f"/stakeholders/{stakeholder.pk}/slas/{sla.pk}/objectives/new/",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "x"}).status_code == 403
    assert KPI.objects.filter(pk=kpi.pk, name=kpi.name).exists()
    assert Involvement.objects.filter(pk=involvement.pk).exists()
    assert SLA.objects.filter(pk=sla.pk, service=sla.service).exists()


def test_a_second_involvement_at_the_same_stage_is_refused_above_the_form(client, cx_manager):
    involvement = InvolvementFactory()
    client.force_login(cx_manager)

    response = client.post(
        f"/stakeholders/{involvement.stakeholder_id}/involvements/new/",
        {"stage": involvement.stage_id, "office": "back"},
        **HTMX,
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "This stakeholder is already involved in this stage."
    ]
    assert Involvement.objects.count() == 1
