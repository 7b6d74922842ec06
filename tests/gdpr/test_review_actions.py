"""Issue 15, item 18: each role sees the review actions that are its own. The DPO reviews
and never gets the submitter's "Submit for review"; whoever records the entry submits it."""

import pytest

from gdpr import services
from tests.factories import UserFactory

from .factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db

SUBMIT = ">Submit for review</button>"
SUBMIT_AGAIN = ">Submit again for review</button>"
RECORD = ">Record the review</button>"
SENT_BACK = "Sent back for changes: the person who records this entry makes them"
WAITING = "Waiting for the DPO's review."


def _sent_back(entry_kind, cx_manager, dpo):
    if entry_kind == "items":
        item = DataItemFactory()
        services.data_item_submit(data_item=item, user=cx_manager)
        services.data_item_review(
            data_item=item, reviewer=dpo, decision="changes_requested", comment="Say why."
        )
        return f"/register/items/{item.pk}/"
    activity = ProcessingActivityFactory()
    services.processing_activity_submit(activity=activity, user=cx_manager)
    services.processing_activity_review(
        activity=activity, reviewer=dpo, decision="changes_requested", comment="Say why."
    )
    return f"/register/activities/{activity.pk}/"


@pytest.mark.parametrize("entry_kind", ["items", "activities"])
def test_after_sending_back_the_dpo_waits_and_the_cx_manager_resubmits(
    client, cx_manager, dpo, entry_kind
):
    url = _sent_back(entry_kind, cx_manager, dpo)

    client.force_login(dpo)
    as_dpo = client.get(url, headers={"accept-language": "en"}).text
    client.force_login(cx_manager)
    as_cx_manager = client.get(url, headers={"accept-language": "en"}).text

    assert SUBMIT not in as_dpo
    assert SUBMIT_AGAIN not in as_dpo
    assert SENT_BACK in as_dpo
    assert SUBMIT_AGAIN in as_cx_manager
    assert SENT_BACK not in as_cx_manager


def test_in_review_the_dpo_reviews_and_the_cx_manager_waits(client, cx_manager, dpo):
    item = DataItemFactory()
    services.data_item_submit(data_item=item, user=cx_manager)

    client.force_login(dpo)
    as_dpo = client.get(f"/register/items/{item.pk}/").text
    client.force_login(cx_manager)
    as_cx_manager = client.get(f"/register/items/{item.pk}/").text

    assert RECORD in as_dpo
    assert WAITING not in as_dpo
    assert RECORD not in as_cx_manager
    assert WAITING in as_cx_manager


def test_a_draft_is_submitted_by_whoever_may_edit_it_and_a_viewer_sees_no_action(
    client, cx_manager, dpo, viewer
):
    item = DataItemFactory()

    pages = {}
    for name, user in (("cx_manager", cx_manager), ("dpo", dpo), ("viewer", viewer)):
        client.force_login(user)
        pages[name] = client.get(f"/register/items/{item.pk}/").text

    assert SUBMIT in pages["cx_manager"]
    assert SUBMIT in pages["dpo"]
    assert SUBMIT not in pages["viewer"]
    assert WAITING not in pages["viewer"]


def test_the_reviewer_is_named_by_full_name(client, cx_manager):
    david = UserFactory(username="david", first_name="David", last_name="Leroy", role="dpo")
    item = DataItemFactory()
    services.data_item_submit(data_item=item, user=cx_manager)
    services.data_item_review(data_item=item, reviewer=david, decision="approved", comment="")
    client.force_login(cx_manager)

    page = client.get(f"/register/items/{item.pk}/", headers={"accept-language": "en"})

    assert "Reviewed by David Leroy on " in page.text
