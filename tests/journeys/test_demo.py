import io

import pytest
from django.core.management import call_command

from core.comments.models import Comment
from core.models import Notification, User
from journeys import selectors
from journeys.demo import AS_IS_NAME, TO_BE_NAME
from journeys.models import (
    Action,
    BuyingGroupMember,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    Stage,
    Touchpoint,
)


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Persona,
            Journey,
            Stage,
            Touchpoint,
            MomentOfTruth,
            Observation,
            Action,
            BuyingGroupMember,
        )
    }


@pytest.mark.django_db
def test_load_demo_adds_the_car_rental_journey_and_its_to_be_copy():
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115

    as_is = Journey.objects.get(name=AS_IS_NAME)
    to_be = Journey.objects.get(name=TO_BE_NAME)
    assert (as_is.state, as_is.owner.username) == ("as_is", "claire")
    assert as_is.persona.name == "Business traveller renting a car"
    assert list(as_is.stages.values_list("code", "place")) == [
        ("A", "at home"),
        ("B", "at home"),
        ("C", "at home"),
        ("D", "at home"),
        ("E", "airport"),
        ("F", "airport"),
        ("G", "car park"),
        ("H", "car park"),
    ]
    touchpoints = Touchpoint.objects.filter(stage__journey=as_is)
    assert touchpoints.count() == 23
    assert touchpoints.values("channel").distinct().count() >= 5
    assert MomentOfTruth.objects.filter(stage__journey=as_is).count() == 5
    assert "Car handed over in under 10 minutes" in MomentOfTruth.objects.filter(
        stage__journey=as_is
    ).values_list("standard", flat=True)
    observations = Observation.objects.filter(stage__journey=as_is)
    assert set(observations.values_list("side", flat=True)) == {"customer", "employee"}
    retyping = observations.get(description__startswith="Agents must re-enter")
    assert list(retyping.explains.values_list("description", flat=True)) == [
        "Twenty-minute queue at the counter at peak time"
    ]
    assert as_is.actions.count() == 4
    assert list(
        selectors.stages_collecting_personal_data(journey_id=as_is.pk).values_list(
            "code", flat=True
        )
    ) == ["A", "C", "D", "F", "G"]

    assert (to_be.state, to_be.source_journey, to_be.owner.username) == ("to_be", as_is, "claire")
    assert Touchpoint.objects.filter(stage__journey=to_be).count() == 25
    assert to_be.stages.get(code="F").emotion_score == 1
    assert to_be.actions.count() == 0
    # The company pays, the traveller chooses (the persona's own description); the to-be
    # copy has the same group.
    for journey in (as_is, to_be):
        assert [
            (
                member.persona.name,
                member.role,
                [stage.code for stage in member.stages.order_by("position")],
            )
            for member in journey.buying_group.order_by("id")
        ] == [
            ("Traveller's company", "payer", ["B", "D", "H"]),
            ("Business traveller renting a car", "user", ["B", "C", "E", "F", "G", "H"]),
        ]
    assert Persona.objects.get(name="Traveller's company").buying_role == "final_decision_maker"


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = _snapshot()
    call_command("load_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_french_demo_journey_is_in_french_with_the_same_shape():
    """Same stages, codes, touchpoints and items as the English demo; the words in French."""
    call_command("load_demo", "--allow-production", "--language", "fr", stdout=io.StringIO())

    as_is = Journey.objects.get(name="Location de voiture — voyage d’affaires")
    to_be = Journey.objects.get(name="Location de voiture — voyage d’affaires (cible)")
    assert Journey.objects.count() == 2
    assert as_is.persona.name == "Voyageur d’affaires qui loue une voiture"
    assert as_is.description == (
        "Réserver puis louer une voiture à l’aéroport pour un voyage d’affaires, tel que le "
        "parcours se déroule aujourd’hui."
    )
    assert list(as_is.stages.values_list("code", "name", "place")) == [
        ("A", "Découvrir les offres en ligne", "à la maison"),
        ("B", "Comparer les offres", "à la maison"),
        ("C", "Préréserver une voiture", "à la maison"),
        ("D", "Réserver et payer", "à la maison"),
        ("E", "Arriver à l’aéroport", "aéroport"),
        ("F", "Retirer la voiture au comptoir", "aéroport"),
        ("G", "Prendre la voiture au parking", "parking"),
        ("H", "Rendre la voiture", "parking"),
    ]
    pick_up = as_is.stages.get(code="F")
    assert pick_up.customer_goal == "Récupérer les clés et partir sans attendre."
    assert list(pick_up.touchpoints.values_list("name", "tools")) == [
        ("Accueil au comptoir", "Logiciel du comptoir"),
        ("Caution sur la carte", "Terminal de paiement"),
        ("Préparation du contrat", "Logiciel du comptoir"),
    ]
    moment = MomentOfTruth.objects.get(stage=pick_up)
    assert (moment.description, moment.standard, moment.touchpoint.name) == (
        "La remise des clés au comptoir",
        "Voiture remise en moins de 10 minutes",
        "Accueil au comptoir",
    )
    # The map's own; the validated interview adds its outcomes beside them.
    assert {
        ("enchantment", "customer", "Des agents aimables qui connaissent la région"),
        ("irritant", "customer", "Vingt minutes d’attente au comptoir aux heures de pointe"),
        (
            "irritant",
            "employee",
            "Les agents ressaisissent la réservation dans le logiciel du comptoir",
        ),
    } <= set(pick_up.observations.values_list("kind", "side", "description"))
    assert sorted(as_is.actions.values_list("stage__code", "title")) == [
        ("E", "Indiquer l’emplacement du comptoir dans le SMS de retrait"),
        ("F", "Comptoir express pour les réservations professionnelles prépayées"),
        ("F", "Transmettre automatiquement les réservations au logiciel du comptoir"),
        ("H", "Annoncer les frais de carburant au contrôle du retour"),
    ]
    assert list(
        selectors.stages_collecting_personal_data(journey_id=as_is.pk).values_list(
            "code", flat=True
        )
    ) == ["A", "C", "D", "F", "G"]
    assert Touchpoint.objects.filter(stage__journey=as_is).count() == 23
    assert list(
        as_is.buying_group.order_by("id").values_list("persona__name", "role", "needs")
    ) == [
        (
            "Entreprise du voyageur",
            "payer",
            "Une location conforme à la politique voyage, et une facture unique au nom de "
            "l’entreprise.",
        ),
        (
            "Voyageur d’affaires qui loue une voiture",
            "user",
            "Une voiture adaptée au déplacement, prise et rendue sans attendre.",
        ),
    ]
    assert list(to_be.stages.get(code="F").touchpoints.values_list("name", flat=True)) == [
        "File express au comptoir",
        "Accueil au comptoir",
        "Caution sur la carte",
        "Préparation du contrat",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "journey", "texts"),
    [
        (
            "en",
            "Car rental — business trip",
            [
                "Pick up at the counter",
                "Counter check-in",
                "Car handed over in under 10 minutes",
                "15,000 per month",
            ],
        ),
        (
            "fr",
            "Location de voiture — voyage d’affaires",
            [
                "Retirer la voiture au comptoir",
                "Accueil au comptoir",
                "Voiture remise en moins de 10 minutes",
                "Vingt minutes d’attente au comptoir aux heures de pointe",
                "15\xa0000 par mois",
            ],
        ),
    ],
)
def test_the_map_shows_the_demo_in_its_language(client, language, journey, texts):
    call_command("load_demo", "--allow-production", "--language", language, stdout=io.StringIO())
    client.force_login(User.objects.get(username="claire"))

    page = client.get(
        f"/journeys/{Journey.objects.get(name=journey).pk}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    for text in texts:
        assert text in page


@pytest.mark.django_db
def test_load_demo_twice_in_french_changes_nothing():
    call_command("load_demo", "--allow-production", "--language", "fr", stdout=io.StringIO())
    before = _snapshot()
    call_command("load_demo", "--allow-production", "--language", "fr", stdout=io.StringIO())
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "touchpoints", "first", "reply"),
    [
        (
            "en",
            ["Counter check-in", "Deposit on the card"],
            "@ines agents say the queue peaks",
            "@claire yes, I'll add it",
        ),
        (
            "fr",
            ["Accueil au comptoir", "Caution sur la carte"],
            "@ines les agents disent que la file",
            "@claire oui, je l’ajoute",
        ),
    ],
)
def test_the_demo_map_has_comment_threads_with_mentions_one_resolved(
    language, touchpoints, first, reply
):
    call_command("load_demo", "--allow-production", "--language", language, stdout=io.StringIO())

    threads = Comment.objects.filter(parent__isnull=True).order_by("pk")
    assert [
        (thread.target.name, thread.target.stage.journey.state, thread.is_resolved)
        for thread in threads
    ] == [(touchpoints[0], "as_is", False), (touchpoints[1], "as_is", True)]
    assert {thread.author.username for thread in threads} == {"claire"}
    assert threads[0].body.startswith(first)
    assert threads[0].replies.get().body.startswith(reply)
    assert threads[1].resolved_by.username == "claire"
    assert sorted(
        Notification.objects.filter(kind="comment.mention").values_list(
            "recipient__username", flat=True
        )
    ) == ["claire", "claire", "ines"]
