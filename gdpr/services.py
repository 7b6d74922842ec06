"""Every write on the data register: keyword-only, validated with full_clean(), one transaction.

The DPO's review moves an entry draft → in review → approved or changes requested; any change
to an approved entry sends it back to review. Each save is kept by django-simple-history; the
services name the user and the reason when they know them.
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import events
from core.models import User
from core.services import check_editable, instance_apply
from feedback import selectors as feedback_selectors
from feedback import services as feedback_services
from stakeholders.models import Stakeholder

from .models import (
    ACTIVITY_FIELDS,
    DATA_ITEM_FIELDS,
    DPIA_CRITERIA,
    DPIA_THRESHOLD,
    PROCESSOR_FIELDS,
    REQUIREMENT_FIELDS,
    SCREENING_FIELDS,
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    RespondentAccess,
    ReviewStatus,
)

REVIEW_INTERVAL = timedelta(days=365)

logger = logging.getLogger(__name__)


Reviewable = ProcessingActivity | DataItem

# Why an approved activity went back to review, kept in its history.
REOPENED = {
    "processor_added": gettext_lazy("A processor was added after approval: back to review."),
    "processor_changed": gettext_lazy("A processor was changed after approval: back to review."),
    "processor_removed": gettext_lazy("A processor was removed after approval: back to review."),
    "screening": gettext_lazy("The DPIA screening changed after approval: back to review."),
    "data_items": gettext_lazy("Its data items changed after approval: back to review."),
}


def _history(instance: models.Model, *, user: User | None, reason: str = "") -> None:
    """Names the user and the reason that django-simple-history keeps with the next save."""
    if user is not None:
        instance._history_user = user
    if reason:
        instance._change_reason = reason


def _save(instance: models.Model, *, user: User | None = None, reason: str = "") -> models.Model:
    instance.full_clean()
    _history(instance, user=user, reason=reason)
    instance.save()
    return instance


def _apply(
    instance: models.Model, data: dict[str, Any], fields: Iterable[str], *, user: User | None
) -> models.Model | None:
    """Saves the fields of `data` that differ from the saved row, if any, and gives that row
    (None if none differ); an approved entry whose content changes goes back to review."""
    check_editable(data, fields)
    # Compared with the saved row: a ModelForm has already copied its data onto `instance`.
    saved = type(instance)._default_manager.get(pk=instance.pk)
    changed = {field: value for field, value in data.items() if getattr(saved, field) != value}
    if not changed:
        return None
    reason = ""
    if getattr(saved, "review_status", None) == ReviewStatus.APPROVED:
        instance.review_status = ReviewStatus.IN_REVIEW
        reason = _("Changed after approval: back to review.")
    _history(instance, user=user, reason=reason)
    instance_apply(instance, changed, fields)
    return saved


def _reopen(activity_id: int | None, *, user: User | None, why: str) -> None:
    """Sends an approved activity back to review: what the DPO approved has changed."""
    approved = ProcessingActivity.objects.filter(review_status=ReviewStatus.APPROVED)
    activity = approved.select_for_update().filter(pk=activity_id).first() if activity_id else None
    if activity is not None:
        activity.review_status = ReviewStatus.IN_REVIEW
        _history(activity, user=user, reason=str(REOPENED[why]))
        activity.save(update_fields=["review_status", "updated_at"])


# The review workflow, shared by activities and data items.


def _submit(entry: Reviewable, *, user: User | None) -> Reviewable:
    if entry.review_status not in (ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED):
        raise ValidationError(_("Only a draft or an entry sent back can be submitted."))
    entry.review_status = ReviewStatus.IN_REVIEW
    return _save(entry, user=user, reason=_("Submitted for review."))


def _review(entry: Reviewable, *, reviewer: User, decision: str, comment: str) -> Reviewable:
    if decision not in (ReviewStatus.APPROVED, ReviewStatus.CHANGES_REQUESTED):
        raise ValidationError({"decision": _("Approve or request changes.")})
    if entry.review_status != ReviewStatus.IN_REVIEW:
        raise ValidationError(_("Only an entry in review can be reviewed."))
    if decision == ReviewStatus.CHANGES_REQUESTED and not comment.strip():
        raise ValidationError({"comment": _("Say what has to change.")})
    now = timezone.now()
    entry.review_status = decision
    entry.review_comment = comment.strip()
    entry.reviewed_by = reviewer
    entry.reviewed_at = now
    if decision == ReviewStatus.APPROVED:
        entry.review_due_on = timezone.localdate(now) + REVIEW_INTERVAL
    _save(entry, user=reviewer, reason=str(ReviewStatus(decision).label))
    events.announce(
        "register.entry_reviewed",
        entry=entry._meta.label_lower,
        entry_id=entry.pk,
        status=entry.review_status,
    )
    return entry


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
                _save(activity, user=user, reason=_("Changed after approval: back to review."))
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


# The seven requirements


def requirements_sync(sender=None, apps=None, **kwargs) -> None:
    """Keeps one row per requirement, in DOMAIN.md's order. Connected to post_migrate, as
    `flush` (transactional tests) empties the table the data migration filled."""
    try:
        model = apps.get_model("gdpr", "Requirement") if apps else Requirement
    except LookupError:  # gdpr migrated back to zero
        return
    for position, key in enumerate(Requirement.Key, start=1):
        model.objects.get_or_create(key=key, defaults={"position": position})


@transaction.atomic
def requirement_update(
    *, requirement: Requirement, data: dict[str, Any], user: User | None = None
) -> Requirement:
    """Records a requirement's status, owner, evidence and date."""
    data = dict(data)
    if data.get("status") == Requirement.Status.DONE and not (
        data.get("done_on") or requirement.done_on
    ):
        data["done_on"] = timezone.localdate()
    _apply(requirement, data, REQUIREMENT_FIELDS, user=user)
    return requirement


# Parcours' own GDPR: a respondent's access and erasure requests, and retention.


def respondent_access_log(*, respondent_id: int, user: User, action: str) -> RespondentAccess:
    """Logs a DPO's access to one respondent's personal data."""
    return RespondentAccess.objects.create(respondent_id=respondent_id, user=user, action=action)


@transaction.atomic
def respondents_find(*, query: str, user: User) -> list:
    """The respondents whose e-mail or external reference is `query`, each view logged."""
    found = list(feedback_selectors.respondent_search(query=query))
    RespondentAccess.objects.bulk_create(
        RespondentAccess(
            respondent_id=respondent.pk, user=user, action=RespondentAccess.Action.VIEWED
        )
        for respondent in found
    )
    return found


@transaction.atomic
def respondent_view(*, respondent_id: int, user: User):
    """One respondent, for a page that shows their reference or e-mail; the view is logged.
    Respondent.DoesNotExist when there is none."""
    respondent = feedback_selectors.respondent_get(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.VIEWED
    )
    return respondent


@transaction.atomic
def respondent_export(*, respondent_id: int, user: User) -> dict:
    """Everything held about a respondent (the right of access), logged."""
    data = feedback_selectors.respondent_export(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.EXPORTED
    )
    return data


@transaction.atomic
def respondent_erase(*, respondent_id: int, user: User) -> None:
    """Erases a respondent's personal data (the right to erasure), logged; their answers stay,
    anonymised, so scores do not move."""
    feedback_services.respondent_erase(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.ERASED
    )


def respondents_purge_expired() -> int:
    """Erases the personal data of respondents not seen for the retention period, each in
    its own transaction with its log line; returns how many were erased."""
    cutoff = timezone.now() - timedelta(days=30 * settings.GDPR_RESPONDENT_RETENTION_MONTHS)
    purged = 0
    for respondent_id in feedback_selectors.respondents_expired(before=cutoff):
        try:
            with transaction.atomic():
                feedback_services.respondent_erase(respondent_id=respondent_id)
                RespondentAccess.objects.create(
                    respondent_id=respondent_id, action=RespondentAccess.Action.PURGED
                )
        # One respondent's failure must not keep the others' data. The error's text can
        # quote the row: only its class is logged.
        except Exception as error:
            logger.error(
                "Retention purge: respondent %s was not erased (%s).",
                respondent_id,
                type(error).__name__,
            )
            continue
        purged += 1
    return purged
