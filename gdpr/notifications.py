"""The notifications of the data register: an entry sent back (to whoever last submitted it,
read from its history) and an entry due for review (to the DPOs)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import Kind, Notice
from core.roles import Role
from core.selectors import users_with_role

from .models import DataItem, ProcessingActivity, ReviewStatus

ENTRIES = {
    "gdpr.processingactivity": (ProcessingActivity, "gdpr:activity_detail"),
    "gdpr.dataitem": (DataItem, "gdpr:data_item_detail"),
}


def _notice(entry: str, entry_id: int, recipient_ids, step: str) -> list[Notice]:
    model, url_name = ENTRIES[entry]
    name = model.objects.filter(pk=entry_id).values_list("name", flat=True).first()
    if name is None:
        return []
    return [
        Notice(
            recipient_ids=recipient_ids,
            key=f"register.{step}:{entry}:{entry_id}",
            params={"entry": name},
            url=reverse(url_name, args=[entry_id]),
        )
    ]


def entry_sent_back(*, entry: str, entry_id: int, status: str) -> list[Notice]:
    if status != ReviewStatus.CHANGES_REQUESTED or entry not in ENTRIES:
        return []
    model, _url_name = ENTRIES[entry]
    submitter = (
        model.history.filter(id=entry_id, review_status=ReviewStatus.IN_REVIEW)
        .exclude(history_user=None)
        .order_by("-history_date", "-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )
    if submitter is None:
        return []
    # Each sending back is its own step: the latest history row names it.
    last = (
        model.history.filter(id=entry_id)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return _notice(entry, entry_id, [submitter], f"sent_back:{last}")


def entry_due_for_review(*, entry: str, entry_id: int) -> list[Notice]:
    if entry not in ENTRIES:
        return []
    model, _url_name = ENTRIES[entry]
    last = (
        model.history.filter(id=entry_id)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    dpos = list(users_with_role(Role.DPO).values_list("pk", flat=True))
    return _notice(entry, entry_id, dpos, f"due_for_review:{last}")


KINDS = [
    Kind(
        name="register.entry_sent_back",
        event="register.entry_reviewed",
        label=_("A register entry you submitted is sent back"),
        title=_("“%(entry)s” is sent back: changes requested"),
        notices=entry_sent_back,
    ),
    Kind(
        name="register.entry_due_for_review",
        event="register.entry_submitted",
        label=_("A register entry is due for review"),
        title=_("“%(entry)s” is due for your review"),
        notices=entry_due_for_review,
    ),
]
