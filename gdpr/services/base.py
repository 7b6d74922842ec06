"""What every register write shares: history, the apply step, the review workflow."""

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import events
from core.models import User
from core.services import check_editable, instance_apply

from ..models import (
    DataItem,
    ProcessingActivity,
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


def _history(instance: models.Model, *, user: User | None, reason: Any = "") -> None:
    """Names the user and the reason that django-simple-history keeps with the next save.
    The reason is kept in English, whatever the writer's language, and translated when the
    history is read (gdpr.history)."""
    if user is not None:
        instance._history_user = user
    if reason:
        with translation.override("en"):
            instance._change_reason = str(reason)


def _save(instance: models.Model, *, user: User | None = None, reason: Any = "") -> models.Model:
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
        reason = gettext_lazy("Changed after approval: back to review.")
    _history(instance, user=user, reason=reason)
    instance_apply(instance, changed, fields)
    if reason:
        _announce_due_for_review(instance)
    return saved


def _reopen(activity_id: int | None, *, user: User | None, why: str) -> None:
    """Sends an approved activity back to review: what the DPO approved has changed."""
    approved = ProcessingActivity.objects.filter(review_status=ReviewStatus.APPROVED)
    activity = approved.select_for_update().filter(pk=activity_id).first() if activity_id else None
    if activity is not None:
        activity.review_status = ReviewStatus.IN_REVIEW
        _history(activity, user=user, reason=REOPENED[why])
        activity.save(update_fields=["review_status", "updated_at"])
        _announce_due_for_review(activity)


# The review workflow, shared by activities and data items.


def _announce_due_for_review(entry: models.Model) -> None:
    """Submitted, or back to review after a change: the DPO has it to review."""
    events.announce("register.entry_submitted", entry=entry._meta.label_lower, entry_id=entry.pk)


def _submit(entry: Reviewable, *, user: User | None) -> Reviewable:
    if entry.review_status not in (ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED):
        raise ValidationError(_("Only a draft or an entry sent back can be submitted."))
    entry.review_status = ReviewStatus.IN_REVIEW
    _save(entry, user=user, reason=gettext_lazy("Submitted for review."))
    _announce_due_for_review(entry)
    return entry


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
    _save(entry, user=reviewer, reason=ReviewStatus(decision).label)
    events.announce(
        "register.entry_reviewed",
        entry=entry._meta.label_lower,
        entry_id=entry.pk,
        status=entry.review_status,
    )
    return entry
