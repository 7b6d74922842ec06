"""Journey templates: saved from a journey, a journey created from one, the six shipped ones
(three journeys, in English and in French)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys import services
from journeys.models import Journey, JourneyTemplate, MomentOfTruth, Touchpoint
from journeys.models.templates import validate_template_structure

from .factories import (
    JourneyFactory,
    MomentOfTruthFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db


def _small_journey() -> Journey:
    """Two stages; the second has two touchpoints and a moment of truth on the second one."""
    journey = JourneyFactory(name="Car rental")
    StageFactory(journey=journey, name="Book", place="at home", funnel_phase="purchase")
    stage = StageFactory(journey=journey, name="Pick up", place="airport", funnel_phase="")
    TouchpointFactory(stage=stage, name="Counter", channel="counter", lane="front_stage")
    second = TouchpointFactory(
        stage=stage, name="Contract", channel="internal_system", lane="back_stage"
    )
    MomentOfTruthFactory(stage=stage, touchpoint=second, description="Keys", criticality="high")
    MomentOfTruthFactory(stage=stage, touchpoint=None, description="Queue", criticality="low")
    return journey


def test_a_journey_saved_as_template_keeps_its_structure_only():
    journey = _small_journey()
    book, pick_up = journey.stages.order_by("position")

    template = services.journey_template_save(
        journey=journey, name="Rental", language="en", description="From our map"
    )

    assert template.structure == {
        "phase_set": "funnel",
        "stages": [
            {
                "code": "A",
                "name": "Book",
                "place": "at home",
                "funnel_phase": "purchase",
                "customer_goal": book.customer_goal,
                "expectations": book.expectations,
                "touchpoints": [],
                "moments_of_truth": [],
            },
            {
                "code": "B",
                "name": "Pick up",
                "place": "airport",
                "funnel_phase": "",
                "customer_goal": pick_up.customer_goal,
                "expectations": pick_up.expectations,
                "touchpoints": [
                    {"name": "Counter", "channel": "counter", "lane": "front_stage"},
                    {"name": "Contract", "channel": "internal_system", "lane": "back_stage"},
                ],
                "moments_of_truth": [
                    {
                        "description": "Keys",
                        "criticality": "high",
                        "standard": "Car handed over in under 10 minutes",
                        "touchpoint": 1,
                    },
                    {
                        "description": "Queue",
                        "criticality": "low",
                        "standard": "Car handed over in under 10 minutes",
                        "touchpoint": None,
                    },
                ],
            },
        ],
    }
    assert (template.name, template.language, template.description, template.key) == (
        "Rental",
        "en",
        "From our map",
        "",
    )


def test_a_journey_created_from_a_template_has_its_stages_touchpoints_and_moments(
    cx_manager, django_assert_num_queries
):
    template = services.journey_template_save(
        journey=_small_journey(), name="Rental", language="en"
    )
    persona = PersonaFactory()

    # savepoints of journey_create_from_template and journey_create; the persona and the
    # owner checked (full_clean); the journey (INSERT) and its history record; its relatives
    # stamped (UPDATE); the webhook subscriptions to journey.changed (then cached);
    # journey_create's savepoint released; stages, touchpoints, moments of truth: one INSERT
    # each and one for their history, whatever the template's size; the outer savepoint
    # released.
    with django_assert_num_queries(16):
        journey = services.journey_create_from_template(
            template=template, name="Hotel", owner=cx_manager, persona=persona
        )

    assert (journey.name, journey.owner, journey.persona, journey.state) == (
        "Hotel",
        cx_manager,
        persona,
        "as_is",
    )
    assert services.journey_structure(journey=journey) == {
        "phase_set": "funnel",
        **template.structure,
    }
    keys = MomentOfTruth.objects.get(stage__journey=journey, description="Keys")
    assert keys.touchpoint == Touchpoint.objects.get(stage__journey=journey, name="Contract")


def test_a_template_with_repeated_codes_gets_a_b_c():
    template = services.journey_template_create(
        name="Two",
        language="en",
        structure={"stages": [{"code": "X", "name": "One"}, {"code": "X", "name": "Two"}]},
    )

    journey = services.journey_create_from_template(template=template, name="Two")

    assert list(journey.stages.order_by("position").values_list("code", "name")) == [
        ("A", "One"),
        ("B", "Two"),
    ]


@pytest.mark.parametrize(
    "structure",
    [
        pytest.param({}, id="no stages"),
        pytest.param({"stages": []}, id="empty"),
        pytest.param({"stages": [{"name": ""}]}, id="unnamed stage"),
        pytest.param({"stages": [{"name": "A", "funnel_phase": "nope"}]}, id="phase"),
        pytest.param(
            {"stages": [{"name": "A", "touchpoints": [{"name": "T", "channel": "pigeon"}]}]},
            id="channel",
        ),
        pytest.param(
            {
                "stages": [
                    {"name": "A", "moments_of_truth": [{"description": "M", "touchpoint": 0}]}
                ]
            },
            id="moment on a missing touchpoint",
        ),
    ],
)
def test_a_wrong_structure_is_refused(structure):
    with pytest.raises(ValidationError):
        services.journey_template_create(name="Bad", language="en", structure=structure)

    assert JourneyTemplate.objects.filter(key="").count() == 0


SHIPPED = {
    ("car-rental", "en"): ("Car rental", 8, "Pick up at the counter"),
    ("car-rental", "fr"): ("Location de voiture", 8, "Retirer les clés au comptoir"),
    ("hotel-stay", "en"): ("Hotel stay", 7, "Check in"),
    ("hotel-stay", "fr"): ("Séjour à l'hôtel", 7, "Arriver à l'hôtel"),
    ("online-order", "en"): ("Online order with delivery", 7, "Receive the parcel"),
    ("online-order", "fr"): ("Commande en ligne avec livraison", 7, "Recevoir le colis"),
}


def test_parcours_ships_three_templates_in_english_and_in_french():
    shipped = {
        (template.key, template.language): (template.name, template.stage_count)
        for template in JourneyTemplate.objects.exclude(key="")
    }

    assert shipped == {key: (name, count) for key, (name, count, _stage) in SHIPPED.items()}


@pytest.mark.parametrize(("key", "language"), list(SHIPPED))
def test_each_shipped_template_makes_a_whole_journey(key, language):
    template = JourneyTemplate.objects.get(key=key, language=language)
    name, stage_count, one_stage = SHIPPED[key, language]
    validate_template_structure(template.structure)

    journey = services.journey_create_from_template(template=template, name=name)

    stages = list(journey.stages.order_by("position"))
    assert len(stages) == stage_count
    assert [stage.code for stage in stages] == list("ABCDEFGH"[:stage_count])
    assert one_stage in [stage.name for stage in stages]
    assert all(stage.funnel_phase for stage in stages)
    assert Touchpoint.objects.filter(stage__journey=journey).count() >= stage_count
    assert (
        MomentOfTruth.objects.filter(stage__journey=journey, touchpoint__isnull=False).count() >= 3
    )
    assert services.journey_structure(journey=journey) == {
        "phase_set": "funnel",
        **template.structure,
    }


# The pages


def test_the_cx_manager_saves_a_journey_as_template_and_starts_a_journey_from_it(
    client, cx_manager
):
    journey = _small_journey()
    client.force_login(cx_manager)

    form = client.get(reverse("journeys:template_save", args=[journey.pk]))
    saved = client.post(
        reverse("journeys:template_save", args=[journey.pk]),
        {"name": "Our rental", "description": "", "language": "fr"},
    )
    template = JourneyTemplate.objects.get(name="Our rental")
    listed = client.get(reverse("journeys:template_list")).content.decode()
    used = client.post(
        reverse("journeys:template_use", args=[template.pk]),
        {"name": "Rental at the station", "state": "to_be"},
    )

    assert form.status_code == 200
    assert saved.status_code == 302
    assert (template.language, template.created_by, template.stage_count) == ("fr", cx_manager, 2)
    assert "Our rental" in listed
    assert "Location de voiture" in listed
    new = Journey.objects.get(name="Rental at the station")
    assert used.status_code == 302
    assert used["Location"] == reverse("journeys:journey_map", args=[new.pk])
    assert (new.owner, new.state, new.stages.count()) == (cx_manager, "to_be", 2)


def test_the_list_offers_the_templates_in_the_page_language_first(client, cx_manager):
    client.force_login(cx_manager)

    page = client.get(reverse("journeys:template_list"), HTTP_ACCEPT_LANGUAGE="fr")

    names = [template.name for template in page.context["templates"]]
    assert names[:3] == [
        "Commande en ligne avec livraison",
        "Location de voiture",
        "Séjour à l'hôtel",
    ]


def test_the_cx_manager_deletes_a_template_and_the_journeys_stay(client, cx_manager):
    template = JourneyTemplate.objects.get(key="hotel-stay", language="en")
    journey = services.journey_create_from_template(template=template, name="Stay")
    client.force_login(cx_manager)

    response = client.post(reverse("journeys:template_delete", args=[template.pk]))

    assert response.status_code == 302
    assert not JourneyTemplate.objects.filter(pk=template.pk).exists()
    assert Journey.objects.filter(pk=journey.pk).exists()
