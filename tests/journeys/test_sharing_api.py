"""Share links and journey templates through the API."""

import pytest
from django.utils import timezone

from journeys import services
from journeys.models import Journey, JourneyTemplate, ShareLink

from .factories import JourneyFactory, StageFactory, TouchpointFactory, journey_with_map

pytestmark = pytest.mark.django_db


def test_the_cx_manager_creates_lists_and_revokes_a_share_link(token_client, cx_manager):
    journey = JourneyFactory()
    other = services.share_link_create(journey=JourneyFactory(), created_by=None, days=1)
    api = token_client(cx_manager)

    created = api.post(
        "/api/v1/share-links/",
        {"journey": journey.pk, "days": 30, "label": "Board", "password": "tulip-42"},
        format="json",
    )
    share_link = ShareLink.objects.get(journey=journey)
    listed = api.get("/api/v1/share-links/", {"journey": journey.pk})
    revoked = api.post(f"/api/v1/share-links/{share_link.pk}/revoke/")

    assert created.status_code == 201
    body = created.json()
    assert body["url"] == f"http://testserver/shared/{share_link.token}/"
    assert (body["label"], body["has_password"], body["is_active"], body["view_count"]) == (
        "Board",
        True,
        True,
        0,
    )
    assert body["created_by"] == cx_manager.get_full_name()
    assert "password" not in body
    assert "tulip-42" not in created.content.decode()
    assert [row["id"] for row in listed.json()["results"]] == [share_link.pk]
    assert other.pk not in [row["id"] for row in listed.json()["results"]]
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    assert revoked.json()["revoked_at"] is not None


def test_a_duration_not_offered_is_a_400(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/share-links/", {"journey": JourneyFactory().pk, "days": 365}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["days"]
    assert ShareLink.objects.count() == 0


def test_the_dpo_reads_the_share_links_but_neither_creates_nor_revokes_them(token_client, dpo):
    share_link = services.share_link_create(journey=JourneyFactory(), created_by=None, days=7)
    api = token_client(dpo)

    listed = api.get("/api/v1/share-links/")
    created = api.post(
        "/api/v1/share-links/", {"journey": share_link.journey_id, "days": 7}, format="json"
    )
    revoked = api.post(f"/api/v1/share-links/{share_link.pk}/revoke/")

    assert [row["id"] for row in listed.json()["results"]] == [share_link.pk]
    assert (created.status_code, revoked.status_code) == (403, 403)
    share_link.refresh_from_db()
    assert share_link.revoked_at is None
    assert ShareLink.objects.count() == 1


@pytest.mark.parametrize("links", [1, 6])
def test_the_share_link_list_runs_a_fixed_number_of_queries(
    token_client, cx_manager, django_assert_num_queries, links
):
    journey = JourneyFactory()
    for _ in range(links):
        services.share_link_create(journey=journey, created_by=cx_manager, days=7)
    api = token_client(cx_manager)

    # the token and its user, the permissions, the count, the page of links with who created
    # them (as the verbatims' list: tests/feedback/test_verbatims_api.py)
    with django_assert_num_queries(6):
        response = api.get("/api/v1/share-links/", {"journey": journey.pk})

    assert len(response.json()["results"]) == links


def test_a_journey_saved_as_template_and_a_journey_created_from_it(token_client, cx_manager):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey, name="Book")
    TouchpointFactory(stage=stage, name="Website")
    api = token_client(cx_manager)

    saved = api.post(
        "/api/v1/journey-templates/",
        {"journey": journey.pk, "name": "Ours", "language": "fr"},
        format="json",
    )
    template = JourneyTemplate.objects.get(name="Ours")
    created = api.post(
        f"/api/v1/journey-templates/{template.pk}/journeys/",
        {"name": "From ours", "state": "to_be"},
        format="json",
    )

    assert saved.status_code == 201
    assert saved.json()["structure"]["stages"][0]["name"] == "Book"
    assert saved.json()["key"] == ""
    assert created.status_code == 201
    new = Journey.objects.get(pk=created.json()["id"])
    assert (new.name, new.state, new.owner) == ("From ours", "to_be", cx_manager)
    assert list(new.stages.values_list("name", flat=True)) == ["Book"]
    assert new.stages.get().touchpoints.get().name == "Website"


def test_a_template_needs_a_journey_or_a_structure_and_a_good_structure(token_client, cx_manager):
    api = token_client(cx_manager)

    neither = api.post("/api/v1/journey-templates/", {"name": "X", "language": "en"}, format="json")
    bad = api.post(
        "/api/v1/journey-templates/",
        {"name": "X", "language": "en", "structure": {"stages": [{"name": ""}]}},
        format="json",
    )
    good = api.post(
        "/api/v1/journey-templates/",
        {"name": "X", "language": "en", "structure": {"stages": [{"name": "Only"}]}},
        format="json",
    )

    assert (neither.status_code, bad.status_code, good.status_code) == (400, 400, 201)
    assert JourneyTemplate.objects.filter(key="").count() == 1


def test_the_shipped_templates_are_listed_by_language(token_client, viewer):
    response = token_client(viewer).get("/api/v1/journey-templates/", {"language": "fr"})

    assert sorted(row["key"] for row in response.json()["results"]) == [
        "car-rental",
        "hotel-stay",
        "online-order",
    ]


def test_a_viewer_reads_templates_but_creates_no_journey_from_one(token_client, viewer):
    template = JourneyTemplate.objects.get(key="car-rental", language="en")
    count = Journey.objects.count()

    response = token_client(viewer).post(
        f"/api/v1/journey-templates/{template.pk}/journeys/", {"name": "Mine"}, format="json"
    )

    assert response.status_code == 403
    assert Journey.objects.count() == count


def test_the_map_through_a_revoked_link_is_gone_even_for_the_api_user(client):
    share_link = services.share_link_create(
        journey=journey_with_map(stages=1, touchpoints_per_stage=1), created_by=None, days=1
    )
    ShareLink.objects.filter(pk=share_link.pk).update(revoked_at=timezone.now())

    assert client.get(f"/shared/{share_link.token}/").status_code == 410
