"""Failure drills, run by `make bench` after the measurements (bench/run.py).

20,000 invitations fall due at once and two Celery workers (two processes each) send them
to the SMTP sink while a "beat" thread sends the dispatch task every half second and an
integration posts service events through the API, retrying whatever is not a 2xx with the
same idempotency key. Meanwhile: Redis is stopped for 30 s; a worker process is SIGKILLed
mid-batch; PostgreSQL is restarted; the same batch of events is posted twice at the same
moment. Afterwards every invitation must have reached the sink exactly once, every event
acknowledged must be stored once, and clients must have seen no 500.

Rows claimed by the killed process stay `sending` until their lease (SENDING_LEASE, 10 min)
runs out; the drill fast-forwards that lease, as tests/feedback/test_worker_failures.py does,
and reports how many rows it had to recover that way.
"""

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

DISPATCH_TASK = "feedback.tasks.invitations_dispatch_task"
REDIS_DOWN_SECONDS = 30


class Integration(threading.Thread):
    """Posts one service event at a time, retrying until Parcours answers 2xx."""

    def __init__(self, url: str, token: str, stage_id: int):
        super().__init__(daemon=True)
        self.url, self.token, self.stage_id = url, token, stage_id
        self.statuses: Counter = Counter()
        self.acknowledged: list[str] = []
        self.stopping = threading.Event()

    def post(self, payload) -> int:
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0  # no answer at all

    def event(self, key: str) -> dict:
        return {
            "source": "drill",
            "idempotency_key": key,
            "external_ref": key,
            "email": f"{key}@mail.example",
            "language": "fr",
            "stage": self.stage_id,
            "occurred_at": "2026-01-01T10:00:00Z",
        }

    def run(self):
        number = 0
        while not self.stopping.is_set():
            key = f"posted-{number:06d}"
            while True:
                status = self.post(self.event(key))
                self.statuses[status] += 1
                if 200 <= status < 300:
                    break
                time.sleep(0.2)
            self.acknowledged.append(key)
            number += 1
            time.sleep(0.05)


def _beat(stopping: threading.Event, errors: Counter) -> None:
    from config.celery import app

    while not stopping.is_set():
        try:
            app.send_task(DISPATCH_TASK)
        except Exception as error:  # the broker is down: beat would log and try again
            errors[type(error).__name__] += 1
        stopping.wait(0.5)


def _pool_children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _wait_for_mail(stack, count: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while stack.mail_count() < count and time.monotonic() < deadline:
        time.sleep(0.1)


def run(*, report, stack, postgres, redis, args) -> None:
    from django.db import connections
    from django.db.models import F
    from django.urls import reverse

    from bench.fixtures import due_invitations, immediate_rule
    from core import services as core_services
    from core.models import User
    from feedback import services
    from feedback.models import FollowUpRule, Invitation, ServiceEvent

    count = args.drill_invitations
    baseline = stack.mail_count()
    emails = due_invitations(count, "drill")
    drill_rule = FollowUpRule.objects.get(name="Bench: drill")
    posted_rule = immediate_rule("Drill: posted events")
    _token, secret = core_services.api_token_create(
        user=User.objects.get(username="bench-cx"), name="drills", expires_at=None
    )
    url = stack.gunicorn_url + reverse("api:service-event-list")
    workers = [stack.start_worker("drill-a"), stack.start_worker("drill-b")]
    stopping, beat_errors = threading.Event(), Counter()
    beat = threading.Thread(target=_beat, args=(stopping, beat_errors), daemon=True)
    integration = Integration(url, secret, posted_rule.stage_id)
    started = time.monotonic()
    beat.start()
    integration.start()
    events: list[str] = []

    _wait_for_mail(stack, baseline + count * 15 // 100)
    events.append(f"Redis stopped at {stack.mail_count() - baseline:,} e-mails")
    redis.stop()
    time.sleep(REDIS_DOWN_SECONDS)
    redis.start()
    events.append(f"Redis back after {REDIS_DOWN_SECONDS} s")

    _wait_for_mail(stack, baseline + count * 45 // 100)
    victim = _pool_children(workers[0].pid)[0]
    os.kill(victim, signal.SIGKILL)
    events.append(f"worker process {victim} SIGKILLed at {stack.mail_count() - baseline:,}")

    _wait_for_mail(stack, baseline + count * 70 // 100)
    events.append(f"PostgreSQL restarted at {stack.mail_count() - baseline:,}")
    postgres.ctl("restart")
    connections.close_all()

    # The same 500 events posted twice at the same moment, in two bulk requests.
    duplicate = Integration(url, secret, posted_rule.stage_id)
    batch = [duplicate.event(f"twice-{number:04d}") for number in range(500)]
    barrier, twice_statuses = threading.Barrier(2), Counter()

    def post_twice():
        barrier.wait()
        while not 200 <= (status := duplicate.post(batch)) < 300:
            twice_statuses[status] += 1
            time.sleep(0.5)
        twice_statuses[status] += 1

    threads = [threading.Thread(target=post_twice) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    integration.stopping.set()
    integration.join(timeout=60)
    # What the killed run had claimed waits for its lease: fast-forward it once the
    # workers have sent everything else.
    pending = Invitation.objects.filter(rule__in=[drill_rule, posted_rule]).exclude(
        status=Invitation.Status.SENT
    )
    # Only rows no live worker is sending any more: wait until nothing is scheduled and the
    # sink has received nothing for 10 s.
    deadline = time.monotonic() + 600
    quiet_since, last_count = time.monotonic(), stack.mail_count()
    while time.monotonic() < deadline:
        count_now = stack.mail_count()
        if count_now != last_count:
            quiet_since, last_count = time.monotonic(), count_now
        scheduled = pending.filter(status=Invitation.Status.SCHEDULED).exists()
        if not scheduled and time.monotonic() - quiet_since > 10:
            break
        time.sleep(0.5)
    abandoned = pending.filter(status=Invitation.Status.SENDING)
    abandoned_emails = set(abandoned.values_list("respondent__email", flat=True))
    leased = abandoned.update(claimed_at=F("claimed_at") - services.SENDING_LEASE)
    while pending.exclude(status=Invitation.Status.FAILED).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    time.sleep(2)  # the last messages reach the sink
    stopping.set()
    beat.join(timeout=10)
    for worker in workers:
        stack.stop_process(worker)
    elapsed = time.monotonic() - started

    received = Counter(
        line.strip()
        for line in stack.mail_log.read_text().splitlines()
        if line.strip().endswith("@mail.example")
    )
    posted_emails = [f"{key}@mail.example" for key in integration.acknowledged]
    twice_emails = [f"twice-{number:04d}@mail.example" for number in range(500)]
    expected = [*emails, *posted_emails, *twice_emails]
    lost = [email for email in expected if received[email] == 0]
    repeated = {email: received[email] for email in expected if received[email] > 1}
    stored = set(
        ServiceEvent.objects.filter(source="drill").values_list("idempotency_key", flat=True)
    )
    events_lost = [key for key in integration.acknowledged if key not in stored]
    twice_stored = ServiceEvent.objects.filter(
        source="drill", idempotency_key__startswith="twice-"
    ).count()
    statuses = {str(code): n for code, n in sorted(integration.statuses.items())}
    for event in events:
        print(f"  {event}")
    report.add("drill_seconds", round(elapsed))
    report.add(
        "drill_invitations",
        len(expected),
        f"invitations expected: {len(expected):,} "
        f"({count:,} due at once, {len(posted_emails):,} from posted events, 500 posted "
        "twice)",
    )
    report.add("drill_lost", len(lost), f"lost (never e-mailed): {len(lost)} {lost[:5]}")
    report.add(
        "drill_duplicated",
        len(repeated),
        f"e-mailed more than once: {len(repeated)} {dict(list(repeated.items())[:5])}, "
        f"of which claimed by the SIGKILLed process: {len(abandoned_emails & set(repeated))}",
    )
    report.add(
        "drill_lease_fast_forwarded",
        leased,
        f"rows left 'sending' whose lease was fast-forwarded: {leased}",
    )
    report.add(
        "drill_events_lost",
        len(events_lost),
        f"events acknowledged but not stored: "
        f"{len(events_lost)}; events posted twice at once stored: {twice_stored} of 500, "
        f"answers {dict(twice_statuses)}",
    )
    report.add(
        "drill_http_statuses",
        statuses,
        f"statuses seen by the integration: {statuses} (0 = no answer)",
    )
    report.add("drill_beat_errors", dict(beat_errors), f"beat sends refused: {dict(beat_errors)}")
