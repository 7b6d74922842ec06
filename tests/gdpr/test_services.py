"""The review workflow, the audit trail and the DPIA screening, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from core import events
from gdpr import selectors, services
from gdpr.models import DataItem, DPIAScreening, ProcessingActivity, Requirement, ReviewStatus
from tests.journeys.factories import StageFactory, TouchpointFactory
from tests.stakeholders.factories import ExternalStakeholderFactory, StakeholderFactory

from .factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db


def test_a_new_item_is_a_draft_with_one_history_record(cx_manager):
    stage = StageFactory()
    item = services.data_item_create(
        stage=stage, name="IP address", category="personal", user=cx_manager
    )
    assert item.review_status == ReviewStatus.DRAFT
    [record] = item.history.all()
    assert record.history_type == "+"
    assert record.history_user == cx_manager


def test_the_review_workflow_draft_in_review_approved(cx_manager, dpo):
    item = DataItemFactory()
    services.data_item_submit(data_item=item, user=cx_manager)
    assert item.review_status == ReviewStatus.IN_REVIEW

    services.data_item_review(data_item=item, reviewer=dpo, decision="approved", comment="")

    item.refresh_from_db()
    assert item.review_status == ReviewStatus.APPROVED
    assert item.reviewed_by == dpo
    assert item.review_due_on == timezone.localdate() + timedelta(days=365)
    assert [r.review_status for r in item.history.order_by("history_date")] == [
        "draft",
        "in_review",
        "approved",
    ]
    assert item.history.latest().history_user == dpo


def test_changes_requested_needs_a_comment(dpo):
    item = DataItemFactory(review_status=ReviewStatus.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.data_item_review(
            data_item=item, reviewer=dpo, decision="changes_requested", comment="  "
        )
    assert "comment" in error.value.message_dict
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.IN_REVIEW


def test_sending_back_records_the_comment_then_resubmitting_goes_to_review(cx_manager, dpo):
    item = DataItemFactory(review_status=ReviewStatus.IN_REVIEW)
    services.data_item_review(
        data_item=item, reviewer=dpo, decision="changes_requested", comment="Which form?"
    )
    item.refresh_from_db()
    assert (item.review_status, item.review_comment) == ("changes_requested", "Which form?")
    services.data_item_submit(data_item=item, user=cx_manager)
    assert item.review_status == ReviewStatus.IN_REVIEW


def test_any_change_to_an_approved_item_sends_it_back_to_review(cx_manager):
    item = DataItemFactory(review_status=ReviewStatus.APPROVED, source="Booking form")
    services.data_item_update(data_item=item, data={"source": "Mobile app"}, user=cx_manager)
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.IN_REVIEW
    latest = item.history.latest()
    assert latest.history_change_reason == "Changed after approval: back to review."
    delta = latest.diff_against(latest.prev_record)
    assert {(c.field, c.old, c.new) for c in delta.changes} == {
        ("source", "Booking form", "Mobile app"),
        ("review_status", "approved", "in_review"),
    }


def test_saving_an_approved_item_unchanged_keeps_it_approved(cx_manager):
    item = DataItemFactory(review_status=ReviewStatus.APPROVED, source="Booking form")
    services.data_item_update(data_item=item, data={"source": "Booking form"}, user=cx_manager)
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.APPROVED
    assert item.history.count() == 1


def test_a_journey_change_sends_an_approved_activity_back_to_review(cx_manager):
    activity = ProcessingActivityFactory(review_status=ReviewStatus.APPROVED)
    stage = StageFactory()
    services.processing_activity_update(
        activity=activity, data={"journeys": [stage.journey]}, user=cx_manager
    )
    activity.refresh_from_db()
    assert activity.review_status == ReviewStatus.IN_REVIEW


def test_a_draft_goes_through_review_before_approval(dpo):
    item = DataItemFactory()
    with pytest.raises(ValidationError):
        services.data_item_review(data_item=item, reviewer=dpo, decision="approved")
    item.refresh_from_db()
    assert (item.review_status, item.reviewed_by) == (ReviewStatus.DRAFT, None)


def test_an_approved_entry_cannot_be_reviewed_again(dpo):
    activity = ProcessingActivityFactory(review_status=ReviewStatus.APPROVED)
    with pytest.raises(ValidationError):
        services.processing_activity_review(activity=activity, reviewer=dpo, decision="approved")


@pytest.fixture
def reviewed_events():
    """The payloads of register.entry_reviewed, from a handler registered for the test."""
    received = []

    def handler(**payload):
        received.append(payload)

    events.register("register.entry_reviewed", handler)
    yield received
    events.unregister("register.entry_reviewed", handler)


def test_approving_an_item_announces_it_reviewed(dpo, reviewed_events):
    item = DataItemFactory(review_status=ReviewStatus.IN_REVIEW)
    services.data_item_review(data_item=item, reviewer=dpo, decision="approved")
    assert reviewed_events == [
        {"entry": "gdpr.dataitem", "entry_id": item.pk, "status": "approved"}
    ]


def test_sending_an_activity_back_announces_it_reviewed(dpo, reviewed_events):
    activity = ProcessingActivityFactory(review_status=ReviewStatus.IN_REVIEW)
    services.processing_activity_review(
        activity=activity, reviewer=dpo, decision="changes_requested", comment="Which basis?"
    )
    assert reviewed_events == [
        {
            "entry": "gdpr.processingactivity",
            "entry_id": activity.pk,
            "status": "changes_requested",
        }
    ]


def test_a_refused_review_announces_nothing(dpo, reviewed_events):
    item = DataItemFactory()
    with pytest.raises(ValidationError):
        services.data_item_review(data_item=item, reviewer=dpo, decision="approved")
    assert reviewed_events == []


def test_legitimate_interests_need_a_balancing_test():
    with pytest.raises(ValidationError) as error:
        services.processing_activity_create(
            name="Fraud screening",
            purposes="Detect card fraud",
            controller_contact="Rental SA",
            data_subjects="Customers",
            legal_basis="legitimate_interests",
        )
    assert "balancing_test" in error.value.message_dict
    assert not ProcessingActivity.objects.exists()


def test_a_transfer_outside_the_eu_needs_a_safeguard_and_countries():
    with pytest.raises(ValidationError) as error:
        services.processing_activity_create(
            name="Chat support",
            purposes="Answer customers",
            controller_contact="Rental SA",
            data_subjects="Customers",
            legal_basis="contract",
            transfers_outside_eu=True,
        )
    assert set(error.value.message_dict) == {"transfer_safeguard", "transfer_countries"}


def test_a_touchpoint_of_another_stage_is_refused():
    with pytest.raises(ValidationError) as error:
        services.data_item_create(
            stage=StageFactory(), touchpoint=TouchpointFactory(), name="Login", category="personal"
        )
    assert "touchpoint" in error.value.message_dict
    assert not DataItem.objects.exists()


def test_a_processor_must_be_external():
    activity = ProcessingActivityFactory()
    with pytest.raises(ValidationError):
        services.processor_create(
            activity=activity, stakeholder=StakeholderFactory(), service="Cleaning"
        )
    processor = services.processor_create(
        activity=activity, stakeholder=ExternalStakeholderFactory(), service="Cleaning"
    )
    assert processor.activity == activity


def test_two_criteria_require_a_dpia(dpo):
    activity = ProcessingActivityFactory()
    screening = services.dpia_screening_record(
        activity=activity,
        user=dpo,
        answers={"large_scale": True, "large_scale_notes": "120,000 customers"},
    )
    assert (screening.criteria_met, screening.dpia_required) == (1, False)
    assert screening.dpia_status == DPIAScreening.DPIAStatus.NOT_REQUIRED

    screening = services.dpia_screening_record(
        activity=activity, user=dpo, answers={"large_scale": True, "evaluation_scoring": True}
    )
    assert (screening.criteria_met, screening.dpia_required) == (2, True)
    assert screening.dpia_status == DPIAScreening.DPIAStatus.TO_DO
    assert DPIAScreening.objects.count() == 1
    assert screening.large_scale_notes == "120,000 customers"
    assert screening.screened_by == dpo


def test_a_requirement_marked_done_gets_todays_date(dpo):
    requirement = Requirement.objects.get(key="appoint_dpo")
    services.requirement_update(
        requirement=requirement, data={"status": "done", "owner": dpo, "evidence": "Letter"}
    )
    requirement.refresh_from_db()
    assert (requirement.status, requirement.done_on) == ("done", timezone.localdate())
    assert requirement.history.count() == 1


def test_the_seven_requirements_exist():
    assert list(Requirement.objects.values_list("key", flat=True)) == [
        "appoint_dpo",
        "map_processing",
        "compliance_actions",
        "dpia",
        "internal_processes",
        "document",
        "online_consent",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_seven_requirements_survive_a_flush():
    call_command("flush", interactive=False, verbosity=0)

    assert list(Requirement.objects.values_list("key", flat=True)) == list(Requirement.Key)


def test_an_entry_without_history_has_an_empty_history():
    item = DataItemFactory()
    item.history.all().delete()

    assert selectors.entry_history(entry=item) == []
