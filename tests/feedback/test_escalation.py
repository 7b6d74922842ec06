"""A case's deadline follows its severity; the owner is told when it is due soon and when it
is overdue, then it escalates to the journey's escalation contact and to the CX managers,
each step once, logged on the case and shown on the case list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from feedback import services
from feedback.models import Case
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture(autouse=True)
def _deadlines(settings):
    settings.FEEDBACK_CASE_DEADLINE_SECONDS = {
        "critical": 4 * HOUR,
        "high": 24 * HOUR,
        "medium": 48 * HOUR,
        "low": 120 * HOUR,
    }
    settings.FEEDBACK_CASE_DUE_SOON_SECONDS = 2 * HOUR
    settings.FEEDBACK_CASE_ESCALATION_SECONDS = 24 * HOUR


@pytest.fixture
def people(db):
    owner = UserFactory(username="owner")
    contact = UserFactory(username="contact")
    managers = [UserFactory(username=f"manager{n}", role=Role.CX_MANAGER) for n in range(2)]
    journey = JourneyFactory(
        owner=UserFactory(username="journey-owner"), escalation_contact=contact
    )
    return {"owner": owner, "contact": contact, "managers": managers, "journey": journey}


def _told(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


@pytest.mark.parametrize(
    ("severity", "hours"),
    [(Case.Severity.CRITICAL, 4), (Case.Severity.HIGH, 24), (Case.Severity.MEDIUM, 48),
     (Case.Severity.LOW, 120)],
)  # fmt: skip
def test_the_deadline_follows_the_severity(people, severity, hours):
    before = timezone.now()
    case = services.case_create(
        stage=StageFactory(journey=people["journey"]), title="Phoned", severity=severity
    )
    assert before + timedelta(hours=hours) <= case.due_at
    assert case.due_at <= timezone.now() + timedelta(hours=hours)


def test_each_step_of_an_overdue_case_is_taken_once(people):
    case = services.case_create(
        stage=StageFactory(journey=people["journey"]),
        title="Phoned",
        owner=people["owner"],
        severity=Case.Severity.CRITICAL,
    )
    opened = case.created_at
    assert _told("case.assigned") == ["owner"]

    for _run in range(2):
        services.cases_flag_overdue(now=opened + timedelta(hours=3))
    assert _told("case.due_soon") == ["owner"]
    assert _told("case.overdue") == []

    for _run in range(2):
        services.cases_flag_overdue(now=opened + timedelta(hours=5))
    assert _told("case.overdue") == ["owner"]
    assert _told("case.escalated") == []

    for _run in range(2):
        services.cases_flag_overdue(now=opened + timedelta(hours=4 + 25))
    assert _told("case.escalated") == ["contact"]
    case.refresh_from_db()
    assert case.escalation_level == Case.Escalation.CONTACT

    for _run in range(2):
        services.cases_flag_overdue(now=opened + timedelta(hours=4 + 49))
    assert _told("case.escalated") == ["contact", "manager0", "manager1"]
    case.refresh_from_db()
    assert case.escalation_level == Case.Escalation.CX_MANAGERS
    assert list(case.log_entries.values_list("text", flat=True)) == [
        "escalated to the journey's contact",
        "escalated to the CX managers",
    ]


def test_without_an_escalation_contact_the_journey_owner_is_told(people):
    journey = JourneyFactory(owner=people["owner"], escalation_contact=None)
    case = services.case_create(
        stage=StageFactory(journey=journey), title="Letter", severity=Case.Severity.CRITICAL
    )
    services.cases_flag_overdue(now=case.created_at + timedelta(hours=4 + 25))
    assert _told("case.escalated") == ["owner"]


def test_a_resolved_case_does_not_escalate(people):
    case = services.case_create(
        stage=StageFactory(journey=people["journey"]),
        title="Counter",
        owner=people["owner"],
        severity=Case.Severity.CRITICAL,
    )
    services.case_update(case=case, data={"status": Case.Status.RESOLVED})
    services.cases_flag_overdue(now=case.created_at + timedelta(days=10))
    assert Notification.objects.exclude(kind="case.assigned").count() == 0


def test_a_new_owner_is_told(people, cx_manager):
    case = services.case_create(
        stage=StageFactory(journey=people["journey"]), title="Mail", owner=people["owner"]
    )
    services.case_update(case=case, data={"owner": people["contact"]}, author=cx_manager)
    assert _told("case.assigned") == ["contact", "owner"]


def test_the_case_list_shows_and_filters_the_escalation(client, people, cx_manager):
    stage = StageFactory(journey=people["journey"])
    late = services.case_create(stage=stage, title="Late", severity=Case.Severity.CRITICAL)
    services.case_create(stage=stage, title="On time")
    services.cases_flag_overdue(now=late.created_at + timedelta(hours=30))
    client.force_login(cx_manager)

    page = client.get("/feedback/cases/?escalation_level=1").content.decode()

    assert "escalated to the journey&#x27;s contact" in page
    assert "Late" in page
    assert "On time" not in page
    french = client.get("/feedback/cases/", headers={"accept-language": "fr"}).content.decode()
    assert "remontée au contact du parcours" in french


def test_the_api_shows_the_escalation(api_client, people, cx_manager):
    stage = StageFactory(journey=people["journey"])
    late = services.case_create(stage=stage, title="Late", severity=Case.Severity.CRITICAL)
    services.cases_flag_overdue(now=late.created_at + timedelta(hours=30))
    api_client.force_authenticate(cx_manager)
    body = api_client.get("/api/v1/cases/?escalation_level=1").json()
    assert [row["escalation_level"] for row in body["results"]] == [1]


@pytest.mark.parametrize(("size", "shown"), [(2, 2), (7, 7)])
def test_the_case_list_of_escalated_cases_runs_a_fixed_number_of_queries(
    client, people, cx_manager, django_assert_num_queries, size, shown
):
    stage = StageFactory(journey=people["journey"])
    cases = [
        services.case_create(stage=stage, title=f"Late {n}", severity=Case.Severity.CRITICAL)
        for n in range(size)
    ]
    services.cases_flag_overdue(now=cases[-1].created_at + timedelta(hours=30))
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; the
    # page of cases; groups (role badge); stages and owners for the filter form
    with django_assert_num_queries(9):
        response = client.get("/feedback/cases/?escalation_level=1")
    assert len(response.context["page"].object_list) == shown
