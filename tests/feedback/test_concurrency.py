"""Two submissions through one link at the same moment store exactly one response."""

import threading

import pytest
from django.db import connection

from feedback import services
from feedback.models import Invitation, Response

from .factories import sent_invitation


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
