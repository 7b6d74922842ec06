"""Lists, the dashboard and the API lists run a fixed number of queries, whatever the size."""

import pytest

from feedback import services
from feedback.models import Case
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import FollowUpRuleFactory, RespondentFactory, ingest

SIZES = [pytest.param(2, id="2 answers per stage"), pytest.param(6, id="6 answers per stage")]


def _answered(size: int):
    """A journey of three stages, each with `size` detractors' answers (each opens a case)."""
    journey = JourneyFactory()
    agent = UserFactory()
    for _ in range(3):
        rule = FollowUpRuleFactory(stage=StageFactory(journey=journey))
        touchpoints = [TouchpointFactory(stage=rule.stage) for _ in range(2)]
        for number in range(size):
            event, _created = ingest(
                rule,
                external_ref=RespondentFactory().external_ref,
                touchpoint=touchpoints[number % 2],
            )
            services.invitations_dispatch_due()
            invitation = event.invitations.get()
            services.response_submit(
                token=services.invitation_token(invitation=invitation),
                answers={"nps": 3, "csat": 2, "ces": 6, "comment": "late"},
            )
            services.case_log_add(case=invitation.response.case, author=agent, text="called")
    return journey


def _complaints(size: int) -> list[Case]:
    """`size` complaints by phone and as many by letter, without a known customer."""
    stage = StageFactory()
    return [
        services.case_create(
            stage=stage,
            title=f"{channel} {number}",
            channel=channel,
            contact_email=f"caller{number}@example.com",
        )
        for channel in ("phone", "letter")
        for number in range(size)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    journey = _answered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; the journey asked for; the
    # journey and the first others for the select (a search select); rollups per month;
    # stages; rollups per stage; rollups per touchpoint; touchpoints; overall scores from
    # the rollups; recurring causes of cases; recovery answers and double failures per
    # stage; invitation counts from the rollups; case counts; groups (role badge)
    with django_assert_num_queries(17):
        response = client.get(f"/feedback/?journey={journey.pk}")
    assert len(response.context["stages"]) == 3
    assert [row.scores.responses for row in response.context["touchpoints"]] == [size // 2] * 6


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_case_list_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    _answered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; the
    # page of cases (with stage, journey, owner, response); groups (role badge); stages
    # and owners for the filter form
    with django_assert_num_queries(9):
        response = client.get("/feedback/cases/")
    assert len(response.context["page"].object_list) == 3 * size


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_case_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    _answered(size)
    case = Case.objects.order_by("id").first()
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; the case with response,
    # invitation, rule, template, respondent, stage, journey, owner; its log, the log's
    # authors; its replies (none: no query for their authors); whether the customer's
    # address is suppressed (the reply form); groups (role badge); the customer's history;
    # owners for the form
    with django_assert_num_queries(12):
        response = client.get(f"/feedback/cases/{case.pk}/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_case_list_filtered_by_channel_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    _answered(size)
    _complaints(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; the
    # page of cases; groups (role badge); stages and owners for the filter form
    with django_assert_num_queries(9):
        response = client.get("/feedback/cases/?channel=phone")
    assert len(response.context["page"].object_list) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_a_complaints_page_with_its_replies_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    case = _complaints(size)[0]
    for number in range(size):
        services.case_reply_write(case=case, author=UserFactory(), text=f"Reply {number}")
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; the case with its stage, journey
    # and owner; its log, the log's authors; its replies, the replies' authors; whether the
    # contact's address is suppressed (the reply form); groups (role badge); owners for the
    # form
    with django_assert_num_queries(12):
        response = client.get(f"/feedback/cases/{case.pk}/")
    assert response.content.decode().count('class="case-reply-text"') == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_invitation_list_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    _answered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count; the page of invitations
    # (with respondent, rule, stage); groups (role badge); stages for the filter form
    with django_assert_num_queries(8):
        response = client.get("/feedback/invitations/")
    assert len(response.context["page"].object_list) == 3 * size


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_invitation_list_past_the_exact_count_costs_one_query_more(
    client, cx_manager, django_assert_num_queries, settings, size
):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 5
    _answered(size)
    client.force_login(cx_manager)
    # … the count stops at six rows, and the planner's estimate is asked
    with django_assert_num_queries(9):
        response = client.get("/feedback/invitations/")
    assert not response.context["page"].paginator.count_is_exact


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("endpoint", ["invitations", "responses"])
def test_the_big_api_lists_past_the_exact_count_cost_one_query_more(
    token_client, dpo, django_assert_num_queries, settings, size, endpoint
):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 5
    _answered(size)
    client = token_client(dpo)
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/{endpoint}/?page_size=2")
    assert response.json()["count_is_exact"] is False
    assert len(response.json()["results"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        # token with its user, token touch, user permissions, group permissions, count, page
        ("invitations", 6),
        ("responses", 6),
        # … and the log entries and the replies of the page's cases
        ("cases", 8),
        ("follow-up-rules", 6),
    ],
)
def test_the_api_lists_run_a_fixed_number_of_queries(
    token_client, dpo, django_assert_num_queries, size, endpoint, expected
):
    _answered(size)
    client = token_client(dpo)
    with django_assert_num_queries(expected):
        response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # session, user, user permissions, group permissions; count for the paginator; the
        # page of rules with stage, journey, touchpoint and template; groups (role badge); the
        # first stages for the filter's search select; stages, touchpoints and templates for
        # the form's selects (search selects but the template)
        ("/feedback/rules/", 11),
        # session, user, user permissions, group permissions; templates; groups
        ("/feedback/templates/", 6),
        # session, user, user permissions, group permissions; the last sent invitations
        # with respondent, rule and stage; groups
        ("/feedback/sent-emails/", 6),
    ],
)
def test_the_other_feedback_pages_run_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size, url, expected
):
    journey = _answered(size)
    for _ in range(size):
        FollowUpRuleFactory(stage=StageFactory(journey=journey))
    client.force_login(cx_manager)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_survey_template_api_list_runs_a_fixed_number_of_queries(
    token_client, cx_manager, django_assert_num_queries, size
):
    for _ in range(size):
        FollowUpRuleFactory()
    client = token_client(cx_manager)
    # token with its user, token touch, user permissions, group permissions, count, page
    with django_assert_num_queries(6):
        response = client.get("/api/v1/survey-templates/")
    assert response.json()["count"] == size
