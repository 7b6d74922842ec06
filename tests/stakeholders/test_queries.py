"""Stakeholder pages and API lists run a fixed number of queries, whatever the data size.

Every signed-in page starts with the session, the user, the user's permissions and the
group permissions (the view's permission check), and reads the groups for the role badge."""

import pytest

from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import (
    IncentiveFactory,
    InterviewFactory,
    InvolvementFactory,
    KPIFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
    measurements,
)

SIZES = [pytest.param(1, id="1 of each"), pytest.param(4, id="4 of each")]


def _stakeholders(count: int, journey=None, interviewer=None):
    """`count` external stakeholders, each involved at `count` stages of one journey, with
    `count` KPIs, incentives, SLA objectives of `count` measurements and interviews."""
    journey = journey or JourneyFactory()
    stages = [StageFactory(journey=journey) for _ in range(count)]
    created = []
    for _ in range(count):
        objective = SLAObjectiveFactory()
        stakeholder = objective.sla.stakeholder
        measurements(objective, ["90", "99", "98", "97"][:count])
        for stage in stages:
            InvolvementFactory(
                stakeholder=stakeholder, stage=stage, touchpoint=TouchpointFactory(stage=stage)
            )
        for _ in range(count):
            IncentiveFactory(stakeholder=stakeholder, kpi=KPIFactory(stakeholder=stakeholder))
            if interviewer is not None:
                InterviewFactory(stakeholder=stakeholder, interviewer=interviewer)
        created.append(stakeholder)
    StakeholderFactory()
    return journey, created


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_list_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, count
):
    _stakeholders(count)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; groups
    # (role badge); stages with their journey for the filter form; the page of stakeholders
    # (with involvement count and breach flag); the active users for the new stakeholder's owner
    with django_assert_num_queries(9):
        response = client.get("/stakeholders/")
    assert len(response.context["page"].object_list) == count + 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_detail_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, count
):
    _journey, stakeholders = _stakeholders(count, interviewer=cx_manager)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; stakeholder with breach flag;
    # involvements with stage, journey and touchpoint; KPIs; incentives with KPI; SLAs; the
    # stages (with journey) and touchpoints (with stage and journey) each SLA serves;
    # objectives; measurements; interviews with interviewer; groups (role badge)
    with django_assert_num_queries(15):
        response = client.get(f"/stakeholders/{stakeholders[0].pk}/")
    assert len(response.context["interviews"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_stakeholder_map_runs_a_fixed_number_of_queries(
    client, viewer, django_assert_num_queries, count
):
    journey, _created = _stakeholders(count)
    client.force_login(viewer)
    # session, user, user permissions, group permissions; journey; stages; involvements with
    # stakeholder, touchpoint and breach flag; groups (role badge)
    with django_assert_num_queries(8):
        response = client.get(f"/stakeholders/map/{journey.pk}/")
    assert len(response.context["map"].rows) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_stakeholder_map_endpoint_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, count
):
    journey, created = _stakeholders(count)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; journey; stages;
    # involvements with stakeholder, touchpoint and breach
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/stakeholder-map/?journey={journey.pk}")
    body = response.json()
    assert len(body["stages"]) == count
    assert sorted(row["stakeholder"]["id"] for row in body["rows"]) == sorted(
        stakeholder.pk for stakeholder in created
    )
    assert [len(row["cells"]) for row in body["rows"]] == [count] * count
    assert all(len(cell["involvements"]) == 1 for row in body["rows"] for cell in row["cells"])


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_breach_list_runs_a_fixed_number_of_queries(
    client, viewer, django_assert_num_queries, count
):
    _stakeholders(count)
    client.force_login(viewer)
    # session, user, user permissions, group permissions; count; objectives missing a
    # measurement; page of breaches with objective, SLA and stakeholder; groups (role badge)
    with django_assert_num_queries(8):
        response = client.get("/stakeholders/breaches/")
    assert response.context["page"].paginator.count == {1: 1, 4: 8}[count]


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(
    "route",
    [
        "stakeholders",
        "involvements",
        "kpis",
        "slas",
        "sla-objectives",
        "sla-measurements",
        "incentives",
    ],
)
def test_the_api_lists_run_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, count, route
):
    _stakeholders(count)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions, count, page;
    # for SLAs, the stages and the touchpoints they serve
    with django_assert_num_queries(8 if route == "slas" else 6):
        response = client.get(f"/api/v1/{route}/")
    assert response.json()["count"] >= count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_interviews_api_list_runs_a_fixed_number_of_queries(
    token_client, interviewer, django_assert_num_queries, count
):
    _stakeholders(count, interviewer=interviewer)
    client = token_client(interviewer)
    # token with its user, token touch, user permissions, group permissions, count, page
    with django_assert_num_queries(6):
        response = client.get("/api/v1/interviews/")
    assert response.json()["count"] == count * count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_interview_list_runs_a_fixed_number_of_queries(
    client, interviewer, django_assert_num_queries, count
):
    _stakeholders(count, interviewer=interviewer)
    client.force_login(interviewer)
    # session, user, user permissions, group permissions; count for the paginator; the page
    # of interviews with stakeholder, journey and interviewer; groups (role badge);
    # stakeholders and journeys for the filter form
    with django_assert_num_queries(9):
        response = client.get("/stakeholders/interviews/")
    assert len(response.context["page"].object_list) == count * count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_interview_page_runs_a_fixed_number_of_queries(
    client, interviewer, django_assert_num_queries, count
):
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey) for _ in range(count)]
    interview = InterviewFactory(
        interviewer=interviewer,
        journey=journey,
        answers={"stages": {str(stage.pk): {"role": "Counter"} for stage in stages}},
    )
    client.force_login(interviewer)
    # session, user, user permissions, group permissions; the interview with stakeholder,
    # journey, interviewer and validator; its journey's stages; the log of its sending back;
    # groups (role badge)
    with django_assert_num_queries(8):
        response = client.get(f"/stakeholders/interviews/{interview.pk}/")
    assert len(response.context["form"].stages) == count
