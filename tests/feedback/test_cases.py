"""Case list order and filters, and who owns a case a low score opens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Case
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory
from tests.stakeholders.factories import StakeholderFactory, TouchpointResponsibilityFactory

from .factories import FollowUpRuleFactory, sent_invitation

pytestmark = pytest.mark.django_db


def _case(stage, title, status, due_in_hours, owner=None):
    return Case.objects.create(
        stage=stage,
        title=title,
        status=status,
        owner=owner,
        due_at=timezone.now() + timedelta(hours=due_in_hours),
    )


def test_the_case_list_shows_the_most_urgent_first(client, cx_manager):
    stage = StageFactory()
    _case(stage, "closed long ago", Case.Status.CLOSED, -500)
    _case(stage, "resolved lately", Case.Status.RESOLVED, -5)
    _case(stage, "due tomorrow", Case.Status.OPEN, 24)
    _case(stage, "overdue", Case.Status.IN_PROGRESS, -2)
    _case(stage, "due in an hour", Case.Status.OPEN, 1)
    client.force_login(cx_manager)

    response = client.get("/feedback/cases/")

    assert [case.title for case in response.context["page"].object_list] == [
        "overdue",
        "due in an hour",
        "due tomorrow",
        "resolved lately",
        "closed long ago",
    ]


def test_the_api_lists_cases_in_the_same_order(api_client, cx_manager):
    stage = StageFactory()
    _case(stage, "closed", Case.Status.CLOSED, -500)
    _case(stage, "open", Case.Status.OPEN, 24)
    api_client.force_authenticate(cx_manager)

    response = api_client.get("/api/v1/cases/")

    assert [case["title"] for case in response.json()["results"]] == ["open", "closed"]


def test_the_stage_filter_names_each_stage_with_its_journey(client, cx_manager):
    stage = StageFactory(journey=JourneyFactory(name="Car rental"), name="Car return")
    client.force_login(cx_manager)

    page = client.get("/feedback/cases/").content.decode()

    assert f'<option value="{stage.pk}">Car rental — A. Car return</option>' in page


def test_my_cases_are_the_cases_i_own(client, cx_manager):
    stage = StageFactory()
    _case(stage, "mine", Case.Status.OPEN, 24, owner=cx_manager)
    _case(stage, "someone else's", Case.Status.OPEN, 24, owner=UserFactory())
    _case(stage, "nobody's", Case.Status.OPEN, 24)
    client.force_login(cx_manager)

    page = client.get("/feedback/cases/").content.decode()
    response = client.get(f"/feedback/cases/?owner={cx_manager.pk}")

    assert f'href="/feedback/cases/?owner={cx_manager.pk}"' in page
    assert [case.title for case in response.context["page"].object_list] == ["mine"]


def test_the_search_finds_cases_by_title_or_comment(client, cx_manager):
    _invitation, token = sent_invitation()
    services.response_submit(token=token, answers={"nps": 2, "comment": "Shuttle never came"})
    _case(StageFactory(), "Dirty car", Case.Status.OPEN, 24)
    client.force_login(cx_manager)

    by_comment = client.get("/feedback/cases/?q=shuttle").context["page"].object_list
    by_title = client.get("/feedback/cases/?q=DIRTY").context["page"].object_list

    assert [case.response.comment for case in by_comment] == ["Shuttle never came"]
    assert [case.title for case in by_title] == ["Dirty car"]


def _answer_as_detractor(rule, **kwargs):
    _invitation, token = sent_invitation(rule, **kwargs)
    return services.response_submit(token=token, answers={"nps": 1}).case


def test_a_case_goes_to_the_user_behind_the_responsible_stakeholder():
    agent = UserFactory(email="Marc.Agent@example.com")
    stage = StageFactory()
    TouchpointResponsibilityFactory(
        touchpoint=TouchpointFactory(stage=stage), stakeholder=StakeholderFactory(email="")
    )
    TouchpointResponsibilityFactory(
        touchpoint=TouchpointFactory(stage=stage),
        stakeholder=StakeholderFactory(email="marc.agent@example.com"),
    )

    case = _answer_as_detractor(FollowUpRuleFactory(stage=stage))

    assert case.owner == agent


def test_without_a_matching_user_a_case_goes_to_the_journeys_owner():
    stage = StageFactory()
    TouchpointResponsibilityFactory(
        touchpoint=TouchpointFactory(stage=stage),
        stakeholder=StakeholderFactory(email="nobody@example.com"),
    )

    case = _answer_as_detractor(FollowUpRuleFactory(stage=stage))

    assert case.owner == stage.journey.owner
    assert case.owner is not None


def test_a_cx_manager_opens_a_case_by_hand_with_the_default_owner_and_deadline(
    client, cx_manager, settings
):
    settings.FEEDBACK_CASE_DEADLINE_SECONDS = {
        "critical": 4 * 3600,
        "high": 24 * 3600,
        "medium": 24 * 3600,
        "low": 5 * 24 * 3600,
    }
    stage = StageFactory()
    client.force_login(cx_manager)
    before = timezone.now()

    response = client.post(
        "/feedback/cases/new/",
        {"channel": "phone", "stage": stage.pk, "title": "Phoned: charged twice",
         "category": "financial", "severity": 3, "owner": "", "due_at": "", "harm_amount": "80"},
    )  # fmt: skip

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/feedback/cases/{case.pk}/"
    assert (case.title, case.category, case.severity, case.response) == (
        "Phoned: charged twice",
        "financial",
        3,
        None,
    )
    assert case.owner == stage.journey.owner
    assert before + timedelta(hours=24) <= case.due_at <= timezone.now() + timedelta(hours=24)


def test_a_case_without_a_title_is_shown_again_with_the_error(client, cx_manager):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.post("/feedback/cases/new/", {"stage": stage.pk, "title": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert Case.objects.count() == 0


def test_a_viewer_cannot_open_a_case(client, viewer):
    client.force_login(viewer)

    assert client.get("/feedback/cases/new/").status_code == 403
    assert client.post("/feedback/cases/new/", {"title": "x"}).status_code == 403
    assert Case.objects.count() == 0


def test_an_integration_opens_a_case_through_the_api(token_client, cx_manager):
    stage = StageFactory()
    owner = UserFactory()

    response = token_client(cx_manager).post(
        "/api/v1/cases/",
        {"stage": stage.pk, "title": "Letter: rude agent", "category": "attitude",
         "owner": owner.pk, "due_at": "2030-01-02T10:00:00Z"},
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["title"], body["owner"], body["status"], body["due_at"]) == (
        stage.pk,
        "Letter: rude agent",
        owner.pk,
        "open",
        "2030-01-02T11:00:00+01:00",
    )
    assert Case.objects.get().owner == owner


def test_a_viewer_cannot_open_a_case_through_the_api(token_client, viewer):
    response = token_client(viewer).post(
        "/api/v1/cases/", {"stage": StageFactory().pk, "title": "x"}
    )

    assert response.status_code == 403
    assert Case.objects.count() == 0


def _recurring(stage, category, count):
    for number in range(count):
        Case.objects.create(
            stage=stage,
            title=f"{category} {number}",
            category=category,
            due_at=timezone.now(),
        )


def test_the_dashboard_offers_to_plan_recurring_causes_and_the_plan_gets_one_action(
    client, cx_manager
):
    stage = StageFactory(name="Car return")
    other_stage = StageFactory(journey=stage.journey)
    _recurring(stage, "temporal", 3)
    _recurring(stage, "financial", 2)
    _recurring(other_stage, "financial", 2)
    client.force_login(cx_manager)

    dashboard = client.get(f"/feedback/?journey={stage.journey_id}")
    causes = [(c.stage_label, c.category, c.cases) for c in dashboard.context["recurring"]]
    assert causes == [("A. Car return", "temporal", 3)]
    assert "Create an improvement action" in dashboard.content.decode()

    payload = {"stage": stage.pk, "category": "temporal"}
    first = client.post("/feedback/recurring-causes/to-action/", payload)
    second = client.post("/feedback/recurring-causes/to-action/", payload)

    assert first.status_code == 302
    assert first["Location"] == f"/journeys/{stage.journey_id}/"
    action = stage.actions.get()
    assert (action.journey_id, action.title, action.priority, action.owner) == (
        stage.journey_id,
        "Recurring complaints: temporal",
        1,
        cx_manager,
    )
    assert action.description.startswith("3 complaint cases")
    assert set(
        Case.objects.filter(category="temporal").values_list("improvement_action", flat=True)
    ) == {action.pk}
    case_page = client.get(
        f"/feedback/cases/{Case.objects.filter(category='temporal').first().pk}/"
    )
    assert "Its cause is in the improvement plan:" in case_page.content.decode()
    assert second.status_code == 302
    assert second["Location"] == f"/feedback/?journey={stage.journey_id}"
    assert client.get(f"/feedback/?journey={stage.journey_id}").context["recurring"] == []


def test_a_viewer_sees_recurring_causes_but_cannot_plan_them(client, viewer):
    stage = StageFactory()
    _recurring(stage, "temporal", 3)
    client.force_login(viewer)

    dashboard = client.get(f"/feedback/?journey={stage.journey_id}")
    response = client.post(
        "/feedback/recurring-causes/to-action/", {"stage": stage.pk, "category": "temporal"}
    )

    assert len(dashboard.context["recurring"]) == 1
    assert "Create an improvement action" not in dashboard.content.decode()
    assert response.status_code == 403
    assert not stage.actions.exists()
