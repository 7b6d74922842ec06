"""Processing activities, data items, processors and DPIA screenings."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.models import User
from core.services import check_editable
from stakeholders.models import Stakeholder

from ..models import (
    ACTIVITY_FIELDS,
    DATA_ITEM_FIELDS,
    DPIA_CRITERIA,
    DPIA_THRESHOLD,
    PROCESSOR_FIELDS,
    SCREENING_FIELDS,
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    ReviewStatus,
)
from .base import _apply, _reopen, _review, _save, _submit

# Processing activities


@transaction.atomic
def processing_activity_create(
    *,
    name: str,
    purposes: str,
    controller_contact: str,
    data_subjects: str,
    dpo_contact: str = "",
    legal_basis: str = "",
    legal_basis_justification: str = "",
    balancing_test: str = "",
    retention: str = "",
    recipients: str = "",
    transfers_outside_eu: bool = False,
    transfer_countries: str = "",
    transfer_safeguard: str = "",
    security_measures: list[str] | None = None,
    security_notes: str = "",
    journeys: Iterable = (),
    user: User | None = None,
) -> ProcessingActivity:
    """Records a processing activity, as a draft."""
    activity = _save(
        ProcessingActivity(
            name=name,
            purposes=purposes,
            controller_contact=controller_contact,
            dpo_contact=dpo_contact,
            data_subjects=data_subjects,
            legal_basis=legal_basis,
            legal_basis_justification=legal_basis_justification,
            balancing_test=balancing_test,
            retention=retention,
            recipients=recipients,
            transfers_outside_eu=transfers_outside_eu,
            transfer_countries=transfer_countries,
            transfer_safeguard=transfer_safeguard,
            security_measures=list(security_measures or []),
            security_notes=security_notes,
        ),
        user=user,
    )
    activity.journeys.set(journeys)
    return activity


@transaction.atomic
def processing_activity_update(
    *, activity: ProcessingActivity, data: dict[str, Any], user: User | None = None
) -> ProcessingActivity:
    """Changes an activity; an approved one goes back to review."""
    data = dict(data)
    journeys = data.pop("journeys", None)
    changed = _apply(activity, data, ACTIVITY_FIELDS, user=user) is not None
    if journeys is not None:
        before = set(activity.journeys.values_list("pk", flat=True))
        if before != {journey.pk for journey in journeys}:
            activity.journeys.set(journeys)
            if not changed and activity.review_status == ReviewStatus.APPROVED:
                activity.review_status = ReviewStatus.IN_REVIEW
                _save(
                    activity,
                    user=user,
                    reason=gettext_lazy("Changed after approval: back to review."),
                )
    return activity


def processing_activity_delete(*, activity: ProcessingActivity) -> None:
    """Deletes an activity, its processors and screening; its data items stay, unattached."""
    activity.delete()


@transaction.atomic
def processing_activity_submit(
    *, activity: ProcessingActivity, user: User | None = None
) -> ProcessingActivity:
    """Sends a draft (or an activity sent back) to the DPO."""
    return _submit(activity, user=user)


@transaction.atomic
def processing_activity_review(
    *, activity: ProcessingActivity, reviewer: User, decision: str, comment: str = ""
) -> ProcessingActivity:
    """The DPO approves an activity or sends it back with a comment."""
    return _review(activity, reviewer=reviewer, decision=decision, comment=comment)


# Data items


@transaction.atomic
def data_item_create(
    *,
    stage,
    name: str,
    category: str,
    touchpoint=None,
    activity: ProcessingActivity | None = None,
    special_category: bool = False,
    article9_condition: str = "",
    source: str = "",
    consent_needed: bool = False,
    consent_collection: str = "",
    retention: str = "",
    user: User | None = None,
) -> DataItem:
    """Records a piece of data collected at a stage, as a draft."""
    _reopen(activity and activity.pk, user=user, why="data_items")
    return _save(
        DataItem(
            stage=stage,
            touchpoint=touchpoint,
            activity=activity,
            name=name,
            category=category,
            special_category=special_category,
            article9_condition=article9_condition,
            source=source,
            consent_needed=consent_needed,
            consent_collection=consent_collection,
            retention=retention,
        ),
        user=user,
    )


@transaction.atomic
def data_item_update(
    *, data_item: DataItem, data: dict[str, Any], user: User | None = None
) -> DataItem:
    """Changes a data item (not its stage); it and its approved activities go back to review."""
    before = _apply(data_item, data, DATA_ITEM_FIELDS, user=user)
    if before is not None:
        for activity_id in {before.activity_id, data_item.activity_id}:
            _reopen(activity_id, user=user, why="data_items")
    return data_item


@transaction.atomic
def data_item_delete(*, data_item: DataItem, user: User | None = None) -> None:
    """Removes a data item (its history stays); its approved activity goes back to review."""
    _reopen(data_item.activity_id, user=user, why="data_items")
    data_item.delete()


@transaction.atomic
def data_item_submit(*, data_item: DataItem, user: User | None = None) -> DataItem:
    """Sends a draft (or an item sent back) to the DPO."""
    return _submit(data_item, user=user)


@transaction.atomic
def data_item_review(
    *, data_item: DataItem, reviewer: User, decision: str, comment: str = ""
) -> DataItem:
    """The DPO approves a data item or sends it back with a comment."""
    return _review(data_item, reviewer=reviewer, decision=decision, comment=comment)


# Processors


@transaction.atomic
def processor_create(
    *,
    activity: ProcessingActivity,
    stakeholder: Stakeholder,
    service: str,
    agreement_signed_on=None,
    agreement_location: str = "",
    user: User | None = None,
) -> Processor:
    """Records an external stakeholder as a processor; an approved activity goes back to review."""
    _reopen(activity.pk, user=user, why="processor_added")
    return _save(
        Processor(
            activity=activity,
            stakeholder=stakeholder,
            service=service,
            agreement_signed_on=agreement_signed_on,
            agreement_location=agreement_location,
        ),
        user=user,
    )


@transaction.atomic
def processor_update(
    *, processor: Processor, data: dict[str, Any], user: User | None = None
) -> Processor:
    """Changes a processor's work or agreement; an approved activity goes back to review."""
    if _apply(processor, data, PROCESSOR_FIELDS, user=user) is not None:
        _reopen(processor.activity_id, user=user, why="processor_changed")
    return processor


@transaction.atomic
def processor_delete(*, processor: Processor, user: User | None = None) -> None:
    """Removes a processor from an activity; an approved activity goes back to review."""
    _reopen(processor.activity_id, user=user, why="processor_removed")
    processor.delete()


# DPIA screening


@transaction.atomic
def dpia_screening_record(
    *, activity: ProcessingActivity, answers: Mapping[str, Any], user: User | None = None
) -> DPIAScreening:
    """Screens an activity against the nine criteria (two or more: a DPIA is required) and
    records the DPIA's status and document; a change sends an approved activity to review."""
    check_editable(answers, SCREENING_FIELDS)
    screening = DPIAScreening.objects.select_for_update().filter(
        activity=activity
    ).first() or DPIAScreening(activity=activity)
    if screening.pk is None or any(getattr(screening, f) != v for f, v in answers.items()):
        _reopen(activity.pk, user=user, why="screening")
    for field, value in answers.items():
        setattr(screening, field, value)
    screening.criteria_met = sum(1 for name, _label in DPIA_CRITERIA if getattr(screening, name))
    screening.dpia_required = screening.criteria_met >= DPIA_THRESHOLD
    status = DPIAScreening.DPIAStatus
    if screening.dpia_required and screening.dpia_status == status.NOT_REQUIRED:
        screening.dpia_status = status.TO_DO
    screening.screened_by = user
    screening.screened_at = timezone.now()
    return _save(screening, user=user)
