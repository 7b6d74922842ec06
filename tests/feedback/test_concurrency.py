"""Two submissions through one link at the same moment store exactly one response."""

import threading

import pytest
from django.db import connection

from feedback import services
from feedback.models import Invitation, Response, ScoreRollup

from .factories import FollowUpRuleFactory, sent_invitation


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_store_exactly_one_response():
    invitation, token = sent_invitation()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(nps):
        try:
            barrier.wait()
            services.response_submit(token=token, answers={"nps": nps})
            outcomes.append("stored")
        except services.InvalidLink:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(nps,)) for nps in (9, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.count() == 1
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ANSWERED


@pytest.mark.django_db(transaction=True)
def test_two_first_answers_of_a_month_at_once_add_up_in_one_rollup():
    """Two customers answer the same survey at the same moment, the month's first answers:
    one rollup row counts both."""
    rule = FollowUpRuleFactory()
    tokens = [sent_invitation(rule, external_ref=ref)[1] for ref in ("CUST-A", "CUST-B")]
    ScoreRollup.objects.all().delete()  # neither sending counted: the answers create the row
    barrier = threading.Barrier(2)

    def submit(token):
        try:
            barrier.wait()
            services.response_submit(token=token, answers={"nps": 10})
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert list(ScoreRollup.objects.values_list("responses", "promoters")) == [(2, 2)]
