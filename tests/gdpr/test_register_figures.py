"""The DPO's dashboard reads the whole register for its checks and counts: they are kept in
the cache and read again as soon as an entry, an activity, a processor or a journey changes."""

import pytest

from gdpr import services
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db


def _check(response, code: str):
    return next(check for check in response.context["dashboard"].checks if check.code == code)


@pytest.fixture
def special_item():
    """A special-category item with no Article 9 condition, on an as-is journey."""
    return DataItemFactory(
        name="Health certificate",
        stage=StageFactory(journey=JourneyFactory(name="Car rental")),
        special_category=True,
        article9_condition="",
    )


def test_the_dashboard_reads_the_checks_once_while_the_register_is_unchanged(
    client, dpo, special_item, django_assert_num_queries
):
    client.force_login(dpo)
    client.get("/register/")

    # session, user; overdue items and activities; activities needing a DPIA; not
    # screened; requirements; count for the paginator; the page of journeys; groups. The
    # permissions, the counts by status (items) and the checks come from the cache.
    with django_assert_num_queries(11):
        response = client.get("/register/")
    assert [item.name for item in _check(response, "special_without_condition").entries] == [
        "Health certificate"
    ]


def test_a_changed_entry_shows_on_the_dashboard_at_once(client, dpo, special_item):
    client.force_login(dpo)
    client.get("/register/")

    services.data_item_update(
        data_item=special_item, data={"article9_condition": "explicit_consent"}, user=dpo
    )
    response = client.get("/register/")

    assert _check(response, "special_without_condition").entries == []


def test_a_deleted_entry_leaves_the_dashboard_at_once(client, dpo, special_item):
    client.force_login(dpo)
    client.get("/register/")

    services.data_item_delete(data_item=special_item, user=dpo)
    response = client.get("/register/")

    assert _check(response, "special_without_condition").entries == []
    assert sum(response.context["dashboard"].item_counts.values()) == 0


def test_a_touchpoint_collecting_personal_data_shows_on_the_dashboard_at_once(client, dpo):
    stage = StageFactory(journey=JourneyFactory(name="Car sharing"), code="B", name="Booking")
    client.force_login(dpo)
    assert _check(client.get("/register/"), "stage_without_entry").entries == []

    TouchpointFactory(stage=stage, collects_personal_data=True)
    response = client.get("/register/")

    assert [str(s) for s in _check(response, "stage_without_entry").entries] == [str(stage)]


def test_an_activity_given_a_legal_basis_clears_the_check_at_once(client, dpo):
    activity = ProcessingActivityFactory(legal_basis="")
    DataItemFactory(name="Driving licence", activity=activity)
    client.force_login(dpo)
    assert _check(client.get("/register/"), "no_legal_basis").entries

    activity.legal_basis = "contract"
    activity.save()
    response = client.get("/register/")

    assert _check(response, "no_legal_basis").entries == []
