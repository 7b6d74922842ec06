import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import User
from journeys import selectors as journey_selectors
from journeys.models import MomentOfTruth, Observation, Stage
from stakeholders.experience import employee_experience_by_stage
from stakeholders.filters import StakeholderFilterSet
from stakeholders.models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    InterviewOutcome,
    Involvement,
    SLAMeasurement,
    Stakeholder,
    TouchpointResponsibility,
)
from tests.journeys.factories import JourneyFactory, StageFactory

MODELS = (
    Stakeholder,
    Involvement,
    KPI,
    Incentive,
    SLA,
    SLAMeasurement,
    Interview,
    InterviewOutcome,
    Observation,
)


def _snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


@pytest.mark.django_db
def test_load_demo_adds_the_car_rental_stakeholders_once():
    """Four employees, two subcontractors with a year of measurements, one dissonant KPI,
    four interviews by Inès (two validated: the employee lane); a second run changes nothing."""
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert (
        sorted(Stakeholder.objects.values_list("kind", flat=True))
        == ["external"] * 2 + ["internal"] * 4
    )
    assert SLAMeasurement.objects.count() == 24
    assert SLAMeasurement.objects.filter(met=False).count() == 6
    # The shuttle serves stage E, breached last month: the map shows it there only.
    shuttle = SLA.objects.get(stakeholder__name="Navette Aéro")
    assert [stage.code for stage in shuttle.stages.all()] == ["E"]
    assert (
        SLAMeasurement.objects.breached_recently(today=timezone.localdate())
        .filter(objective__sla=shuttle)
        .count()
        == 1
    )
    assert TouchpointResponsibility.objects.count() == 18
    assert list(KPI.objects.filter(alignment="dissonant").values_list("name", flat=True)) == [
        "Calls handled per day"
    ]
    assert sorted(Interview.objects.values_list("status", "interviewer__username")) == [
        ("draft", "ines"),
        ("submitted", "ines"),
        ("validated", "ines"),
        ("validated", "ines"),
    ]
    assert InterviewOutcome.objects.exclude(observation=None).count() == 3
    journey = Interview.objects.filter(status="validated").first().journey
    lane = {
        Stage.objects.get(pk=stage_id).code: items[0]
        for stage_id, items in employee_experience_by_stage(journey_id=journey.pk).items()
    }
    assert {code: (str(item.ease), item.ease_count) for code, item in lane.items()} == {
        "C": ("3.0", 1),
        "E": ("2.0", 1),
        "F": ("2.5", 2),
        "H": ("4.0", 1),
    }
    assert lane["F"].blockers[0] == ("The website booking does not reach the counter software", 2)
    before = _snapshot()
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_demo_date_is_in_the_past(language):
    call_command("load_demo", "--allow-production", "--language", language, stdout=io.StringIO())
    now = timezone.now()

    assert Interview.objects.filter(scheduled_at__gt=now).count() == 0
    assert Interview.objects.filter(submitted_at__gt=now).count() == 0
    assert Interview.objects.filter(validated_at__gt=now).count() == 0
    assert SLAMeasurement.objects.filter(period_start__gt=timezone.localdate()).count() == 0
    assert SLA.objects.filter(valid_from__gt=timezone.localdate()).count() == 0


@pytest.mark.django_db
def test_the_stage_filter_names_each_stage_s_journey():
    stage = StageFactory(journey=JourneyFactory(name="Car rental"), code="H", name="Car return")

    choices = dict(StakeholderFilterSet().form.fields["stage"].choices)

    assert choices[stage.pk] == "Car rental — H. Car return"


@pytest.mark.django_db
def test_the_french_demo_stakeholders_are_described_in_french(client):
    call_command("load_demo", "--allow-production", "--language", "fr", stdout=io.StringIO())

    karim = Stakeholder.objects.get(name="Karim Haddad")
    assert (karim.title, karim.organisation) == (
        "Responsable du comptoir de l’aéroport",
        "Agences aéroport",
    )
    assert list(karim.involvements.order_by("stage__code").values_list("stage__name", "tools")) == [
        ("Retirer la voiture au comptoir", "Logiciel du comptoir"),
        ("Rendre la voiture", "Terminal portable de retour, logiciel du comptoir"),
    ]
    dissonant = KPI.objects.get(alignment="dissonant")
    assert (dissonant.name, dissonant.unit, dissonant.rationale) == (
        "Appels traités par jour",
        "appels",
        "Pousse les agents à écourter les appels, alors qu’un voyageur d’affaires attend une "
        "réponse complète.",
    )
    bonus = Incentive.objects.get(name="Prime mensuelle au volume d’appels")
    assert (bonus.type, bonus.calculation, bonus.kpi) == (
        "performance_bonus",
        "5 € par appel au-delà de 60 par jour, versés chaque mois.",
        dissonant,
    )
    sla = SLA.objects.get(stakeholder__name="Navette Aéro")
    assert (sla.service, sla.objectives.get().metric) == (
        "Navette entre les terminaux et le parking de location",
        "Temps d’attente moyen à l’arrêt de la navette",
    )
    draft = Interview.objects.get(status="draft")
    assert draft.answers["channels_and_volumes"] == (
        "Comptoir : environ 90 clients par jour ; téléphone : 60 appels par jour."
    )
    assert sorted(
        InterviewOutcome.objects.exclude(observation=None).values_list(
            "observation__kind", "observation__description"
        )
    ) == [
        ("enchantment", "Les clients apprécient l’enregistrement sur terminal portable au retour"),
        (
            "enchantment",
            "Les clients réguliers nous remercient quand nous nous souvenons de leurs préférences.",
        ),
        (
            "irritant",
            "La réservation faite sur le site n’arrive pas dans le logiciel du comptoir ; nous "
            "ressaisissons tout pendant que le client attend.",
        ),
    ]

    client.force_login(User.objects.get(username="claire"))
    page = client.get(f"/stakeholders/{karim.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Responsable du comptoir de l’aéroport" in page
    assert "Attente moyenne au comptoir" in page


@pytest.mark.django_db
def test_the_english_demo_stakeholders_are_described_in_english(client):
    call_command("load_demo", "--allow-production", "--language", "en", stdout=io.StringIO())

    karim = Stakeholder.objects.get(name="Karim Haddad")
    client.force_login(User.objects.get(username="claire"))
    page = client.get(f"/stakeholders/{karim.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert (karim.title, karim.organisation) == ("Airport counter manager", "Airport agencies")
    assert "Average wait at the counter" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "moment", "source", "action"),
    [
        (
            "en",
            "Key handover at the counter",
            "Average wait at the counter",
            "Express counter for pre-paid business bookings",
        ),
        (
            "fr",
            "La remise des clés au comptoir",
            "Attente moyenne au comptoir",
            "Comptoir express pour les réservations professionnelles prépayées",
        ),
    ],
)
def test_the_demo_counter_wait_standard_and_the_express_counters_gain(
    language, moment, source, action
):
    """The key handover's standard (≤ 10 min) is fed by the counter KPI and missed in two of
    the last six months; the express counter's before and after show the wait going down."""
    call_command("load_demo", "--allow-production", "--language", language, stdout=io.StringIO())
    handover = MomentOfTruth.objects.get(
        description=moment, stage__journey__source_journey__isnull=True
    )

    status = journey_selectors.standard_statuses(moments=[handover])[handover.pk]
    plan = journey_selectors.journey_plan(journey_id=handover.stage.journey_id)
    (express,) = [row for row in plan if row.action.title == action]

    assert handover.target_display == "≤ 10 min"
    assert status.source.startswith(source)
    assert (status.missed, status.last.met) == (2, True)
    assert (express.before, express.after) == (Decimal("13.50"), Decimal("8.83"))
    assert express.before_window.periods == express.after_window.periods == 3
    assert (express.moved, express.not_moved, express.target_reached) == (True, False, True)
