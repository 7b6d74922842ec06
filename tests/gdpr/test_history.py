"""Issue 15, item 3: the register's history reads as a person would read the entry: field
and choice labels, people's full names, yes / no, the project's dates, in the reader's
language; the reasons too."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from gdpr import selectors, services
from gdpr.models import Article9Condition, ReviewStatus
from tests.factories import UserFactory

from .factories import DataItemFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claire():
    return UserFactory(
        username="claire", first_name="Claire", last_name="Martin", role="cx_manager"
    )


@pytest.fixture
def david():
    return UserFactory(username="david", first_name="David", last_name="Leroy", role="dpo")


@pytest.fixture
def sent_back(claire, david):
    """An item submitted by Claire and sent back by David, at known times."""
    item = DataItemFactory(name="IP address", activity=ProcessingActivityFactory(name="Bookings"))
    services.data_item_submit(data_item=item, user=claire)
    services.data_item_review(
        data_item=item, reviewer=david, decision="changes_requested", comment="Say why."
    )
    for record, hour in zip(item.history.order_by("history_id"), (3, 4, 4), strict=True):
        minute = 52 if record.history_type == "~" and record.reviewed_by_id else 10
        record.history_date = datetime(2026, 12, 2, hour, minute, tzinfo=UTC)
        record.save()
    return item


def _diff(change) -> dict[str, tuple[str, str]]:
    return {str(d["label"]): (d["old_display"], d["new_display"]) for d in change["changes"]}


def test_the_history_shows_labels_names_and_dates_not_stored_values(client, david, sent_back):
    client.force_login(david)

    page = client.get(f"/register/items/{sent_back.pk}/", headers={"accept-language": "en"})

    newest = page.context["history"][0]
    assert _diff(newest)["review status"] == ("in review", "changes requested")
    assert _diff(newest)["reviewed by"] == ("", "David Leroy")
    assert newest["user"] == "David Leroy"
    assert newest["date"] == "2 Dec 2026, 05:52"
    assert newest["reason"] == "changes requested"
    assert page.context["history"][1]["reason"] == "Submitted for review."
    history = page.text[page.text.index('id="history-title"') :]
    assert "<del>in review</del>" in history
    assert "<ins>changes requested</ins>" in history
    assert "<ins>David Leroy</ins>" in history
    assert "2 Dec 2026, 05:52" in history
    assert "in_review" not in history
    assert "changes_requested" not in history
    assert "david" not in history


def test_the_history_reads_in_french_whatever_language_it_was_written_in(client, david, sent_back):
    client.force_login(david)

    page = client.get(f"/register/items/{sent_back.pk}/", headers={"accept-language": "fr"})

    newest, submitted = page.context["history"][:2]
    assert _diff(newest)["état de la revue"] == ("en revue", "modifications demandées")
    assert _diff(newest)["revu par"] == ("", "David Leroy")
    assert newest["date"] == "2 déc. 2026, 05:52"
    assert newest["reason"] == "modifications demandées"
    assert submitted["reason"] == "Soumis à la revue."
    assert submitted["user"] == "Claire Martin"


def test_booleans_choices_foreign_keys_and_choice_lists_read_as_labels(claire):
    item = DataItemFactory(activity=ProcessingActivityFactory(name="Bookings"))
    other = ProcessingActivityFactory(name="Loyalty programme")
    services.data_item_update(
        data_item=item,
        data={
            "special_category": True,
            "article9_condition": Article9Condition.EXPLICIT_CONSENT,
            "activity": other,
        },
        user=claire,
    )
    services.processing_activity_update(
        activity=other, data={"security_measures": ["encryption", "backup"]}, user=claire
    )

    with translation.override("en"):
        [item_change, _created] = selectors.entry_history(entry=item)
        [activity_change, _created] = selectors.entry_history(entry=other)

    assert _diff(item_change) == {
        "processing activity": ("Bookings", "Loyalty programme"),
        "special category (Article 9)": ("no", "yes"),
        "Article 9 condition": ("", "explicit consent"),
    }
    assert _diff(activity_change) == {
        "security measures": ("access control, backup", "encryption, backup"),
    }


def test_a_deleted_related_row_keeps_its_id_in_the_history(claire):
    item = DataItemFactory()
    gone = ProcessingActivityFactory(name="Gone")
    services.data_item_update(data_item=item, data={"activity": gone}, user=claire)
    gone_id = gone.pk
    gone.delete()

    with translation.override("en"):
        [change, _created] = selectors.entry_history(entry=item)

    assert _diff(change)["processing activity"][1] == f"#{gone_id} (deleted)"


def test_the_history_csv_reads_like_the_page(client, david, sent_back):
    client.force_login(david)

    csv = client.get(f"/register/items/{sent_back.pk}/history.csv").content.decode()

    assert (
        '"2 Dec 2026, 05:52",David Leroy,Changed,changes requested,Reviewed by,,David Leroy' in csv
    )
    assert "in_review" not in csv


def test_the_history_api_gives_stored_and_readable_values(token_client, david, sent_back):
    body = token_client(david).get(f"/api/v1/data-items/{sent_back.pk}/history/").json()

    change = {row["field"]: row for row in body[0]["changes"]}
    assert body[0]["user"] == "david"
    assert body[0]["user_name"] == "David Leroy"
    assert body[0]["reason"] == "changes requested"
    assert (change["review_status"]["old"], change["review_status"]["new"]) == (
        "in_review",
        "changes_requested",
    )
    assert change["review_status"]["new_display"] == "changes requested"
    assert change["reviewed_by"]["new_display"] == "David Leroy"


def test_reading_a_history_costs_one_query_per_related_model(
    django_assert_num_queries, claire, david, sent_back
):
    services.data_item_update(
        data_item=sent_back, data={"activity": ProcessingActivityFactory()}, user=claire
    )

    # records with their users; the reviewers; the activities
    with django_assert_num_queries(3):
        history = selectors.entry_history(entry=sent_back)

    assert [entry["record"].history_type for entry in history] == ["~", "~", "~", "+"]
    assert sent_back.review_status == ReviewStatus.CHANGES_REQUESTED
