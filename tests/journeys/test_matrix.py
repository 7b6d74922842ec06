"""The cross matrix page and turning an observation into an action."""

import datetime

import pytest
from django.urls import reverse

from journeys import services
from journeys.models import Action

from ..factories import UserFactory
from .factories import ActionFactory, JourneyFactory, ObservationFactory, StageFactory


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
    assert (check.customer, check.employee, check.is_active) == ([], [], False)
    assert response.context["totals"] == [2, 2, 0, 0, 0, 0, 0, 0]
    page = response.content.decode()
    for text in [
        "Priority 1: fix first.",
        "Priority 2: a process or tool problem that staff compensate for",
        "Check the indicators and channels",  # a column of the counts
        "Capitalise and spread",
        "Queue",
        "Double entry",
        "Smiling agent",
    ]:
        assert text in page, text
    assert "Turn into an action" not in page  # a viewer cannot add actions


@pytest.mark.django_db
def test_the_matrix_links_an_observation_to_its_prefilled_action_form_or_its_action(
    client, cx_manager
):
    stage = StageFactory()
    open_one = ObservationFactory(stage=stage, side="customer", kind="irritant")
    done = ObservationFactory(stage=stage, side="employee", kind="irritant")
    action = ActionFactory(journey=stage.journey, stage=stage, observation=done)
    client.force_login(cx_manager)

    page = client.get(reverse("journeys:journey_matrix", args=[stage.journey_id])).content.decode()

    map_url = reverse("journeys:journey_map", args=[stage.journey_id])
    assert f'href="{map_url}?observation={open_one.pk}#map-editor"' in page
    assert f'id="stage-{stage.pk}"' in page
    assert f'href="{map_url}#action-{action.pk}"' in page
    assert f"?observation={done.pk}" not in page


@pytest.mark.django_db
def test_the_map_opens_the_action_form_prefilled_from_the_matrix(client, cx_manager, viewer):
    owner = UserFactory()
    stage = StageFactory(journey=JourneyFactory(owner=owner))
    queue = ObservationFactory(
        stage=stage, side="customer", kind="irritant", description="Long queue"
    )
    ObservationFactory(stage=stage, side="employee", kind="enchantment")
    url = reverse("journeys:journey_map", args=[stage.journey_id]) + f"?observation={queue.pk}"
    client.force_login(cx_manager)

    response = client.get(url)

    form = response.context["editor"]["form"]
    assert form.initial == {
        "observation": queue.pk,
        "stage": stage.pk,
        "title": "Long queue",
        "description": "Long queue",
        "owner": owner.pk,
        "priority": 2,  # customer irritant, employee enchantment: check indicators and channels
        "due_date": datetime.date.today() + datetime.timedelta(days=60),
        "status": "todo",
        "measure": "",
        "measure_moment": None,
        "measure_target": None,
    }
    assert 'id="map-editor"' in response.content.decode()
    assert 'name="observation"' in response.content.decode()
    client.force_login(viewer)
    assert "editor" not in client.get(url).context


@pytest.mark.django_db
def test_an_observation_of_another_journey_opens_no_form(client, cx_manager):
    stage = StageFactory()
    elsewhere = ObservationFactory()
    client.force_login(cx_manager)

    response = client.get(
        reverse("journeys:actions_create", args=[stage.journey_id]) + f"?observation={elsewhere.pk}"
    )

    assert response.status_code == 404


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
    """Alone at its stage, a customer irritant is fixed first, an employee irritant second."""
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
    # Only the quadrants holding something are detailed: E's two, G's one, H's one.
    assert page.count('class="matrix-quadrant ') == 4
    assert "Customers suffer and staff see nothing" in page
    assert "Queue" in page
    assert "Short" in page


HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_an_irritant_on_the_map_becomes_an_action_linked_both_ways(client, cx_manager):
    stage = StageFactory()
    queue = ObservationFactory(
        stage=stage, side="customer", kind="irritant", description="Long queue"
    )
    create_url = reverse("journeys:actions_create", args=[stage.journey_id])
    client.force_login(cx_manager)
    map_page = client.get(reverse("journeys:journey_map", args=[stage.journey_id]))
    assert f'hx-get="{create_url}?observation={queue.pk}"' in map_page.content.decode()

    form = client.get(f"{create_url}?observation={queue.pk}", **HTMX)
    assert form.context["form"].initial["priority"] == 1  # nothing on the employee side
    saved = client.post(
        create_url,
        {
            "observation": queue.pk,
            "stage": stage.pk,
            "title": "Open a second desk",
            "priority": 1,
            "status": "todo",
        },
        **HTMX,
    )

    action = Action.objects.get()
    assert (action.observation, action.stage, action.title) == (queue, stage, "Open a second desk")
    page = saved.content.decode()
    assert f'<a class="observation-action" href="#action-{action.pk}">' in page
    assert f'<a class="action-observation" href="#observation-{queue.pk}">' in page
    assert f"?observation={queue.pk}" not in page  # no second "Turn into an action"
    again = client.post(
        create_url,
        {"observation": queue.pk, "title": "Twice", "priority": 1, "status": "todo"},
        **HTMX,
    )
    assert again.status_code == 422
    assert Action.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("observation", "others", "priority"),
    [
        (("customer", "irritant"), [("employee", "irritant")], 1),
        (("customer", "irritant"), [], 1),
        (("customer", "irritant"), [("employee", "enchantment")], 2),
        (("employee", "irritant"), [("customer", "irritant")], 1),
        (("employee", "irritant"), [("customer", "enchantment")], 2),
        (("employee", "irritant"), [("employee", "irritant")], 2),
        (("customer", "enchantment"), [("employee", "irritant")], 3),
    ],
)
def test_the_priority_is_the_quadrants(observation, others, priority):
    stage = StageFactory()
    side, kind = observation
    subject = ObservationFactory(stage=stage, side=side, kind=kind)
    for other_side, other_kind in others:
        ObservationFactory(stage=stage, side=other_side, kind=other_kind)

    action, _ = services.observation_to_action(observation=subject)

    assert action.priority == priority


@pytest.mark.django_db
def test_the_api_takes_the_actions_observation_of_the_same_journey_only(token_client, cx_manager):
    stage = StageFactory()
    queue = ObservationFactory(stage=stage)
    elsewhere = ObservationFactory()
    client = token_client(cx_manager)

    refused = client.post(
        "/api/v1/actions/",
        {"journey": stage.journey_id, "title": "Fix", "observation": elsewhere.pk},
        format="json",
    )
    made = client.post(
        "/api/v1/actions/",
        {"journey": stage.journey_id, "title": "Fix", "observation": queue.pk},
        format="json",
    )

    assert refused.status_code == 400
    assert "observation" in refused.json()
    assert made.status_code == 201
    assert made.json()["observation"] == queue.pk
    assert Action.objects.get().observation == queue
