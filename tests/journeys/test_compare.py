"""Comparing an as-is journey with its to-be copy, stage by stage."""

import pytest
from django.urls import reverse
from django.utils import translation

from journeys import services

from .factories import JourneyFactory, StageFactory, TouchpointFactory


@pytest.fixture
def as_is_and_to_be(cx_manager):
    as_is = JourneyFactory(name="Car rental")
    book = StageFactory(journey=as_is, code="A", name="Book", emotion_score=0)
    StageFactory(journey=as_is, code="B", name="Pick up", emotion_score=-2)
    StageFactory(journey=as_is, code="C", name="Queue at the counter")
    TouchpointFactory(stage=book, name="Website", channel="website")
    to_be = services.journey_duplicate(journey=as_is, name="Car rental (to-be)", owner=cx_manager)
    services.stage_delete(stage=to_be.stages.get(code="C"))
    services.stage_create(journey=to_be, code="D", name="Digital key")
    services.stage_update(stage=to_be.stages.get(code="B"), data={"emotion_score": 1})
    services.touchpoint_create(stage=to_be.stages.get(code="A"), name="App", channel="mobile_app")
    return as_is, to_be


@pytest.mark.django_db
def test_the_comparison_matches_stages_by_code(client, viewer, as_is_and_to_be):
    as_is, to_be = as_is_and_to_be
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_compare", args=[as_is.pk, to_be.pk]))

    assert response.status_code == 200
    rows = [
        (d.code, d.status, d.changed_fields, d.emotion_difference)
        for d in response.context["differences"]
    ]
    assert rows == [
        ("A", "changed", [], 0),
        ("B", "changed", ["emotion score"], 3),
        ("C", "removed", [], None),
        ("D", "added", [], None),
    ]
    touchpoints = [(t.name, t.status) for t in response.context["differences"][0].touchpoints]
    assert touchpoints == [("Website", "same"), ("App", "added")]
    assert response.context["summary"] == {"added": 1, "removed": 1, "changed": 2, "same": 0}
    page = response.content.decode()
    for text in ["stage added", "stage removed", "App: touchpoint added", "+3", "Digital key"]:
        assert text in page, text


@pytest.mark.django_db
def test_the_map_offers_to_compare_with_the_source_and_the_copies(client, viewer, as_is_and_to_be):
    as_is, to_be = as_is_and_to_be
    client.force_login(viewer)

    source_page = client.get(reverse("journeys:journey_map", args=[as_is.pk])).content.decode()
    copy_page = client.get(reverse("journeys:journey_map", args=[to_be.pk])).content.decode()

    assert f'href="/journeys/{as_is.pk}/compare/{to_be.pk}/"' in source_page
    # The as-is journey is always the "before" side.
    assert f'href="/journeys/{as_is.pk}/compare/{to_be.pk}/"' in copy_page


@pytest.mark.django_db
def test_the_picker_lists_the_to_be_versions_of_the_persona_first(client, viewer, as_is_and_to_be):
    as_is, to_be = as_is_and_to_be
    drawn_apart = JourneyFactory(
        name="A target drawn from scratch", state="to_be", persona=as_is.persona
    )
    older = JourneyFactory(name="An older as-is", state="as_is", persona=as_is.persona)
    copy_of_copy = services.journey_duplicate(journey=to_be, name="Z second iteration")
    JourneyFactory(name="Another persona's journey", state="to_be")
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_map", args=[as_is.pk]))

    assert response.context["relatives"] == [drawn_apart, to_be, copy_of_copy, older]
    assert "Another persona" not in response.content.decode()


@pytest.mark.django_db
def test_the_comparison_says_when_the_emotion_score_is_unchanged(client, viewer, as_is_and_to_be):
    as_is, to_be = as_is_and_to_be
    client.force_login(viewer)

    page = client.get(
        reverse("journeys:journey_compare", args=[as_is.pk, to_be.pk])
    ).content.decode()

    assert "Emotion score unchanged" in page  # stage A: 0 on both sides
    assert "Emotion score: -2 → +1 (+3)" in page


@pytest.mark.django_db
def test_a_journey_without_relatives_has_no_comparison_picker(client, viewer):
    journey = JourneyFactory()
    client.force_login(viewer)

    page = client.get(reverse("journeys:journey_map", args=[journey.pk])).content.decode()

    assert "Compare with" not in page


@pytest.mark.django_db
def test_comparing_with_a_missing_journey_is_not_found(client, viewer):
    journey = JourneyFactory()
    gone = JourneyFactory()
    gone_pk = gone.pk
    gone.delete()
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_compare", args=[journey.pk, gone_pk]))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_comparison_overlays_both_emotion_curves_with_dot_decimals(
    client, viewer, as_is_and_to_be, language
):
    as_is, to_be = as_is_and_to_be
    client.force_login(viewer)

    with translation.override(language):  # the middleware's language ends with the test
        response = client.get(
            reverse("journeys:journey_compare", args=[as_is.pk, to_be.pk]),
            HTTP_ACCEPT_LANGUAGE=language,
        )

    page = response.content.decode()
    assert '<polyline class="compare-line compare-before" points="50,50 150,90 250,50"/>' in page
    assert '<polyline class="compare-line compare-after" points="50,50 150,30"/>' in page
    assert '<circle class="compare-dot compare-before" cx="150.0" cy="90.0" r="4"/>' in page
    assert 'viewBox="0 0 400 120"' in page
    assert '<text class="curve-code" x="350.0" y="115">D</text>' in page
    assert "(to-be) (to-be)" not in page


@pytest.mark.django_db
def test_the_comparison_shows_moments_observations_and_actions(client, viewer, as_is_and_to_be):
    as_is, to_be = as_is_and_to_be
    book = to_be.stages.get(code="A")
    services.moment_of_truth_create(stage=book, description="Price shown", standard="in 1 page")
    queue = services.observation_create(
        stage=book, kind="irritant", side="customer", description="Hidden fees"
    )
    services.observation_create(
        stage=book, kind="enchantment", side="employee", description="Clear tariff"
    )
    services.action_create(
        journey=to_be, stage=book, title="Show the full price", observation=queue
    )
    client.force_login(viewer)

    page = client.get(
        reverse("journeys:journey_compare", args=[as_is.pk, to_be.pk])
    ).content.decode()

    for text in [
        "1 moment of truth",
        "Price shown",
        "in 1 page",
        "2 observations",
        "Irritant (customer): Hidden fees",
        "1 action",
        "Show the full price",
        "1 stage added, 1 stage removed, 2 stages changed, 0 stages unchanged.",
    ]:
        assert text in page, text


@pytest.mark.django_db
def test_the_compare_menu_names_the_state_once(client, viewer, as_is_and_to_be):
    as_is, _ = as_is_and_to_be
    client.force_login(viewer)

    page = client.get(reverse("journeys:journey_map", args=[as_is.pk])).content.decode()

    assert "Car rental (to-be)</a>" in page
    assert "(to-be) (to-be)" not in page
