"""Issue 17: employee observations linked to the customer observations they explain, the
quadrant's priority and wording on the action made from a pair, and merging near-duplicates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from feedback.models import Verbatim
from journeys import services
from journeys.models import Action, Observation
from stakeholders.models import InterviewOutcome

from ..factories import UserFactory
from ..feedback.factories import FollowUpRuleFactory
from ..feedback.test_verbatims import answer
from ..stakeholders.factories import InterviewFactory
from .factories import ActionFactory, JourneyFactory, ObservationFactory, StageFactory

pytestmark = pytest.mark.django_db


def _pair(stage, customer_kind="irritant", employee_kind="irritant"):
    customer = ObservationFactory(
        stage=stage, side="customer", kind=customer_kind, description="Long queue"
    )
    employee = ObservationFactory(
        stage=stage, side="employee", kind=employee_kind, description="Retyping the booking"
    )
    services.observation_link(observation=employee, explains=[customer])
    return customer, employee


def test_a_link_goes_from_an_employee_to_a_customer_observation_of_its_stage():
    stage = StageFactory()
    customer, employee = _pair(stage)
    assert list(employee.explains.all()) == [customer]
    assert list(customer.explained_by.all()) == [employee]
    with pytest.raises(ValidationError, match="Only an employee observation"):
        services.observation_link(observation=customer, explains=[customer])
    elsewhere = ObservationFactory(side="customer")
    with pytest.raises(ValidationError, match="same stage"):
        services.observation_link(observation=employee, explains=[elsewhere])
    other_employee = ObservationFactory(stage=stage, side="employee")
    with pytest.raises(ValidationError, match="same stage"):
        services.observation_link(observation=employee, explains=[other_employee])
    services.observation_link(observation=employee, explains=[])
    assert not customer.explained_by.exists()


def test_a_pair_sits_in_the_quadrant_of_its_kinds_and_the_rest_is_crossed(client, viewer):
    stage = StageFactory()
    customer, employee = _pair(stage, "irritant", "enchantment")
    loose = ObservationFactory(stage=stage, side="customer", kind="enchantment")
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_matrix", args=[stage.journey_id]))

    row = response.context["rows"][0]
    counts = {(q.customer_kind, q.employee_kind): q.count for q in row.quadrants if q.count}
    # The pair in "check the indicators"; the unlinked customer enchantment has no unlinked
    # employee observation to cross with: customers only.
    assert counts == {("irritant", "enchantment"): 1, ("enchantment", ""): 1}
    check = next(q for q in row.quadrants if q.count and q.employee_kind == "enchantment")
    assert [(p.customer, p.employee) for p in check.pairs] == [(customer, employee)]
    alone = next(q for q in row.quadrants if q.count and q.employee_kind == "")
    assert alone.customer == [loose]
    page = response.content.decode()
    assert "Retyping the booking" in page
    assert "Employee, who explains it" in page


@pytest.mark.parametrize(
    ("customer_kind", "employee_kind", "priority", "label", "days"),
    [
        ("irritant", "irritant", 1, "Fix first", 30),
        ("irritant", "enchantment", 2, "Check the indicators and channels", 60),
        ("enchantment", "irritant", 2, "Fix the process or tool", 60),
        ("enchantment", "enchantment", 3, "Capitalise and spread", 90),
    ],
)
def test_an_action_from_a_pair_takes_its_quadrants_priority_and_wording(
    client, cx_manager, customer_kind, employee_kind, priority, label, days
):
    owner = UserFactory()
    stage = StageFactory(journey=JourneyFactory(owner=owner))
    customer, employee = _pair(stage, customer_kind, employee_kind)
    client.force_login(cx_manager)
    matrix = client.get(reverse("journeys:journey_matrix", args=[stage.journey_id]))
    map_url = reverse("journeys:journey_map", args=[stage.journey_id])
    link = f"{map_url}?observation={customer.pk}&amp;employee={employee.pk}#map-editor"
    assert link in matrix.content.decode()

    response = client.get(f"{map_url}?observation={customer.pk}&employee={employee.pk}")

    initial = response.context["editor"]["form"].initial
    assert initial["priority"] == priority
    assert initial["title"] == f"{label}: Long queue"
    assert initial["description"].splitlines()[1:] == [
        "Customer: Long queue",
        "Employee: Retyping the booking",
    ]
    assert initial["due_date"] == datetime.date.today() + datetime.timedelta(days=days)
    assert initial["observation"] == customer.pk


def test_a_pair_action_needs_the_employee_observation_to_explain_it(client, cx_manager):
    stage = StageFactory()
    customer = ObservationFactory(stage=stage, side="customer")
    stranger = ObservationFactory(stage=stage, side="employee")
    client.force_login(cx_manager)
    url = reverse("journeys:journey_map", args=[stage.journey_id])
    response = client.get(f"{url}?observation={customer.pk}&employee={stranger.pk}")
    assert response.status_code == 404


def test_a_linked_observation_takes_its_pairs_priority_not_its_stages():
    """Unlinked, a customer irritant at a stage with an employee irritant is fixed first;
    linked to the employee enchantment that explains it, it is checked (2)."""
    stage = StageFactory()
    customer, _employee = _pair(stage, "irritant", "enchantment")
    ObservationFactory(stage=stage, side="employee", kind="irritant")

    action, _ = services.observation_to_action(observation=customer)

    assert action.priority == 2


def test_the_link_page_sets_the_links(client, cx_manager, viewer):
    stage = StageFactory()
    queue = ObservationFactory(stage=stage, side="customer", description="Queue")
    ObservationFactory(stage=stage, side="customer", description="Dirty car")
    employee = ObservationFactory(stage=stage, side="employee")
    url = reverse("journeys:observation_links", args=[stage.journey_id, employee.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(cx_manager)

    page = client.get(url)
    saved = client.post(url, {"explains": [queue.pk]})

    assert "Dirty car" in page.content.decode()
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"#stage-{stage.pk}")
    assert list(employee.explains.all()) == [queue]
    customer_url = reverse("journeys:observation_links", args=[stage.journey_id, queue.pk])
    assert client.get(customer_url).status_code == 404


def test_merging_combines_texts_and_moves_links_and_actions():
    stage = StageFactory()
    kept = ObservationFactory(
        stage=stage, side="customer", description="Long queue at the counter", severity=2
    )
    twin = ObservationFactory(
        stage=stage, side="customer", description="Waiting at the desk", severity=3
    )
    same_text = ObservationFactory(
        stage=stage, side="customer", description="Long queue at the counter", severity=1
    )
    employee = ObservationFactory(stage=stage, side="employee")
    services.observation_link(observation=employee, explains=[twin])
    action = ActionFactory(journey=stage.journey, stage=stage, observation=twin)
    second = ActionFactory(journey=stage.journey, stage=stage, observation=same_text)

    services.observation_merge(kept=kept, merged=[twin, same_text])

    kept.refresh_from_db()
    assert kept.description == "Long queue at the counter\nWaiting at the desk"
    assert kept.severity == 3
    assert list(kept.explained_by.all()) == [employee]
    assert Action.objects.get(pk=action.pk).observation == kept
    assert Action.objects.get(pk=second.pk).observation is None  # kept in the plan
    assert list(Observation.objects.filter(side="customer")) == [kept]


def test_only_near_duplicates_merge():
    stage = StageFactory()
    kept = ObservationFactory(stage=stage, side="customer", kind="irritant")
    for other in (
        ObservationFactory(stage=stage, side="customer", kind="enchantment"),
        ObservationFactory(stage=stage, side="employee", kind="irritant"),
        ObservationFactory(side="customer", kind="irritant"),
    ):
        with pytest.raises(ValidationError, match="same stage, side and kind"):
            services.observation_merge(kept=kept, merged=[other])
    with pytest.raises(ValidationError, match="at least one other"):
        services.observation_merge(kept=kept, merged=[kept])
    assert Observation.objects.count() == 4


def test_the_merge_page_shows_the_result_before_it_merges(client, cx_manager, viewer):
    stage = StageFactory()
    first = ObservationFactory(stage=stage, side="customer", description="Queue")
    second = ObservationFactory(stage=stage, side="customer", description="Waiting", severity=3)
    ActionFactory(journey=stage.journey, stage=stage, observation=second)
    url = reverse("journeys:observation_merge", args=[stage.journey_id, first.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(cx_manager)

    preview = client.post(url, {"merged": [second.pk], "kept": second.pk, "preview": ""})

    page = preview.content.decode()
    assert preview.context["preview"] == {
        "description": "Waiting\nQueue",
        "severity": 3,
        "links": 0,
        "actions": 0,
    }
    assert 'name="confirm"' in page
    assert Observation.objects.count() == 2

    done = client.post(url, {"merged": [second.pk], "kept": second.pk, "confirm": ""})

    assert done.status_code == 302
    assert list(Observation.objects.values_list("pk", "description")) == [
        (second.pk, "Waiting\nQueue")
    ]
    assert Action.objects.get().observation_id == second.pk


def test_the_api_gives_the_matrix_and_links_and_merges(token_client, cx_manager, viewer):
    stage = StageFactory(code="F")
    customer, employee = _pair(stage)
    twin = ObservationFactory(stage=stage, side="customer", kind="irritant", description="Queue")
    reader = token_client(viewer)

    matrix = reader.get(f"/api/v1/journeys/{stage.journey_id}/matrix/")

    assert matrix.status_code == 200
    [row] = matrix.json()
    assert (row["code"], [q["label"] for q in row["quadrants"]]) == (
        "F",
        ["Fix first", "Customers only: irritant"],
    )
    first = row["quadrants"][0]
    assert (first["priority"], first["pairs"], first["count"]) == (
        1,
        [{"customer": customer.pk, "employee": employee.pk}],
        1,
    )
    links_url = f"/api/v1/observations/{employee.pk}/links/"
    assert reader.post(links_url, {"explains": []}, format="json").status_code == 403
    writer = token_client(cx_manager)
    linked = writer.post(links_url, {"explains": [customer.pk, twin.pk]}, format="json")
    assert linked.json() == {"explains": sorted([customer.pk, twin.pk])}
    refused = writer.post(
        f"/api/v1/observations/{customer.pk}/links/", {"explains": [twin.pk]}, format="json"
    )
    assert refused.status_code == 400
    merge_url = f"/api/v1/observations/{customer.pk}/merge/"
    dry = writer.post(merge_url, {"merged": [twin.pk], "dry_run": True}, format="json")
    assert dry.json() == {
        "description": "Long queue\nQueue",
        "severity": 2,
        "links": 1,
        "actions": 0,
    }
    assert Observation.objects.filter(pk=twin.pk).exists()
    merged = writer.post(merge_url, {"merged": [twin.pk]}, format="json")
    assert merged.status_code == 200
    assert not Observation.objects.filter(pk=twin.pk).exists()
    assert list(employee.explains.all()) == [customer]


def test_merging_moves_the_interview_outcomes_and_the_verbatim():
    stage = StageFactory()
    kept = ObservationFactory(stage=stage, side="customer")
    twin = ObservationFactory(stage=stage, side="customer")
    outcome = InterviewOutcome.objects.create(
        interview=InterviewFactory(), key="irritant:1:0", observation=twin
    )
    rule = FollowUpRuleFactory(stage=stage)
    verbatim = answer(rule, "Nobody at the counter.", nps=2).verbatim
    Verbatim.objects.filter(pk=verbatim.pk).update(observation=twin)

    services.observation_merge(kept=kept, merged=[twin])

    assert InterviewOutcome.objects.get(pk=outcome.pk).observation == kept
    assert Verbatim.objects.get(pk=verbatim.pk).observation == kept
