"""The journey list and the map run a fixed number of queries, whatever the data size."""

from decimal import Decimal

import pytest
from django.utils import timezone

from core.comments import services as comment_services
from core.roles import Role
from feedback import services as feedback_services
from journeys import services
from journeys.models import MomentOfTruth, Observation, Touchpoint, period_start
from stakeholders import services as stakeholder_services
from stakeholders.models import Interview
from tests.factories import UserFactory
from tests.stakeholders.factories import (
    InterviewFactory,
    InvolvementFactory,
    KPIFactory,
    SLAObjectiveFactory,
    measurements,
)

from .factories import BuyingGroupMemberFactory, JourneyFactory, journey_with_map

SIZES = [
    pytest.param(2, 1, id="2 stages, 1 touchpoint each"),
    pytest.param(8, 5, id="8 stages, 5 touchpoints each"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_map_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    breached = SLAObjectiveFactory()
    stakeholder_services.sla_update(sla=breached.sla, data={"stages": journey.stages.all()})
    measurements(breached, ["90"], start=timezone.localdate().replace(day=1))
    for stage in journey.stages.all():
        InvolvementFactory(stage=stage)
        InvolvementFactory(stage=stage, stakeholder=breached.sla.stakeholder)
        feedback_services.case_create(stage=stage, title="Late car", category="temporal")
    _validated_interviews(journey, count=stages)
    # By another CX manager: the page's own permission reads stay counted.
    colleague = UserFactory(username="bruno", role=Role.CX_MANAGER)
    for touchpoint in Touchpoint.objects.filter(stage__journey=journey):
        comment_services.comment_post(author=colleague, target=touchpoint, body="Why?")
    _buying_group(journey)
    _measured_standards(journey)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions (the page's perms checks); for the
    # ETag: the journey's updated_at and scores_changed_at, the comments per item; the
    # stakeholder lane (involvements with stakeholder and the recent breach of an SLA serving
    # the stage, also drawn); the employee lane (the validated interviews' answers); the
    # cases' risks by stage; journey with persona, owner and source; stages; touchpoints;
    # moments of truth with their touchpoint; observations; actions with stage and owner; the
    # buying group with persona, their stages; the standards' own measurements, their fed
    # measurements (KPIs', SLA objectives'); the source and copies (the comparison picker);
    # survey scores: stages, score rollups grouped by stage; groups (role badge). Issue 17:
    # 17 before, 19 before the buying group (+2), the measurable standards (+2) and the
    # comment counts (+1, issue 18); one less with the rollups (issue 20).
    with django_assert_num_queries(23):
        response = client.get(f"/journeys/{journey.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<div class="buying-member role-payer">') == stages
    assert page.count('<div class="buying-member role-user">') == 1
    assert page.count('class="badge map-sla-breached"') == stages
    assert page.count("1 case</small>") == stages
    assert page.count(f"ease 2.5/5 · {stages} employees") == stages
    assert page.count("Slow tool") == stages
    assert page.count('class="comment-count-number">1</span>') == stages * touchpoints
    assert page.count('<span class="badge standard-met">met</span>') == stages - stages // 2
    assert page.count('<span class="badge standard-missed">missed</span>') == stages // 2


def _buying_group(journey) -> None:
    """A payer who matters at every stage of the journey, a user at its first only."""
    stages = list(journey.stages.all())
    BuyingGroupMemberFactory(journey=journey, role="payer", stages=stages)
    BuyingGroupMemberFactory(journey=journey, role="user", stages=stages[:1])


def _measured_standards(journey) -> None:
    """Every moment of the journey measurable (≤ 10 min a month); every other one fed by a
    KPI, the others measured by the company itself, over the last three months."""
    months = [period_start("month", timezone.localdate(), periods=-n) for n in (3, 2, 1)]
    moments = MomentOfTruth.objects.filter(stage__journey=journey).order_by("stage__position")
    for index, moment in enumerate(moments):
        services.moment_of_truth_update(
            moment=moment,
            data={"metric": "Counter wait", "comparison": "at_most", "target": 10, "unit": "min"},
        )
        values = ["9", "11", "12" if index % 2 else "8"]
        if index % 2:
            kpi = KPIFactory()
            stakeholder_services.standard_feed_set(moment=moment, kpi=kpi)
            for month, value in zip(months, values, strict=True):
                stakeholder_services.kpi_measurement_record(
                    kpi=kpi, period_start=month, value=Decimal(value)
                )
        else:
            for month, value in zip(months, values, strict=True):
                services.standard_measurement_record(
                    moment=moment, period_start=month, value=Decimal(value)
                )


def _validated_interviews(journey, *, count: int) -> None:
    """`count` validated interviews rating every stage of the journey 2 or 3."""
    stages = list(journey.stages.all())
    for index in range(count):
        InterviewFactory(
            journey=journey,
            status=Interview.Status.VALIDATED,
            answers={
                "stages": {
                    str(stage.pk): {
                        "role": "Counter",
                        "ease": 2 + index % 2,
                        "blockers": ["Slow tool"],
                    }
                    for stage in stages
                }
            },
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_list_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    for _ in range(stages):
        journey_with_map(stages=stages, touchpoints_per_stage=touchpoints, owner=cx_manager)
    JourneyFactory()
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; groups
    # (role badge); personas and owners for the filter form; the page of journeys (with
    # persona, owner and stage count); the health checks' counts of that page's journeys
    # (issue 17); personas, owners and escalation contacts for the "New journey" form
    with django_assert_num_queries(13):
        response = client.get("/journeys/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == stages + 1


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_journeys_api_list_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    for _ in range(stages):
        journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions, count, page
    with django_assert_num_queries(6):
        response = client.get("/api/v1/journeys/")
    assert response.json()["count"] == stages


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_map_endpoint_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    _buying_group(journey)
    _measured_standards(journey)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; for the ETag:
    # the journey's updated_at and scores_changed_at, the stakeholder lane (involvements with
    # stakeholder and breach, also returned), the cases' risks; journey with persona; stages;
    # touchpoints; moments of truth; observations; actions; the buying group with persona;
    # their stages; the standards' own measurements; their fed measurements; survey scores:
    # stages, score rollups grouped by stage (issue 17: 16 before the buying group and the
    # measurable standards; one less with the rollups, issue 20)
    with django_assert_num_queries(19):
        response = client.get(f"/api/v1/journeys/{journey.pk}/map/")
    body = response.json()
    assert [len(member["stages"]) for member in body["buying_group"]] == [stages, 1]
    assert len(body["stages"]) == stages
    statuses = [stage["moments_of_truth"][0]["standard_status"] for stage in body["stages"]]
    assert [status["last"]["met"] for status in statuses] == [i % 2 == 0 for i in range(stages)]
    assert sum(len(stage["touchpoints"]) for stage in body["stages"]) == stages * touchpoints


@pytest.mark.django_db
def test_the_map_endpoint_builds_the_map_once_for_callers_with_the_same_rights(
    token_client, viewer, django_assert_num_queries
):
    journey = journey_with_map(stages=3, touchpoints_per_stage=2)
    first = token_client(viewer).get(f"/api/v1/journeys/{journey.pk}/map/")
    other_viewer = token_client(UserFactory(username="vera", role=Role.VIEWER))

    # token with its user, token touch, user permissions, group permissions; for the ETag:
    # the journey's updated_at and scores_changed_at, the stakeholder lane, the cases' risks;
    # then the map built for the first viewer, from the cache
    with django_assert_num_queries(7):
        second = other_viewer.get(f"/api/v1/journeys/{journey.pk}/map/")

    assert second.json() == first.json()
    services.journey_update(journey=journey, data={"name": "Car rental, renamed"})
    assert other_viewer.get(f"/api/v1/journeys/{journey.pk}/map/").json()["name"] == (
        "Car rental, renamed"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_matrix_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    for stage in journey.stages.all():
        customer = stage.observations.get(side=Observation.Side.CUSTOMER)
        stage.observations.get(side=Observation.Side.EMPLOYEE).explains.add(customer)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; journey; stages; observations;
    # the observations already turned into actions; the links between observations (since
    # issue 17: 9 before); groups (role badge)
    with django_assert_num_queries(10):
        response = client.get(f"/journeys/{journey.pk}/matrix/")
    assert len(response.context["rows"]) == stages
    assert response.context["totals"] == [0, 0, stages, 0, 0, 0, 0, 0]


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_compare_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    copy = services.journey_duplicate(journey=journey, name="Copy")
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; for each of the two journeys:
    # journey with persona, stages, touchpoints, moments of truth, observations, actions
    # (the comparison shows them since issue 15); groups (role badge)
    with django_assert_num_queries(17):
        response = client.get(f"/journeys/{journey.pk}/compare/{copy.pk}/")
    assert len(response.context["differences"]) == stages


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_a_repeat_view_of_the_map_answers_304_in_a_few_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    client.force_login(cx_manager)
    first = client.get(f"/journeys/{journey.pk}/")

    # session, user (the permissions were cached by the first view); the journey's
    # updated_at and scores_changed_at; the stakeholder lane; the employee lane; the cases'
    # risks (issue 17: 4 before); the comments per item (issue 18: 6 before)
    with django_assert_num_queries(7):
        repeat = client.get(f"/journeys/{journey.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert repeat.status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_a_repeat_call_of_the_map_endpoint_answers_304_in_a_few_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    client = token_client(viewer)
    first = client.get(f"/api/v1/journeys/{journey.pk}/map/")

    # token with its user (the first call touched the token and cached the permissions);
    # the journey's updated_at and scores_changed_at; the stakeholder lane; the cases' risks
    with django_assert_num_queries(4):
        repeat = client.get(f"/api/v1/journeys/{journey.pk}/map/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert repeat.status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_matrix_endpoint_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; the journey
    # (its permission); journey; stages; observations; observations turned into actions;
    # the links between observations
    with django_assert_num_queries(10):
        response = client.get(f"/api/v1/journeys/{journey.pk}/matrix/")
    assert [len(row["quadrants"]) for row in response.json()] == [1] * stages


@pytest.mark.django_db
def test_a_comment_makes_the_repeat_view_of_the_map_fresh(client, cx_manager):
    journey = journey_with_map(stages=1, touchpoints_per_stage=1)
    client.force_login(cx_manager)
    first = client.get(f"/journeys/{journey.pk}/")
    stage = journey.stages.get()

    comment_services.comment_post(author=cx_manager, target=stage, body="Rename it?")
    repeat = client.get(f"/journeys/{journey.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert repeat.status_code == 200
    count = f'id="comments-journeys-stage-{stage.pk}-count" class="comment-count-number">1<'
    assert count in repeat.content.decode()


@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_compare_endpoint_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    copy = services.journey_duplicate(journey=journey, name="Copy")
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; for each of the
    # two journeys: journey with persona, stages, touchpoints
    with django_assert_num_queries(10):
        response = client.get(f"/api/v1/journeys/{journey.pk}/compare/?other={copy.pk}")
    assert response.json()["summary"] == {"added": 0, "removed": 0, "changed": 0, "same": stages}


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_buying_group_endpoint_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    journeys = [
        journey_with_map(stages=stages, touchpoints_per_stage=touchpoints) for _ in range(2)
    ]
    for journey in journeys:
        _buying_group(journey)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; count; page;
    # the members' stages
    with django_assert_num_queries(7):
        response = client.get("/api/v1/buying-group-members/")
    assert [len(member["stages"]) for member in response.json()["results"]] == [stages, 1] * 2


@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_plan_page_runs_a_fixed_number_of_queries(
    client, viewer, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    _measured_standards(journey)
    actions = journey.actions.select_related("stage").order_by("stage__position")
    for index, action in enumerate(actions):
        if index % 2:
            stakeholder_services.action_kpi_set(action=action, kpi=KPIFactory())
        else:
            moment = action.stage.moments_of_truth.get()
            services.action_update(
                action=action, data={"measure": "standard", "measure_moment": moment}
            )
    client.force_login(viewer)
    # session, user, user permissions, group permissions; journey; actions with stage, owner
    # and standard; the standards' own measurements, their fed measurements; the KPIs'
    # measurements; groups (role badge)
    with django_assert_num_queries(10):
        response = client.get(f"/journeys/{journey.pk}/plan/")
    assert len(response.context["rows"]) == stages
