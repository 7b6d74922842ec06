"""Lists, the dashboard and the API lists run a fixed number of queries, whatever the size."""

import pytest

from feedback import services
from feedback.models import Case
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import FollowUpRuleFactory, RespondentFactory, ingest

SIZES = [pytest.param(2, id="2 answers per stage"), pytest.param(6, id="6 answers per stage")]


def _answered(size: int):
    """A journey of three stages, each with `size` detractors' answers (each opens a case)."""
    journey = JourneyFactory()
    agent = UserFactory()
    for _ in range(3):
        rule = FollowUpRuleFactory(stage=StageFactory(journey=journey))
        for _ in range(size):
            event, _created = ingest(rule, external_ref=RespondentFactory().external_ref)
            services.invitations_dispatch_due()
            invitation = event.invitations.get()
            services.response_submit(
                token=services.invitation_token(invitation=invitation),
                answers={"nps": 3, "csat": 2, "ces": 6, "comment": "late"},
            )
            services.case_log_add(case=invitation.response.case, author=agent, text="called")
    return journey


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    journey = _answered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; journeys (for the select);
    # months; stages; responses per stage; invitations per stage; overall scores;
    # invitation counts; case counts; groups (role badge)
    with django_assert_num_queries(13):
        response = client.get(f"/feedback/?journey={journey.pk}")
    assert len(response.context["stages"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
def test_the_case_list_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    _answered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; the
    # page of cases (with stage, journey, owner, response); groups (role badge); stages
    # for the filter form
    with django_assert_num_queries(8):
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
    # invitation, rule, template, respondent, stage, journey, owner; its log with authors;
    # groups (role badge); the customer's history; owners for the form
    with django_assert_num_queries(10):
        response = client.get(f"/feedback/cases/{case.pk}/")
    assert response.status_code == 200


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
@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        # token with its user, token touch, user permissions, group permissions, count, page
        ("invitations", 6),
        ("responses", 6),
        # … and the log entries of the page's cases
        ("cases", 7),
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
