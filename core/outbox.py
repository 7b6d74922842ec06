"""Rows due to be sent: one kit for every outbox (survey e-mails today; notifications and
webhooks later). It knows a model and the names of four of its fields, nothing else.

The database is the source of truth and a row moves forward through conditional UPDATEs, so
re-running a task, or two workers running it at once, never sends a row twice:

1. claim: in a short transaction, `select_for_update(skip_locked=True)` picks due pending
   rows and moves them to the claimed status (with `claimed_at` and one more attempt); a
   concurrent run skips the locked rows and, after commit, no longer sees them as pending.
2. send: outside any transaction, by the caller, one row at a time.
3. mark: `UPDATE … WHERE id=… AND status=<claimed>`, retried for up to `mark_patience` while
   the database cannot be reached (a restart of PostgreSQL must not turn a message already
   accepted by the other side into a second one).

A worker killed between 1 and 3 leaves rows claimed; once `lease` has passed (longer than the
task's hard time limit, so the killed run cannot still be sending) `recover` puts them back.
A failed send is tried again after an exponential back-off, `max_attempts` times at most.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import F, QuerySet

logger = logging.getLogger(__name__)


class ClaimLost(RuntimeError):
    """Fewer rows were moved than were locked: the claim is rolled back rather than trusted."""


@dataclass(frozen=True)
class Outbox:
    """A model's rows seen as an outbox: its status values, the names of its fields and the
    timings of the sending."""

    model: type[models.Model]
    pending: str
    claimed: str
    failed: str
    status_field: str = "status"
    due_field: str = "send_after"
    claimed_at_field: str = "claimed_at"
    attempts_field: str = "attempts"
    lease: timedelta = timedelta(minutes=10)
    max_attempts: int = 5
    # After the n-th failed attempt the row is due again in retry_base * 2**n.
    retry_base: timedelta = timedelta(minutes=1)
    mark_patience: timedelta = timedelta(minutes=2)

    @property
    def rows(self) -> QuerySet:
        return self.model._default_manager.all()

    def due(self, *, now: datetime) -> QuerySet:
        """The pending rows whose time has come."""
        return self.rows.filter(**{self.status_field: self.pending, f"{self.due_field}__lte": now})

    def claim(self, *, queryset: QuerySet, limit: int, changes: dict[str, Any]) -> list[int]:
        """Locks up to `limit` rows of `queryset`, the earliest due first and skipping those
        another run holds, applies `changes` to them and commits; returns their ids."""
        with transaction.atomic():
            ids = list(
                queryset.select_for_update(skip_locked=True)
                .order_by(self.due_field, "pk")
                .values_list("pk", flat=True)[:limit]
            )
            if ids:
                moved = queryset.filter(pk__in=ids).update(**changes)
                if moved != len(ids):
                    raise ClaimLost(f"{self.model._meta.label}: {moved} of {len(ids)} claimed")
        return ids

    def claim_due(self, *, queryset: QuerySet, now: datetime, limit: int) -> list[int]:
        """Claims rows of `queryset` (due rows, narrowed as the caller needs) for sending."""
        return self.claim(
            queryset=queryset,
            limit=limit,
            changes={
                self.status_field: self.claimed,
                self.claimed_at_field: now,
                self.attempts_field: F(self.attempts_field) + 1,
            },
        )

    def recover(self, *, now: datetime) -> int:
        """Gives back to pending the rows whose claim outlived the lease (a killed worker's);
        returns how many."""
        return self.rows.filter(
            **{self.status_field: self.claimed, f"{self.claimed_at_field}__lt": now - self.lease}
        ).update(**{self.status_field: self.pending, self.claimed_at_field: None})

    def mark(
        self, *, pk: int, changes: dict[str, Any], also: Callable[[], Any] | None = None
    ) -> int:
        """Step 3: moves a claimed row on (`changes`, and the claim cleared) and, when it
        moved, runs `also` in the same transaction; returns 1, or 0 when the row is no
        longer claimed. While the database cannot be reached it tries again, waiting longer
        each time, for up to `mark_patience`, then raises (the row stays claimed and the
        lease brings it back)."""
        give_up_at = time.monotonic() + self.mark_patience.total_seconds()
        pause = 0.25
        while True:
            try:
                with transaction.atomic():
                    marked = self.rows.filter(pk=pk, **{self.status_field: self.claimed}).update(
                        **{self.claimed_at_field: None, **changes}
                    )
                    if marked and also is not None:
                        also()
                return marked
            except (OperationalError, InterfaceError):
                if time.monotonic() + pause > give_up_at:
                    raise
                logger.warning(
                    "%s %s: database unreachable, marking again", self.model._meta.label, pk
                )
                connection.close_if_unusable_or_obsolete()
                time.sleep(pause)
                pause = min(pause * 2, 5.0)

    def retry_later(self, *, row: models.Model, now: datetime, changes: dict[str, Any]) -> int:
        """After a failed send: the claimed row is pending again after the back-off, or
        failed for good once it has had `max_attempts` attempts."""
        attempts = getattr(row, self.attempts_field)
        return self.mark(
            pk=row.pk,
            changes={
                self.status_field: self.failed if attempts >= self.max_attempts else self.pending,
                self.due_field: now + self.retry_base * 2**attempts,
                **changes,
            },
        )
