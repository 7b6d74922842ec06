"""The stakeholder pages: list, detail, create/edit/delete, map, measurements, interviews."""

from datetime import date

import pytest

from journeys.models import Observation
from stakeholders.models import Interview, SLAMeasurement, Stakeholder
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import (
    InterviewFactory,
    InvolvementFactory,
    KPIFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    complete_answers,
    formset_rows,
    measurements,
)

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_kind_and_search(client, viewer):
    StakeholderFactory(name="Karim Haddad")
    StakeholderFactory(name="Propreté Express", kind="external")
    client.force_login(viewer)
    response = client.get("/stakeholders/", {"kind": "external"})
    assert [s.name for s in response.context["page"].object_list] == ["Propreté Express"]
    response = client.get("/stakeholders/", {"q": "karim"})
    assert [s.name for s in response.context["page"].object_list] == ["Karim Haddad"]
    assert response.context["form"] is None


def test_the_list_filters_by_sla_breached(client, viewer):
    breached = SLAObjectiveFactory()
    measurements(breached, ["90"])
    met = SLAObjectiveFactory()
    measurements(met, ["99"])
    client.force_login(viewer)
    response = client.get("/stakeholders/", {"sla_breached": "true"})
    assert [s.pk for s in response.context["page"].object_list] == [breached.sla.stakeholder_id]


def test_the_empty_list_says_so(client, viewer):
    client.force_login(viewer)
    response = client.get("/stakeholders/")
    assert "No stakeholder has been recorded yet." in response.content.decode()


def test_a_cx_manager_creates_edits_and_deletes_a_stakeholder(client, cx_manager):
    client.force_login(cx_manager)
    response = client.post(
        "/stakeholders/new/", {"kind": "internal", "name": "Julie Petit", "office": "back"}
    )
    stakeholder = Stakeholder.objects.get(name="Julie Petit")
    assert response.url == f"/stakeholders/{stakeholder.pk}/"
    client.post(
        f"/stakeholders/{stakeholder.pk}/edit/",
        {"kind": "internal", "name": "Julie Petit", "title": "Fleet manager", "office": "back"},
    )
    stakeholder.refresh_from_db()
    assert stakeholder.title == "Fleet manager"
    assert client.get(f"/stakeholders/{stakeholder.pk}/delete/").status_code == 200
    client.post(f"/stakeholders/{stakeholder.pk}/delete/")
    assert not Stakeholder.objects.exists()


def test_a_viewer_cannot_create(client, viewer):
    client.force_login(viewer)
    response = client.post(
        "/stakeholders/new/", {"kind": "internal", "name": "X", "office": "front"}
    )
    assert response.status_code == 403
    assert not Stakeholder.objects.exists()


def test_the_detail_shows_involvements_kpis_and_the_sla_chart(client, viewer):
    objective = SLAObjectiveFactory()
    stakeholder = objective.sla.stakeholder
    measurements(objective, ["99", "90", "98"])
    InvolvementFactory(stakeholder=stakeholder)
    KPIFactory(stakeholder=stakeholder, name="Calls handled per day", alignment="dissonant")
    client.force_login(viewer)
    body = client.get(f"/stakeholders/{stakeholder.pk}/").content.decode()
    assert body.count('class="bar-met"') == 2
    assert body.count('class="bar-breached"') == 1
    assert "alignment-dissonant" in body
    assert "style=" not in body
    assert "<script>" not in body


def test_the_map_puts_stakeholders_in_stage_columns(client, viewer):
    journey = JourneyFactory()
    first, second = StageFactory(journey=journey), StageFactory(journey=journey)
    InvolvementFactory(stage=second, office="back", stakeholder=StakeholderFactory(name="Fleet"))
    client.force_login(viewer)
    response = client.get(f"/stakeholders/map/{journey.pk}/")
    stakeholder_map = response.context["map"]
    assert [stage.pk for stage in stakeholder_map.stages] == [first.pk, second.pk]
    [row] = stakeholder_map.rows
    assert [cell.offices for cell in row.cells] == [[], ["back"]]


def test_a_measurement_entered_in_the_form_is_judged(client, cx_manager):
    objective = SLAObjectiveFactory()
    client.force_login(cx_manager)
    response = client.post(
        f"/stakeholders/{objective.sla.stakeholder_id}/measurements/new/",
        {"objective": objective.pk, "period_start": "2025-03-01", "value": "97"},
    )
    assert response.status_code == 302
    measurement = SLAMeasurement.objects.get()
    assert (measurement.period_start, measurement.met) == (date(2025, 3, 1), False)
    assert "97" in client.get("/stakeholders/breaches/").content.decode()


def test_an_interviewer_saves_a_draft_then_submits_and_a_manager_validates(
    client, interviewer, cx_manager
):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    interview = InterviewFactory(interviewer=interviewer, journey=journey)
    answers = complete_answers([stage.pk])["stages"][str(stage.pk)]
    form = {
        f"role_{stage.pk}": answers["role"],
        f"irritants_{stage.pk}": "\n".join(answers["irritants"]),
        f"enchantments_{stage.pk}": "",
        "channels_and_volumes": "Counter",
        "tools": "",
        **formset_rows("kpis"),
        **formset_rows("incentives"),
    }
    client.force_login(interviewer)
    url = f"/stakeholders/interviews/{interview.pk}/"
    response = client.post(url, {**form, "save": ""})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.answers["channels_and_volumes"]) == ("draft", "Counter")
    # The second sitting starts from the saved draft.
    assert client.get(url).context["form"].initial["channels_and_volumes"] == "Counter"
    response = client.post(url, {**form, "submit": ""})
    assert response.status_code == 400
    form.update(
        **formset_rows(
            "kpis",
            {
                "name": "Calls handled per day",
                "unit": "calls",
                "direction": "higher_is_better",
                "target": "60",
            },
        ),
        **formset_rows(
            "incentives",
            {
                "type": "performance_bonus",
                "eligible_population": "agents",
                "calculation": "€5 per call",
            },
        ),
        tools="CRM",
        ease_of_satisfying="2",
        blockers="Time",
        suggestions="Automate",
    )
    assert client.post(url, {**form, "submit": ""}).status_code == 302
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SUBMITTED
    assert client.post(url, {**form, "save": ""}).status_code == 403

    client.force_login(cx_manager)
    validate = f"/stakeholders/interviews/{interview.pk}/validate/"
    assert client.post(validate, {**form, "confirm": ""}).status_code == 302
    assert client.post(validate, {**form, "confirm": ""}).status_code == 302
    assert list(Observation.objects.values_list("stage", "kind", "side", "severity")) == [
        (stage.pk, "irritant", "employee", 2)
    ]


def test_the_draft_is_saved_on_the_server_as_the_interviewer_types(client, interviewer):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    interview = InterviewFactory(interviewer=interviewer, journey=journey)
    client.force_login(interviewer)
    page = client.get(f"/stakeholders/interviews/{interview.pk}/").content.decode()
    url = f"/stakeholders/interviews/{interview.pk}/autosave/"
    assert f'data-autosave-url="{url}"' in page

    response = client.post(
        url,
        {
            f"irritants_{stage.pk}": "Retyped bookings",
            "tools": "CRM",
            **formset_rows("kpis"),
            **formset_rows("incentives"),
        },
    )

    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["message"].startswith("Draft saved at ")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.DRAFT
    assert interview.answers["tools"] == "CRM"
    assert interview.answers["stages"][str(stage.pk)]["irritants"] == ["Retyped bookings"]


def test_autosave_refuses_a_bad_value_and_keeps_the_last_draft(client, interviewer):
    interview = InterviewFactory(interviewer=interviewer, answers={"tools": "CRM"})
    client.force_login(interviewer)

    response = client.post(
        f"/stakeholders/interviews/{interview.pk}/autosave/", {"ease_of_satisfying": "9"}
    )

    assert response.status_code == 422
    assert response.json()["saved"] is False
    interview.refresh_from_db()
    assert interview.answers == {"tools": "CRM"}


def test_autosave_reaches_only_ones_own_draft(client, interviewer, viewer):
    others = InterviewFactory(answers={"tools": "secret"})
    submitted = InterviewFactory(interviewer=interviewer, status=Interview.Status.SUBMITTED)
    client.force_login(interviewer)
    assert (
        client.post(f"/stakeholders/interviews/{others.pk}/autosave/", {"tools": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/stakeholders/interviews/{submitted.pk}/autosave/", {"tools": "x"}
        ).status_code
        == 403
    )
    client.force_login(viewer)
    assert (
        client.post(f"/stakeholders/interviews/{others.pk}/autosave/", {"tools": "x"}).status_code
        == 403
    )
    others.refresh_from_db()
    submitted.refresh_from_db()
    assert others.answers == {"tools": "secret"}
    assert submitted.answers == {}


def test_the_interview_list_filters_by_status_and_search(client, cx_manager):
    draft = InterviewFactory(stakeholder=StakeholderFactory(name="Karim Haddad"))
    submitted = InterviewFactory(status=Interview.Status.SUBMITTED)
    client.force_login(cx_manager)
    response = client.get("/stakeholders/interviews/", {"status": "submitted"})
    assert [i.pk for i in response.context["page"].object_list] == [submitted.pk]
    response = client.get("/stakeholders/interviews/", {"q": "karim"})
    assert [i.pk for i in response.context["page"].object_list] == [draft.pk]
    response = client.get("/stakeholders/interviews/", {"q": "nobody"})
    assert "No interview matches these filters." in response.content.decode()


def test_the_breach_list_filters_by_search_and_period(client, viewer):
    cleaning = SLAObjectiveFactory(sla__stakeholder__name="Propreté Express")
    measurements(cleaning, ["90", "90"])  # January and February 2025
    shuttle = SLAObjectiveFactory(sla__stakeholder__name="Navette Plus")
    measurements(shuttle, ["90"])
    client.force_login(viewer)
    response = client.get("/stakeholders/breaches/", {"q": "propreté"})
    assert [m.objective_id for m in response.context["page"].object_list] == [cleaning.pk] * 2
    response = client.get("/stakeholders/breaches/", {"period_start_after": "2025-02-01"})
    assert [(m.objective_id, m.period_start) for m in response.context["page"].object_list] == [
        (cleaning.pk, date(2025, 2, 1))
    ]
    response = client.get("/stakeholders/breaches/", {"q": "nobody"})
    assert "No breach matches these filters." in response.content.decode()
