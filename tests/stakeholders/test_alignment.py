"""The alignment view: per journey, each stage's customer scores beside the KPIs and
incentives of its stakeholders, and the dissonant ones with the stages they weigh on."""

import pytest
from django.utils import timezone

from feedback.models import Invitation, Response
from feedback.services import rollups_rebuild
from stakeholders import selectors
from tests.feedback.factories import FollowUpRuleFactory, RespondentFactory, ingest
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import IncentiveFactory, InvolvementFactory, KPIFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _answers(stage, *nps: int):
    """Customers answer the stage's survey, one NPS each."""
    rule = FollowUpRuleFactory(stage=stage)
    for score in nps:
        event, _created = ingest(rule, external_ref=RespondentFactory().external_ref)
        invitation = event.invitations.get()
        Invitation.objects.filter(pk=invitation.pk).update(
            status=Invitation.Status.ANSWERED, sent_at=timezone.now()
        )
        Response.objects.create(
            invitation=invitation, nps=score, language="en", submitted_at=timezone.now()
        )
        # Written directly (dated answers, as a bulk load writes them): rebuilt like one.
        rollups_rebuild()


@pytest.fixture
def call_centre():
    """Stage A is served by an agent judged on calls per day (dissonant) with a bonus on it;
    stage B by a counter employee with an aligned KPI. Customers of A are detractors."""
    journey = JourneyFactory(name="Car rental")
    booking = StageFactory(journey=journey, code="A", name="Book")
    pick_up = StageFactory(journey=journey, code="B", name="Pick up")
    agent = StakeholderFactory(name="Agent")
    calls = KPIFactory(stakeholder=agent, name="Calls handled per day", alignment="dissonant")
    IncentiveFactory(stakeholder=agent, name="Call bonus", kpi=calls)
    IncentiveFactory(stakeholder=agent, name="Thank-you cards", rewards_customer_satisfaction=True)
    InvolvementFactory(stakeholder=agent, stage=booking, office="back")
    counter = StakeholderFactory(name="Counter")
    KPIFactory(stakeholder=counter, name="Hand-over time", alignment="aligned")
    InvolvementFactory(stakeholder=counter, stage=pick_up)
    _answers(booking, 2, 3, 9)
    return journey


def test_dissonant_kpis_and_incentives_sit_beside_the_scores_of_the_stages_they_serve(
    call_centre,
):
    alignment = selectors.journey_alignment(journey=call_centre)

    assert [(d.item.name, d.stakeholder.name) for d in alignment.dissonant] == [
        ("Calls handled per day", "Agent"),
        ("Call bonus", "Agent"),
    ]
    [served] = alignment.dissonant[0].stages
    assert (served.stage.code, served.scores.responses, served.scores.nps) == ("A", 3, -33.3)
    booking, pick_up = alignment.stages
    assert booking.dissonant == 2
    assert [i.alignment for i in booking.stakeholders[0].incentives] == ["dissonant", "aligned"]
    assert (pick_up.dissonant, pick_up.scores.responses) == (0, 0)
    assert [k.name for k in pick_up.stakeholders[0].kpis] == ["Hand-over time"]


def test_dissonant_only_keeps_the_dissonant_ones(call_centre):
    alignment = selectors.journey_alignment(journey=call_centre, dissonant_only=True)

    booking, pick_up = alignment.stages
    [agent] = booking.stakeholders
    assert [k.name for k in agent.kpis] == ["Calls handled per day"]
    assert [i.name for i in agent.incentives] == ["Call bonus"]
    assert pick_up.stakeholders == []


def test_the_page_shows_the_journey_chosen(client, viewer, call_centre):
    other = JourneyFactory(name="Airport shuttle")
    client.force_login(viewer)

    first = client.get("/stakeholders/alignment/")
    assert first.context["alignment"].journey == other  # the first by name
    response = client.get("/stakeholders/alignment/", {"journey": call_centre.pk})

    body = response.content.decode()
    assert response.context["alignment"].journey == call_centre
    assert "Calls handled per day" in body
    assert "NPS -33.3" in body
    assert 'class="stage-dissonant"' in body


def test_without_journeys_the_page_says_so(client, viewer):
    client.force_login(viewer)
    assert (
        "No journey has been drawn yet." in client.get("/stakeholders/alignment/").content.decode()
    )


@pytest.mark.parametrize("count", [1, 4])
def test_the_page_runs_a_fixed_number_of_queries(client, viewer, django_assert_num_queries, count):
    journey = JourneyFactory()
    for _ in range(count):
        stage = StageFactory(journey=journey)
        _answers(stage, 9)
        for _ in range(count):
            stakeholder = StakeholderFactory()
            InvolvementFactory(stakeholder=stakeholder, stage=stage)
            kpi = KPIFactory(stakeholder=stakeholder, alignment="dissonant")
            IncentiveFactory(stakeholder=stakeholder, kpi=kpi)
    client.force_login(viewer)
    # session, user, user permissions, group permissions; the journey chosen; stages;
    # score rollups grouped by stage; involvements with stakeholder; KPIs; incentives with
    # KPI; the journey and the first others for the form's select; groups (role badge)
    with django_assert_num_queries(12):
        response = client.get("/stakeholders/alignment/", {"journey": journey.pk})
    assert len(response.context["alignment"].dissonant) == 2 * count * count


def test_the_api_gives_what_the_page_shows(token_client, viewer, call_centre):
    """GET /api/v1/alignment/: per stage, its scores and its stakeholders' KPIs and
    incentives; the dissonant ones with the stages they weigh on."""
    journey = call_centre
    booking, pick_up = journey.stages.order_by("position")
    response = token_client(viewer).get(f"/api/v1/alignment/?journey={journey.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["journey"] == journey.pk
    assert [row["stage"]["code"] for row in body["stages"]] == ["A", "B"]
    assert [row["dissonant"] for row in body["stages"]] == [2, 0]
    assert body["stages"][0]["stakeholders"][0]["stakeholder_name"] == "Agent"
    assert [(row["kind"], row["name"], row["stages"]) for row in body["dissonant"]] == [
        ("kpi", "Calls handled per day", [booking.pk]),
        ("incentive", "Call bonus", [booking.pk]),
    ]
    dissonant_only = token_client(viewer).get(
        f"/api/v1/alignment/?journey={journey.pk}&dissonant_only=true"
    )
    assert [len(row["stakeholders"]) for row in dissonant_only.json()["stages"]] == [1, 0]
    assert pick_up.pk == body["stages"][1]["stage"]["id"]


def test_the_api_needs_a_journey_that_exists(token_client, viewer):
    client = token_client(viewer)
    assert client.get("/api/v1/alignment/").status_code == 400
    journey = JourneyFactory()
    missing = journey.pk
    journey.delete()
    assert client.get(f"/api/v1/alignment/?journey={missing}").status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_the_api_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, count
):
    journey = JourneyFactory()
    for _ in range(count):
        stage = StageFactory(journey=journey)
        _answers(stage, 9)
        for _ in range(count):
            stakeholder = StakeholderFactory()
            InvolvementFactory(stakeholder=stakeholder, stage=stage)
            kpi = KPIFactory(stakeholder=stakeholder, alignment="dissonant")
            IncentiveFactory(stakeholder=stakeholder, kpi=kpi)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; the journey;
    # stages; score rollups grouped by stage; involvements with stakeholder; KPIs;
    # incentives with KPI
    with django_assert_num_queries(10):
        response = client.get(f"/api/v1/alignment/?journey={journey.pk}")
    assert len(response.json()["dissonant"]) == 2 * count * count
