"""The cross matrix page and turning an observation into an action."""

import pytest
from django.urls import reverse

from journeys import services
from journeys.models import Action

from .factories import JourneyFactory, ObservationFactory, StageFactory


def _quadrant(response, stage_index, customer_kind, employee_kind):
    row = response.context["rows"][stage_index]
    return next(
        q
        for q in row.quadrants
        if (q.customer_kind, q.employee_kind) == (customer_kind, employee_kind)
    )


@pytest.mark.django_db
def test_the_matrix_sorts_observations_into_the_four_quadrants(client, viewer):
    journey = JourneyFactory()
    counter = StageFactory(journey=journey, code="E", name="Counter")
    queue = ObservationFactory(stage=counter, side="customer", kind="irritant", description="Queue")
    double_entry = ObservationFactory(
        stage=counter, side="employee", kind="irritant", description="Double entry"
    )
    smile = ObservationFactory(
        stage=counter, side="customer", kind="enchantment", description="Smiling agent"
    )
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_matrix", args=[journey.pk]))

    assert response.status_code == 200
    first = _quadrant(response, 0, "irritant", "irritant")
    assert (first.customer, first.employee, first.is_active) == ([queue], [double_entry], True)
    second = _quadrant(response, 0, "enchantment", "irritant")
    assert (second.customer, second.employee, second.is_active) == ([smile], [double_entry], True)
    check = _quadrant(response, 0, "irritant", "enchantment")
    assert (check.customer, check.employee, check.is_active) == ([queue], [], False)
    page = response.content.decode()
    for text in [
        "Priority 1: fix first.",
        "Priority 2: a process or tool problem that staff compensate for",
        "Check the indicators and channels.",
        "Capitalise and spread.",
        "Queue",
        "Double entry",
        "Smiling agent",
    ]:
        assert text in page, text
    assert "Turn into an action" not in page  # a viewer cannot add actions


@pytest.mark.django_db
def test_one_click_turns_an_observation_into_an_action_once(client, cx_manager):
    stage = StageFactory()
    observation = ObservationFactory(
        stage=stage, side="customer", kind="irritant", description="Long queue"
    )
    ObservationFactory(stage=stage, side="employee", kind="irritant")
    client.force_login(cx_manager)
    url = reverse("journeys:observation_to_action", args=[stage.journey_id, observation.pk])

    page = client.get(reverse("journeys:journey_matrix", args=[stage.journey_id]))
    assert f'action="{url}"' in page.content.decode()
    first = client.post(url)
    second = client.post(url, follow=True)

    assert first.status_code == 302
    action = Action.objects.get()
    assert (action.journey_id, action.stage_id, action.observation_id) == (
        stage.journey_id,
        stage.pk,
        observation.pk,
    )
    assert (action.title, action.priority, action.owner) == ("Irritant: Long queue", 1, cx_manager)
    assert "This observation already has an action" in second.content.decode()
    assert "action planned" in second.content.decode()


@pytest.mark.django_db
def test_a_viewer_cannot_turn_an_observation_into_an_action(client, viewer):
    observation = ObservationFactory()
    client.force_login(viewer)

    response = client.post(
        reverse(
            "journeys:observation_to_action", args=[observation.stage.journey_id, observation.pk]
        )
    )

    assert response.status_code == 403
    assert not Action.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side", "kind", "priority"),
    [
        ("customer", "irritant", 1),
        ("employee", "irritant", 2),
        ("customer", "enchantment", 3),
        ("employee", "enchantment", 3),
    ],
)
def test_observation_to_action_is_idempotent_and_takes_the_matrix_priority(side, kind, priority):
    observation = ObservationFactory(side=side, kind=kind)

    action, created = services.observation_to_action(observation=observation)
    again, created_again = services.observation_to_action(observation=observation)

    assert (created, created_again) == (True, False)
    assert again.pk == action.pk
    assert action.priority == priority
    assert Action.objects.count() == 1


@pytest.mark.django_db
def test_the_api_turns_an_observation_into_an_action_once(token_client, cx_manager, viewer):
    observation = ObservationFactory()
    url = f"/api/v1/observations/{observation.pk}/to-action/"

    assert token_client(viewer).post(url).status_code == 403
    client = token_client(cx_manager)
    first = client.post(url)
    second = client.post(url)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["observation"] == observation.pk
    assert Action.objects.count() == 1


@pytest.mark.django_db
def test_an_observation_with_nothing_on_the_other_side_goes_to_not_observed(client, viewer):
    journey = JourneyFactory()
    desk = StageFactory(journey=journey, code="E", name="Counter")
    park = StageFactory(journey=journey, code="G", name="Car park")
    both = StageFactory(journey=journey, code="H", name="Return")
    queue = ObservationFactory(stage=desk, side="customer", kind="irritant", description="Queue")
    clean = ObservationFactory(stage=desk, side="customer", kind="enchantment", description="Nice")
    short = ObservationFactory(stage=park, side="employee", kind="irritant", description="Short")
    ObservationFactory(stage=both, side="customer", kind="irritant")
    ObservationFactory(stage=both, side="employee", kind="enchantment")
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_matrix", args=[journey.pk]))

    lonely_irritant = _quadrant(response, 0, "irritant", "")
    assert (lonely_irritant.customer, lonely_irritant.is_active) == ([queue], True)
    assert _quadrant(response, 0, "enchantment", "").customer == [clean]
    assert _quadrant(response, 0, "", "irritant").employee == []
    unseen_by_customers = _quadrant(response, 1, "", "irritant")
    assert (unseen_by_customers.employee, unseen_by_customers.is_active) == ([short], True)
    # Where both sides observed something, nothing goes to "not observed".
    assert not any(
        q.is_active
        for q in response.context["rows"][2].quadrants
        if "" in (q.customer_kind, q.employee_kind)
    )
    page = response.content.decode()
    assert page.count("Not observed by employees") == 3
    assert "Customers suffer and staff see nothing" in page
    assert "Queue" in page
    assert "Short" in page
