"""core.outbox on the real PostgreSQL, with a table of its own (no product app involved)."""

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, connections, models, transaction
from django.db.models import QuerySet
from django.test.utils import isolate_apps
from django.utils import timezone

from core.outbox import Outbox


@pytest.fixture
def message_model():
    """A throw-away model with the four fields an outbox needs, and its table."""
    with isolate_apps("core"):

        class Message(models.Model):
            status = models.CharField(max_length=12, default="pending")
            send_after = models.DateTimeField()
            claimed_at = models.DateTimeField(null=True)
            attempts = models.PositiveSmallIntegerField(default=0)
            error = models.TextField(blank=True)

            class Meta:
                app_label = "core"
                db_table = "test_outbox_message"

            def __str__(self):
                return f"message {self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(Message)
    yield Message
    with connection.schema_editor() as editor:
        editor.delete_model(Message)


@pytest.fixture
def outbox(message_model):
    return Outbox(
        model=message_model,
        pending="pending",
        claimed="sending",
        failed="failed",
        max_attempts=3,
        mark_patience=timedelta(seconds=1),
    )


def _rows(model, *offsets_in_minutes, now):
    return [model.objects.create(send_after=now + timedelta(minutes=m)) for m in offsets_in_minutes]


@pytest.mark.django_db
def test_due_rows_are_the_pending_ones_whose_time_has_come(outbox, message_model):
    now = timezone.now()
    past, _future, claimed = _rows(message_model, -5, 5, -1, now=now)
    message_model.objects.filter(pk=claimed.pk).update(status="sending")

    assert list(outbox.due(now=now)) == [past]


@pytest.mark.django_db
def test_a_claim_takes_the_earliest_due_first_up_to_the_limit(outbox, message_model):
    now = timezone.now()
    later, earliest, middle = _rows(message_model, -1, -9, -5, now=now)

    ids = outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=2)

    assert ids == [earliest.pk, middle.pk]
    assert list(
        message_model.objects.order_by("send_after").values_list("status", "claimed_at", "attempts")
    ) == [("sending", now, 1), ("sending", now, 1), ("pending", None, 0)]
    assert outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=5) == [later.pk]
    assert outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=5) == []


@pytest.mark.django_db
def test_a_sent_row_is_marked_once(outbox, message_model):
    now = timezone.now()
    (row,) = _rows(message_model, -1, now=now)
    outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=1)

    first = outbox.mark(pk=row.pk, changes={"status": "sent"})
    second = outbox.mark(pk=row.pk, changes={"status": "sent", "error": "again"})

    row.refresh_from_db()
    assert (first, second) == (1, 0)
    assert (row.status, row.claimed_at, row.error) == ("sent", None, "")


@pytest.mark.django_db
def test_a_failed_row_backs_off_exponentially_then_fails_for_good(outbox, message_model):
    now = timezone.now()
    (row,) = _rows(message_model, -1, now=now)
    seen = []
    for attempt in range(1, 4):
        claimed = outbox.claim_due(
            queryset=message_model.objects.filter(status="pending"), now=now, limit=1
        )
        assert claimed == [row.pk]
        row.refresh_from_db()
        assert outbox.retry_later(row=row, now=now, changes={"error": f"down {attempt}"}) == 1
        row.refresh_from_db()
        seen.append((row.status, row.send_after - now, row.attempts, row.error))

    assert seen == [
        ("pending", timedelta(minutes=2), 1, "down 1"),
        ("pending", timedelta(minutes=4), 2, "down 2"),
        ("failed", timedelta(minutes=8), 3, "down 3"),
    ]


@pytest.mark.django_db
def test_a_claim_outliving_its_lease_is_recovered(outbox, message_model):
    now = timezone.now()
    stale, fresh = _rows(message_model, -30, -1, now=now)
    message_model.objects.filter(pk=stale.pk).update(
        status="sending", claimed_at=now - outbox.lease - timedelta(seconds=1)
    )
    message_model.objects.filter(pk=fresh.pk).update(status="sending", claimed_at=now)

    assert outbox.recover(now=now) == 1
    assert dict(message_model.objects.values_list("pk", "status")) == {
        stale.pk: "pending",
        fresh.pk: "sending",
    }


@pytest.mark.django_db(transaction=True)
def test_a_mark_is_retried_while_the_database_is_out_of_reach(outbox, message_model, monkeypatch):
    now = timezone.now()
    (row,) = _rows(message_model, -1, now=now)
    outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=1)
    real_update = QuerySet.update
    failures = iter([OperationalError("server closed the connection")] * 2)

    def flaky_update(queryset, **kwargs):
        error = next(failures, None)
        if error is not None:
            raise error
        return real_update(queryset, **kwargs)

    monkeypatch.setattr(QuerySet, "update", flaky_update)
    monkeypatch.setattr("core.outbox.time.sleep", lambda seconds: None)

    assert outbox.mark(pk=row.pk, changes={"status": "sent"}) == 1
    row.refresh_from_db()
    assert row.status == "sent"


@pytest.mark.django_db
def test_a_mark_gives_up_after_its_patience_and_the_row_stays_claimed(
    outbox, message_model, monkeypatch
):
    now = timezone.now()
    (row,) = _rows(message_model, -1, now=now)
    outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=1)

    def down(queryset, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(QuerySet, "update", down)
    monkeypatch.setattr("core.outbox.time.sleep", lambda seconds: None)
    clock = iter(range(0, 1000, 1))
    monkeypatch.setattr("core.outbox.time.monotonic", lambda: next(clock))

    with pytest.raises(OperationalError):
        outbox.mark(pk=row.pk, changes={"status": "sent"})
    monkeypatch.undo()
    row.refresh_from_db()
    assert row.status == "sending"


@pytest.mark.django_db(transaction=True)
def test_a_row_locked_by_another_run_is_skipped_not_waited_for(outbox, message_model):
    """Two workers at once: the second claims around the rows the first holds."""
    now = timezone.now()
    held, free = _rows(message_model, -9, -1, now=now)
    locked = threading.Event()
    release = threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                list(message_model.objects.select_for_update().filter(pk=held.pk))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert locked.wait(10)
        claimed = outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=5)
    finally:
        release.set()
        thread.join(10)

    assert claimed == [free.pk]
    assert dict(message_model.objects.values_list("pk", "status")) == {
        held.pk: "pending",
        free.pk: "sending",
    }
