"""The benchmark's reference tasks: what the Celery pipeline costs when a task does nothing."""

import time

import redis
from celery import shared_task
from django.conf import settings

DONE_KEY = "bench:noop:done"


@shared_task
def noop_task() -> None:
    """Does nothing: the broker and worker round trip alone."""


@shared_task
def noop_done_task() -> None:
    """Sent after the no-ops: records when the worker reached it."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).set(DONE_KEY, time.time())
