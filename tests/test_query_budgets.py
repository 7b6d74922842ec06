"""Every list page and API list runs the same number of queries whatever the data size: the
generated organisation at two scales (`manage.py generate_data`) gives the same counts."""

import io

from django.core.management import call_command
from django.db import transaction

from bench.budgets import query_counts
from feedback.models import Response
from journeys.models import Journey

SMALL, LARGER = 0.02, 0.1


def _generated_counts(client, scale: float) -> tuple[dict[str, int], int]:
    savepoint = transaction.savepoint_create()
    try:
        call_command("generate_data", scale=scale, stdout=io.StringIO())
        return query_counts(client), Response.objects.count()
    finally:
        transaction.savepoint_rollback(savepoint)


def test_lists_run_the_same_queries_at_two_scales(db, client, settings):
    # Every list is counted exactly here; past the limit the estimate costs one query more, at
    # any size (tests/feedback/test_queries.py).
    settings.PAGINATION_EXACT_COUNT_LIMIT = 1_000_000
    small, small_responses = _generated_counts(client, SMALL)
    larger, larger_responses = _generated_counts(client, LARGER)

    assert (small_responses, larger_responses) == (2_000, 10_000)
    assert Journey.objects.count() == 0  # each scale was rolled back
    assert small == larger
    assert len(small) > 30
