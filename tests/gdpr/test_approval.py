"""The DPO's approval cannot be sidestepped: any change to what an approved activity shows —
its processors, DPIA screening, journeys or data items — sends it back to review, and its
history says why."""

import pytest

from gdpr.models import DataItem, ProcessingActivity, Processor, ReviewStatus
from tests.journeys.factories import JourneyFactory, StageFactory
from tests.stakeholders.factories import ExternalStakeholderFactory

from .factories import DataItemFactory, ProcessingActivityFactory, ProcessorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    return ProcessingActivityFactory(name="Rentals", review_status=ReviewStatus.APPROVED)


def _status_and_reason(activity: ProcessingActivity) -> tuple[str, str]:
    activity.refresh_from_db()
    return activity.review_status, activity.history.first().history_change_reason


def test_adding_a_processor_on_the_page_sends_the_activity_back(client, cx_manager, approved):
    stakeholder = ExternalStakeholderFactory()
    client.force_login(cx_manager)
    response = client.post(
        f"/register/activities/{approved.pk}/processors/new/",
        {"stakeholder": stakeholder.pk, "service": "Shuttle"},
    )
    assert response.status_code == 302
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "A processor was added after approval: back to review.",
    )
    assert approved.history.first().history_user == cx_manager


def test_changing_a_processor_through_the_api_sends_the_activity_back(
    token_client, cx_manager, approved
):
    processor = ProcessorFactory(activity=approved, service="Cleaning")
    response = token_client(cx_manager).patch(
        f"/api/v1/processors/{processor.pk}/", {"service": "Cleaning and repairs"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "A processor was changed after approval: back to review.",
    )


def test_saving_a_processor_unchanged_leaves_the_approval(token_client, cx_manager, approved):
    processor = ProcessorFactory(activity=approved, service="Cleaning")
    response = token_client(cx_manager).patch(
        f"/api/v1/processors/{processor.pk}/", {"service": "Cleaning"}, format="json"
    )
    assert response.status_code == 200, response.json()
    approved.refresh_from_db()
    assert approved.review_status == ReviewStatus.APPROVED
    assert approved.history.count() == 1


def test_removing_a_processor_on_the_page_sends_the_activity_back(client, cx_manager, approved):
    processor = ProcessorFactory(activity=approved)
    client.force_login(cx_manager)
    response = client.post(f"/register/processors/{processor.pk}/delete/")
    assert response.status_code == 302
    assert not Processor.objects.exists()
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "A processor was removed after approval: back to review.",
    )


def test_recording_the_screening_again_sends_the_activity_back(client, cx_manager, approved):
    client.force_login(cx_manager)
    response = client.post(
        f"/register/activities/{approved.pk}/screening/",
        {"systematic_monitoring": "on", "dpia_status": "not_required"},
    )
    assert response.status_code == 302
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "The DPIA screening changed after approval: back to review.",
    )


def test_the_screening_through_the_api_sends_the_activity_back(token_client, dpo, approved):
    response = token_client(dpo).post(
        f"/api/v1/processing-activities/{approved.pk}/screening/",
        {"systematic_monitoring": True, "vulnerable_subjects": True},
        format="json",
    )
    assert response.status_code == 200
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "The DPIA screening changed after approval: back to review.",
    )


def test_changing_the_journeys_sends_the_activity_back(token_client, cx_manager, approved):
    journey = JourneyFactory()
    response = token_client(cx_manager).patch(
        f"/api/v1/processing-activities/{approved.pk}/", {"journeys": [journey.pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "Changed after approval: back to review.",
    )


def test_adding_a_data_item_to_the_activity_sends_it_back(client, cx_manager, approved):
    stage = StageFactory()
    client.force_login(cx_manager)
    response = client.post(
        f"/register/items/new/?stage={stage.pk}",
        {"name": "Driving licence", "category": "personal", "activity": approved.pk},
    )
    assert response.status_code == 302
    assert DataItem.objects.get().activity == approved
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "Its data items changed after approval: back to review.",
    )


def test_changing_an_attached_data_item_sends_the_activity_back(token_client, cx_manager, approved):
    item = DataItemFactory(activity=approved, name="Licence", review_status=ReviewStatus.APPROVED)
    response = token_client(cx_manager).patch(
        f"/api/v1/data-items/{item.pk}/", {"name": "Driving licence"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "Its data items changed after approval: back to review.",
    )


def test_moving_a_data_item_sends_both_activities_back(token_client, cx_manager, approved):
    other = ProcessingActivityFactory(name="Loyalty", review_status=ReviewStatus.APPROVED)
    item = DataItemFactory(activity=approved)
    response = token_client(cx_manager).patch(
        f"/api/v1/data-items/{item.pk}/", {"activity": other.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    reason = "Its data items changed after approval: back to review."
    assert _status_and_reason(approved) == (ReviewStatus.IN_REVIEW, reason)
    assert _status_and_reason(other) == (ReviewStatus.IN_REVIEW, reason)


def test_deleting_an_attached_data_item_sends_the_activity_back(client, cx_manager, approved):
    item = DataItemFactory(activity=approved)
    client.force_login(cx_manager)
    assert client.post(f"/register/items/{item.pk}/delete/").status_code == 302
    assert not DataItem.objects.exists()
    assert _status_and_reason(approved) == (
        ReviewStatus.IN_REVIEW,
        "Its data items changed after approval: back to review.",
    )


def test_a_draft_activity_stays_a_draft(client, cx_manager):
    draft = ProcessingActivityFactory()
    processor = ProcessorFactory(activity=draft)
    client.force_login(cx_manager)
    client.post(f"/register/processors/{processor.pk}/delete/")
    draft.refresh_from_db()
    assert draft.review_status == ReviewStatus.DRAFT
    assert draft.history.count() == 1
