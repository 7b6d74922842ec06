"""API pages: `next` and `previous` are keyset cursor links in the list's default order, and
`?page=` still answers as before."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from core.pagination import Keyset
from feedback.models import Case, Invitation, Response
from feedback.selectors import case_list
from tests.feedback.factories import FollowUpRuleFactory, ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitations() -> list[int]:
    """Seven invitations, newest first as the list orders them; three share a send time, so
    that only the id tells them apart."""
    rule = FollowUpRuleFactory()
    for number in range(7):
        ingest(rule, external_ref=f"CUST-{number}", key=f"event-{number}")
    start = timezone.now()
    for offset, invitation in enumerate(Invitation.objects.order_by("id")):
        invitation.send_after = start + timedelta(minutes=min(offset, 3))
        invitation.save(update_fields=["send_after"])
    return list(Invitation.objects.order_by("-send_after", "-id").values_list("id", flat=True))


def _ids(body) -> list[int]:
    return [row["id"] for row in body["results"]]


def _query(link: str) -> dict:
    return parse_qs(urlsplit(link).query)


def test_next_links_are_cursors_that_walk_the_rows_the_page_numbers_give(
    token_client, dpo, invitations
):
    client = token_client(dpo)
    by_number = []
    for number in (1, 2, 3):
        by_number += _ids(client.get(f"/api/v1/invitations/?page_size=3&page={number}").json())

    by_cursor, link, links = [], "/api/v1/invitations/?page_size=3", []
    while link:
        body = client.get(link).json()
        by_cursor += _ids(body)
        link = body["next"]
        links.append(link)

    assert by_number == by_cursor == invitations
    assert [sorted(_query(link)) for link in links[:-1]] == [["cursor", "page_size"]] * 2
    assert links[-1] is None


def test_previous_links_walk_back_to_the_first_row(token_client, dpo, invitations):
    client = token_client(dpo)
    second = client.get(client.get("/api/v1/invitations/?page_size=3").json()["next"]).json()
    third = client.get(second["next"]).json()

    back = client.get(third["previous"]).json()
    first = client.get(back["previous"]).json()

    assert _ids(third) == invitations[6:]
    assert _ids(back) == invitations[3:6]
    assert _ids(first) == invitations[:3]
    assert first["previous"] is None
    assert first["count"] == 7
    assert first["count_is_exact"] is True


def test_a_page_number_answers_as_before(token_client, dpo, invitations):
    body = token_client(dpo).get("/api/v1/invitations/?page_size=3&page=2").json()

    assert _ids(body) == invitations[3:6]
    assert body["count"] == 7
    assert body["count_is_exact"] is True
    assert _query(body["previous"]) == {"page_size": ["3"]}
    assert "cursor" in _query(body["next"])


def test_a_page_past_the_exact_count_limit_still_links_to_the_next(
    token_client, dpo, invitations, settings
):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 2
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_invitation")
    client = token_client(dpo)

    body = client.get("/api/v1/invitations/?page_size=3&page=2").json()
    last = client.get(body["next"]).json()

    assert body["count_is_exact"] is False
    assert _ids(body) == invitations[3:6]
    assert _ids(last) == invitations[6:]
    assert last["next"] is None


def test_an_order_without_a_unique_position_keeps_page_number_links(token_client, dpo, invitations):
    client = token_client(dpo)
    by_send_time = client.get("/api/v1/invitations/?page_size=3&ordering=send_after").json()
    by_id = client.get("/api/v1/invitations/?page_size=3&ordering=id").json()

    assert _query(by_send_time["next"]) == {
        "ordering": ["send_after"],
        "page": ["2"],
        "page_size": ["3"],
    }
    assert _ids(by_id) == sorted(invitations)[:3]
    assert sorted(_query(by_id["next"])) == ["cursor", "ordering", "page_size"]


@pytest.mark.parametrize(
    "query",
    [
        "cursor=not-a-cursor",
        "cursor=eyJwIjogWzFdfQ",  # a position of one value where the order has two
        "cursor=eyJwIjogWyIyMDI2LTEyLTA2VDE2OjE5OjUxKzAwOjAwIiwgMV19&ordering=sent_at",
    ],
)
def test_a_cursor_that_is_not_one_of_ours_is_a_400(token_client, dpo, invitations, query):
    response = token_client(dpo).get(f"/api/v1/invitations/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_only_an_order_by_non_null_columns_ending_with_the_key_makes_a_keyset():
    assert Keyset.of(Invitation.objects.order_by("-send_after", "-id")) is not None
    assert Keyset.of(Response.objects.order_by("-submitted_at", "-id")) is not None
    assert Keyset.of(Invitation.objects.order_by("-send_after")) is None  # ties
    assert Keyset.of(Invitation.objects.order_by("sent_at", "id")) is None  # nullable
    assert Keyset.of(Invitation.objects.order_by("event__stage", "id")) is None  # related
    assert Keyset.of(Invitation.objects.all()) is None  # no order given


def test_the_case_list_reads_its_order_from_the_urgency_index(cx_manager):
    with connection.cursor() as cursor:
        # Few rows make a sort cheaper than the index: forbid it to see the index match.
        cursor.execute("SET LOCAL enable_sort = off")
    plan = case_list(user=cx_manager)[:50].explain()

    assert "feedback_case_urgency" in plan
    assert "Sort" not in plan
    assert set(Case.OPEN_STATUSES) == {"open", "in_progress"}
