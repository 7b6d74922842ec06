"""Register pages and API lists run a fixed number of queries, whatever the data size.

Every signed-in page starts with the session, the user, the user's permissions and the
group permissions (the view's permission check), and reads the groups for the role badge."""

import pytest

from gdpr import services
from gdpr.models import DPIAScreening
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import DataItemFactory, ProcessingActivityFactory, ProcessorFactory

SIZES = [pytest.param(1, id="1 of each"), pytest.param(4, id="4 of each")]


def _register(count: int, dpo):
    """A journey of `count` stages each collecting personal data, `count` activities each
    with `count` processors (none with an agreement), a screening and `count` data items per
    stage and category, approved long ago and overdue; every item edited once."""
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey) for _ in range(count)]
    for stage in stages:
        TouchpointFactory(stage=stage, collects_personal_data=True)
    StageFactory(journey=journey)
    activities = [ProcessingActivityFactory(legal_basis="") for _ in range(count)]
    for activity in activities:
        activity.journeys.add(journey)
        DPIAScreening.objects.create(activity=activity, criteria_met=2, dpia_required=True)
        for _ in range(count):
            ProcessorFactory(activity=activity, agreement_signed_on=None)
    items = []
    for stage in stages:
        for category in ("personal", "transactional", "behavioural"):
            for index in range(count):
                items.append(
                    DataItemFactory(
                        stage=stage,
                        category=category,
                        activity=activities[index],
                        special_category=True,
                        consent_needed=True,
                        review_status="approved",
                        review_due_on="2000-01-01",
                    )
                )
    for item in items:
        services.data_item_update(data_item=item, data={"source": "Changed"}, user=dpo)
    # A journey whose stages collect personal data with nothing registered.
    bare = StageFactory()
    TouchpointFactory(stage=bare, collects_personal_data=True)
    return journey, activities, items


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, dpo, django_assert_num_queries, count
):
    _register(count, dpo)
    client.force_login(dpo)
    # session, user, user permissions, group permissions; item and activity counts by
    # status; overdue items and activities; activities needing a DPIA; not screened;
    # requirements; journey ids and the six checks; count for the paginator; the page of
    # journeys with item counts; groups
    with django_assert_num_queries(21):
        response = client.get("/register/")
    assert len(response.context["dashboard"].dpia_missing) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_register_page_runs_a_fixed_number_of_queries(
    client, dpo, django_assert_num_queries, count
):
    journey, _activities, _items = _register(count, dpo)
    client.force_login(dpo)
    # session, user, user permissions, group permissions; the journey (404 check); the
    # journey, its stages and its items (the table); the six checks; groups
    with django_assert_num_queries(15):
        response = client.get(f"/register/journeys/{journey.pk}/")
    assert response.context["register"].item_count == 3 * count * count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_data_item_list_runs_a_fixed_number_of_queries(
    client, dpo, django_assert_num_queries, count
):
    _register(count, dpo)
    client.force_login(dpo)
    # session, user, user permissions, group permissions; count for the paginator; the page
    # of items with stage, journey, touchpoint, activity and reviewer; journeys, stages and
    # activities for the filter form (search selects: the first 30 of each); groups
    with django_assert_num_queries(10):
        response = client.get("/register/items/")
    assert len(response.context["page"].object_list) == 3 * count * count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_activity_list_runs_a_fixed_number_of_queries(
    client, dpo, django_assert_num_queries, count
):
    _register(count, dpo)
    client.force_login(dpo)
    # session, user, user permissions, group permissions; count for the paginator; the page
    # of activities with screening and counts; journeys for the filter form (a search
    # select: the first 30); groups
    with django_assert_num_queries(8):
        response = client.get("/register/activities/")
    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_activity_page_runs_a_fixed_number_of_queries(
    client, dpo, django_assert_num_queries, count
):
    _journey, activities, _items = _register(count, dpo)
    client.force_login(dpo)
    # session, user, user permissions, group permissions; the activity with screening and
    # reviewer; journeys; processors with stakeholder; items with stage and journey; its
    # history with users; groups; external stakeholders for the processor form
    with django_assert_num_queries(11):
        response = client.get(f"/register/activities/{activities[0].pk}/")
    assert len(response.context["activity"].processors.all()) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_data_item_page_runs_a_fixed_number_of_queries(
    client, dpo, django_assert_num_queries, count
):
    _journey, _activities, items = _register(count, dpo)
    client.force_login(dpo)
    # session, user, user permissions, group permissions; the item with stage, journey,
    # touchpoint, activity and reviewer; its history with users; groups
    with django_assert_num_queries(7):
        response = client.get(f"/register/items/{items[0].pk}/")
    assert len(response.context["history"]) == 2


@pytest.mark.django_db
def test_the_checklist_runs_a_fixed_number_of_queries(client, dpo, django_assert_num_queries):
    client.force_login(dpo)
    # session, user, user permissions, group permissions; the change permission check is
    # cached; requirements with owners; active users for the owner field (once per form,
    # seven forms); groups
    with django_assert_num_queries(13):
        client.get("/register/checklist/")


API_LISTS = [
    ("/api/v1/processing-activities/", 3),  # count, page, journeys
    ("/api/v1/data-items/", 2),  # count, page
    ("/api/v1/processors/", 2),
    ("/api/v1/dpia-screenings/", 2),
    ("/api/v1/gdpr-requirements/", 2),
]


@pytest.mark.django_db
@pytest.mark.parametrize("count", SIZES)
def test_the_api_lists_run_a_fixed_number_of_queries(
    api_client, dpo, django_assert_num_queries, count
):
    _register(count, dpo)
    api_client.force_authenticate(dpo)
    # The same user object for every request: its permissions are cached after this.
    dpo.has_perm("gdpr.view_dataitem")
    for url, queries in API_LISTS:
        with django_assert_num_queries(queries):
            response = api_client.get(url)
        assert response.status_code == 200, url
