"""The verbatims in the API: search, filters, pin, turning into an observation, roles."""

import pytest

from core.roles import Role
from feedback import services
from feedback.models import Verbatim
from journeys.models import Observation

from .factories import FollowUpRuleFactory
from .test_verbatims import answer

URL = "/api/v1/verbatims/"


@pytest.fixture
def rule(db):
    return FollowUpRuleFactory()


def test_the_list_searches_in_french_without_accents(token_client, cx_manager, rule):
    answer(rule, "Je n'ai jamais reçu la facture.", language="fr", nps=2)
    answer(rule, "The car smelt of smoke.", nps=9)
    body = token_client(cx_manager).get(URL, {"q": "recu"}).json()
    assert [row["text"] for row in body["results"]] == ["Je n'ai jamais reçu la facture."]
    row = body["results"][0]
    assert (row["language"], row["nps"], row["channel"], row["stage"]) == (
        "fr",
        2,
        "survey",
        rule.stage_id,
    )
    assert row["journey"] == rule.stage.journey_id
    assert row["pinned_at"] is None


def test_the_list_filters_by_score_band(token_client, cx_manager, rule):
    answer(rule, "Slow.", nps=2)
    answer(rule, "Great.", nps=10)
    body = token_client(cx_manager).get(URL, {"score": "promoter"}).json()
    assert [row["text"] for row in body["results"]] == ["Great."]


@pytest.mark.parametrize("role", [Role.DPO, Role.INTERVIEWER, Role.VIEWER])
def test_roles_that_may_not_read_comments_get_a_403(token_client, user_with_role, rule, role):
    answer(rule, "Slow.")
    verbatim = Verbatim.objects.get()
    client = token_client(user_with_role(role))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}{verbatim.pk}/pin/", {}, format="json").status_code == 403
    assert client.post(f"{URL}{verbatim.pk}/observation/", {}, format="json").status_code == 403
    verbatim.refresh_from_db()
    assert verbatim.pinned_at is None
    assert verbatim.observation_id is None


def test_pin_and_unpin(token_client, cx_manager, rule):
    answer(rule, "Slow.")
    verbatim = Verbatim.objects.get()
    client = token_client(cx_manager)
    pinned = client.post(f"{URL}{verbatim.pk}/pin/", {}, format="json")
    assert pinned.status_code == 200
    assert pinned.json()["pinned_by"] == cx_manager.pk
    unpinned = client.post(f"{URL}{verbatim.pk}/pin/", {"pinned": False}, format="json")
    assert unpinned.json()["pinned_at"] is None


def test_turning_into_an_observation_happens_once(token_client, cx_manager, rule):
    answer(rule, "Lovely staff.", nps=10)
    verbatim = Verbatim.objects.get()
    client = token_client(cx_manager)
    first = client.post(f"{URL}{verbatim.pk}/observation/", {}, format="json")
    assert first.status_code == 200
    observation = Observation.objects.get()
    assert first.json()["observation"] == observation.pk
    assert observation.kind == "enchantment"
    second = client.post(f"{URL}{verbatim.pk}/observation/", {"kind": "irritant"}, format="json")
    assert second.status_code == 400
    assert Observation.objects.count() == 1


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_runs_a_fixed_number_of_queries(
    token_client, cx_manager, rule, django_assert_num_queries, size
):
    for number in range(size):
        response = answer(rule, f"Comment {number}", nps=number % 11)
        if number % 2:
            services.verbatim_to_observation(verbatim=response.verbatim)
    client = token_client(cx_manager)
    # the token and its user, the permissions, the count, the page with all it shows
    with django_assert_num_queries(6):
        assert client.get(URL).status_code == 200
