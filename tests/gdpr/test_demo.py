"""The demo register is the car-rental table of DOMAIN.md, cell by cell."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gdpr import selectors
from gdpr.models import (
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    ReviewStatus,
)
from journeys.models import Journey

# DOMAIN.md, "The car-rental example of the source material": stage, place, personal,
# transactional, behavioural.
DOMAIN_TABLE = """
| A | at home | IP address | — | visit duration |
| B | at home | — | — | — |
| C | at home | IP address | pre-booking information | competitor sites visited |
| D | at home | first name, name, address; login | payment method | subscription preferences |
| E | airport | — | — | — |
| F | airport | — | — | — |
| G | car park | second driver; children | transaction ID | — |
| H | car park | — | — | distance driven |
"""


# The same table in French, in the words of the seeds' course chapter.
FRENCH_TABLE = """
| A | à la maison | adresse IP | — | durée de la visite |
| B | à la maison | — | — | — |
| C | à la maison | adresse IP | informations de préréservation | sites concurrents visités |
| D | à la maison | prénom, nom, adresse; identifiant | mode de paiement | préférences d’abonnement |
| E | aéroport | — | — | — |
| F | aéroport | — | — | — |
| G | parking | second conducteur; enfants | ID de transaction | — |
| H | parking | — | — | distance parcourue |
"""  # noqa: E501


def _domain_rows(table=DOMAIN_TABLE):
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in table.strip().splitlines()
    ]


def _shown_rows(client, journey):
    register = client.get(f"/register/journeys/{journey.pk}/").context["register"]
    rows = {row.category: row.cells for row in register.rows}
    return [
        [
            stage.code,
            stage.place,
            *(
                "; ".join(item.name for item in rows[category][index].items) or "—"
                for category in ("personal", "transactional", "behavioural")
            ),
        ]
        for index, stage in enumerate(register.stages)
    ]


@pytest.fixture
def demo(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    return Journey.objects.get(name="Car rental — business trip")


def test_the_register_page_shows_the_domain_table(client, demo, dpo):
    """Every cell of the register page's table equals the source table's."""
    client.force_login(dpo)
    assert _shown_rows(client, demo) == _domain_rows()


def test_the_demo_has_two_activities_a_processor_a_dpia_and_every_review_state(demo):
    """Two activities, the shuttle operator under agreement, the marketing activity needing a
    DPIA, every review state; the checks flag stage F, whose counter check-in collects
    personal data the table does not list, and the consent not described yet."""
    assert ProcessingActivity.objects.count() == 2
    processor = Processor.objects.get()
    assert processor.stakeholder.kind == "external"
    assert processor.agreement_signed_on is not None
    assert list(
        DPIAScreening.objects.filter(dpia_required=True).values_list("activity__name", flat=True)
    ) == ["Website audience and marketing"]
    assert set(DataItem.objects.values_list("review_status", flat=True)) == set(ReviewStatus.values)
    checks = {check.code: check for check in selectors.consistency_checks(journey_id=demo.pk)}
    assert [str(stage) for stage in checks["stage_without_entry"].entries] == [
        "F. Pick up at the counter"
    ]
    assert [item.name for item in checks["consent_undescribed"].entries] == [
        "competitor sites visited"
    ]
    assert checks["no_legal_basis"].passed
    assert checks["processor_without_agreement"].passed


def test_load_demo_twice_changes_nothing(demo):
    before = list(DataItem.objects.values_list("pk", "review_status"))
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert list(DataItem.objects.values_list("pk", "review_status")) == before


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_demo_date_is_in_the_past(language):
    call_command("load_demo", "--allow-production", "--language", language, stdout=io.StringIO())
    now, today = timezone.now(), timezone.localdate()

    assert DataItem.objects.filter(reviewed_at__gt=now).count() == 0
    assert DataItem.history.filter(history_date__gt=now).count() == 0
    assert Processor.objects.filter(agreement_signed_on__gt=today).count() == 0
    assert DPIAScreening.objects.filter(screened_at__gt=now).count() == 0
    assert Requirement.objects.filter(done_on__gt=today).count() == 0


def test_the_french_demo_register_is_the_seeds_table_in_french(client, dpo):
    """The same cells, the same review states, the texts of the register in French."""
    call_command("load_demo", "--allow-production", "--language", "fr", stdout=io.StringIO())
    journey = Journey.objects.get(name="Location de voiture — voyage d’affaires")
    client.force_login(dpo)

    assert _shown_rows(client, journey) == _domain_rows(FRENCH_TABLE)
    assert sorted(ProcessingActivity.objects.values_list("name", "legal_basis")) == [
        ("Audience du site web et marketing", "consent"),
        ("Réservations et contrats de location de voitures", "contract"),
    ]
    contract = ProcessingActivity.objects.get(legal_basis="contract")
    assert contract.retention == "3 ans après la fin du contrat\u202f; factures\u202f: 10 ans"
    sent_back = DataItem.objects.get(review_status="changes_requested")
    assert (sent_back.name, sent_back.review_comment) == (
        "sites concurrents visités",
        "Les données intersites du partenaire publicitaire relèvent du profilage avec des "
        "données externes\u202f: décrivez comment le consentement est recueilli, et attendez "
        "l’AIPD.",
    )
    assert DataItem.objects.get(name="identifiant").retention == (
        "Jusqu’à la clôture du compte, ou après 3 ans sans connexion"
    )
    assert Processor.objects.get().stakeholder.name == "Navette Aéro"
    assert list(
        DPIAScreening.objects.filter(dpia_required=True).values_list("activity__name", flat=True)
    ) == ["Audience du site web et marketing"]
    assert set(DataItem.objects.values_list("review_status", flat=True)) == set(ReviewStatus.values)
    checks = {check.code: check for check in selectors.consistency_checks(journey_id=journey.pk)}
    assert [str(stage) for stage in checks["stage_without_entry"].entries] == [
        "F. Retirer la voiture au comptoir"
    ]

    page = client.get(f"/register/journeys/{journey.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "informations de préréservation" in page.content.decode()
