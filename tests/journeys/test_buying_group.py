"""Buying groups (seed 001): the personas of a journey with their buying roles, channels and
the stages where they matter; and phase sets, the funnel or the relationship cycle (seed 002)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys import forms, selectors, services
from journeys.models import BuyingGroupMember, Journey, Stage

from .factories import BuyingGroupMemberFactory, JourneyFactory, PersonaFactory, StageFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def car_rental():
    """A journey of four stages (A-D), the company that pays at B and D, nobody else yet."""
    journey = JourneyFactory(name="Car rental")
    stages = [StageFactory(journey=journey) for _ in range(4)]
    company = PersonaFactory(name="Traveller's company")
    return journey, stages, company


# Models and services


def test_a_member_is_added_at_the_stages_where_they_matter(car_rental):
    journey, stages, company = car_rental
    before = Journey.objects.get(pk=journey.pk).updated_at

    member = services.buying_group_member_create(
        journey=journey,
        persona=company,
        role="payer",
        preferred_channels=["email"],
        stages=[stages[3], stages[1]],
        specific_needs=["finances"],
        civile_needs=["limits"],
        needs="One invoice in the company's name.",
    )

    assert [stage.code for stage in member.stages.order_by("position")] == ["B", "D"]
    assert str(member) == "Traveller's company (payer)"
    assert member.get_preferred_channels_display() == ["e-mail"]
    assert (member.get_specific_needs_display(), member.get_civile_needs_display()) == (
        ["finances"],
        ["limits"],
    )
    assert Journey.objects.get(pk=journey.pk).updated_at > before


def test_a_persona_is_in_a_journey_s_buying_group_once(car_rental):
    journey, _stages, company = car_rental
    BuyingGroupMemberFactory(journey=journey, persona=company)

    with pytest.raises(ValidationError) as error:
        services.buying_group_member_create(journey=journey, persona=company, role="user")

    assert "This persona is already in the journey's buying group." in str(error.value)
    assert BuyingGroupMember.objects.filter(journey=journey).count() == 1


def test_a_member_s_stages_are_the_journey_s_own(car_rental):
    journey, _stages, company = car_rental
    elsewhere = StageFactory()

    with pytest.raises(ValidationError) as error:
        services.buying_group_member_create(
            journey=journey, persona=company, role="payer", stages=[elsewhere]
        )

    assert error.value.message_dict == {
        "stages": ["The stages must belong to the member's journey."]
    }
    assert not BuyingGroupMember.objects.exists()


def test_a_member_s_channels_are_customer_channels(car_rental):
    journey, _stages, company = car_rental

    with pytest.raises(ValidationError) as error:
        services.buying_group_member_create(
            journey=journey, persona=company, role="payer", preferred_channels=["internal_system"]
        )

    assert error.value.message_dict == {
        "preferred_channels": ["A persona's channels are customer channels."]
    }


def test_updating_a_member_moves_them_to_other_stages(car_rental):
    journey, stages, company = car_rental
    member = BuyingGroupMemberFactory(journey=journey, persona=company, stages=stages[:2])

    services.buying_group_member_update(
        member=member, data={"role": "final_decision_maker", "stages": [stages[2]]}
    )

    member.refresh_from_db()
    assert member.role == "final_decision_maker"
    assert [stage.code for stage in member.stages.all()] == ["C"]


def test_deleting_a_member_keeps_the_persona(car_rental):
    journey, _stages, company = car_rental
    member = BuyingGroupMemberFactory(journey=journey, persona=company)

    services.buying_group_member_delete(member=member)

    assert not BuyingGroupMember.objects.exists()
    assert company.pk in set(company._meta.model.objects.values_list("pk", flat=True))


def test_a_duplicate_copies_the_buying_group_onto_its_own_stages(car_rental):
    journey, stages, company = car_rental
    BuyingGroupMemberFactory(
        journey=journey, persona=company, role="payer", stages=[stages[1], stages[3]]
    )

    copy = services.journey_duplicate(journey=journey, name="Car rental (to-be)")

    member = copy.buying_group.get()
    assert (member.persona, member.role, member.needs) == (
        company,
        "payer",
        "An invoice in the company's name.",
    )
    assert [(stage.journey_id, stage.code) for stage in member.stages.order_by("position")] == [
        (copy.pk, "B"),
        (copy.pk, "D"),
    ]
    assert BuyingGroupMember.objects.filter(journey=journey).count() == 1


# Selectors and the map


def test_the_map_says_whose_stage_it_is(client, viewer, car_rental):
    journey, stages, company = car_rental
    traveller = PersonaFactory(name="Business traveller")
    BuyingGroupMemberFactory(journey=journey, persona=company, role="payer", stages=[stages[1]])
    BuyingGroupMemberFactory(
        journey=journey, persona=traveller, role="user", stages=[stages[0], stages[1]]
    )

    journey_map = selectors.journey_map(journey_id=journey.pk, user=viewer)

    assert [
        [(member.persona.name, member.role) for member in column.buying_group]
        for column in journey_map.columns
    ] == [
        [("Business traveller", "user")],
        [("Traveller's company", "payer"), ("Business traveller", "user")],
        [],
        [],
    ]
    client.force_login(viewer)
    page = client.get(f"/journeys/{journey.pk}/").content.decode()
    assert "Buying group: whose stage it is" in page
    assert page.count('<div class="buying-member role-user">') == 2
    assert page.count('<div class="buying-member role-payer">') == 1
    # A viewer reads the group but cannot change it.
    assert reverse("journeys:buying-group_create", args=[journey.pk]) not in page


def test_the_map_api_returns_the_buying_group(token_client, viewer, car_rental):
    journey, stages, company = car_rental
    member = BuyingGroupMemberFactory(
        journey=journey, persona=company, role="payer", stages=[stages[3], stages[1]]
    )

    body = token_client(viewer).get(f"/api/v1/journeys/{journey.pk}/map/").json()

    assert body["buying_group"] == [
        {
            "id": member.pk,
            "persona": company.pk,
            "persona_name": "Traveller's company",
            "role": "payer",
            "preferred_channels": ["email"],
            "stages": [stages[1].pk, stages[3].pk],
            "specific_needs": [],
            "civile_needs": [],
            "needs": "An invoice in the company's name.",
        }
    ]


# The map's inline editing (htmx)


def test_the_cx_manager_adds_a_member_from_the_map(client, cx_manager, car_rental):
    journey, stages, company = car_rental
    client.force_login(cx_manager)
    url = reverse("journeys:buying-group_create", args=[journey.pk])

    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert "Add a persona to the buying group" in form.content.decode()

    response = client.post(
        url,
        {
            "persona": company.pk,
            "role": "payer",
            "preferred_channels": ["email", "website"],
            "stages": [stages[1].pk, stages[3].pk],
            "specific_needs": ["finances"],
            "needs": "One invoice",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "mapChanged"
    member = journey.buying_group.get()
    assert (member.persona, member.role, member.preferred_channels) == (
        company,
        "payer",
        ["email", "website"],
    )
    assert response.content.decode().count('<div class="buying-member role-payer">') == 2


def test_adding_a_persona_twice_answers_422_with_the_reason(client, cx_manager, car_rental):
    journey, _stages, company = car_rental
    BuyingGroupMemberFactory(journey=journey, persona=company)
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:buying-group_create", args=[journey.pk]),
        {"persona": company.pk, "role": "user"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "This persona is already in the journey" in response.content.decode()
    assert journey.buying_group.count() == 1


def test_the_form_offers_the_journey_s_stages_and_customer_channels_only(car_rental):
    journey, stages, _company = car_rental
    StageFactory()  # another journey's

    form = forms.BuyingGroupMemberForm(instance=BuyingGroupMember(journey=journey))

    assert list(form.fields["stages"].queryset) == stages
    assert "internal_system" not in dict(form.fields["preferred_channels"].choices)


def test_the_cx_manager_edits_and_removes_a_member(client, cx_manager, car_rental):
    journey, stages, company = car_rental
    member = BuyingGroupMemberFactory(journey=journey, persona=company, stages=[stages[0]])
    client.force_login(cx_manager)

    edited = client.post(
        reverse("journeys:buying-group_update", args=[journey.pk, member.pk]),
        {"persona": company.pk, "role": "influencer", "stages": [stages[2].pk]},
        **HTMX,
    )
    assert edited.status_code == 200
    member.refresh_from_db()
    assert member.role == "influencer"
    assert list(member.stages.all()) == [stages[2]]

    removed = client.post(
        reverse("journeys:buying-group_delete", args=[journey.pk, member.pk]), **HTMX
    )
    assert removed.status_code == 200
    assert not BuyingGroupMember.objects.exists()


def test_a_member_of_another_journey_is_not_found(client, cx_manager, car_rental):
    journey, _stages, _company = car_rental
    elsewhere = BuyingGroupMemberFactory()
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:buying-group_delete", args=[journey.pk, elsewhere.pk]), **HTMX
    )

    assert response.status_code == 404
    assert BuyingGroupMember.objects.filter(pk=elsewhere.pk).exists()


# API


def test_the_api_adds_lists_and_changes_members(token_client, cx_manager, car_rental):
    journey, stages, company = car_rental
    client = token_client(cx_manager)

    created = client.post(
        "/api/v1/buying-group-members/",
        {
            "journey": journey.pk,
            "persona": company.pk,
            "role": "payer",
            "preferred_channels": ["email"],
            "stages": [stages[1].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    member_id = created.json()["id"]

    changed = client.patch(
        f"/api/v1/buying-group-members/{member_id}/",
        {"stages": [stages[2].pk, stages[3].pk], "journey": JourneyFactory().pk},
        format="json",
    )
    assert changed.status_code == 200
    assert (changed.json()["journey"], changed.json()["stages"]) == (
        journey.pk,
        [stages[2].pk, stages[3].pk],
    )
    listed = client.get(f"/api/v1/buying-group-members/?journey={journey.pk}").json()
    assert [row["id"] for row in listed["results"]] == [member_id]
    assert client.delete(f"/api/v1/buying-group-members/{member_id}/").status_code == 204
    assert not BuyingGroupMember.objects.exists()


def test_the_api_refuses_another_journey_s_stage_and_an_internal_channel(
    token_client, cx_manager, car_rental
):
    journey, _stages, company = car_rental
    client = token_client(cx_manager)

    response = client.post(
        "/api/v1/buying-group-members/",
        {
            "journey": journey.pk,
            "persona": company.pk,
            "role": "payer",
            "stages": [StageFactory().pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"stages": ["The stages must belong to the member's journey."]}
    internal = client.post(
        "/api/v1/buying-group-members/",
        {
            "journey": journey.pk,
            "persona": company.pk,
            "role": "payer",
            "preferred_channels": ["internal_process"],
        },
        format="json",
    )
    assert internal.status_code == 400
    assert list(internal.json()) == ["preferred_channels"]
    assert not BuyingGroupMember.objects.exists()


def test_a_viewer_reads_the_buying_group_but_cannot_change_it(token_client, viewer, car_rental):
    journey, _stages, company = car_rental
    member = BuyingGroupMemberFactory(journey=journey, persona=company)
    client = token_client(viewer)

    assert client.get(f"/api/v1/buying-group-members/{member.pk}/").status_code == 200
    assert client.delete(f"/api/v1/buying-group-members/{member.pk}/").status_code == 403
    assert BuyingGroupMember.objects.filter(pk=member.pk).exists()


def test_the_new_endpoints_are_in_the_schema(token_client, viewer):
    schema = (
        token_client(viewer)
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    paths = schema["paths"]

    assert {"get", "post"} <= set(paths["/api/v1/buying-group-members/"])
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/v1/buying-group-members/{id}/"])
    assert "get" in paths["/api/v1/journeys/{id}/compare/"]
    assert "get" in paths["/api/v1/stakeholder-map/"]
    assert "get" in paths["/api/v1/alignment/"]
    journey_fields = schema["components"]["schemas"]["Journey"]["properties"]
    assert "phase_set" in journey_fields


# Phase sets


def test_a_journey_uses_the_funnel_unless_it_chooses_the_relationship_cycle():
    journey = services.journey_create(name="Trip")
    cycle = services.journey_create(name="Stay", phase_set="relationship_cycle")

    assert journey.phase_set == "funnel"
    assert [
        label
        for _value, label in forms.StageForm(instance=Stage(journey=cycle))
        .fields["funnel_phase"]
        .choices
    ] == [
        "---------",
        "aspiration / inspiration",
        "planning",
        "comparison",
        "transaction",
        "stay",
        "ambassador / detractor",
    ]


def test_a_stage_takes_a_phase_of_its_journey_s_set():
    journey = services.journey_create(name="Stay", phase_set="relationship_cycle")

    stage = services.stage_create(journey=journey, name="Dream", funnel_phase="aspiration")
    with pytest.raises(ValidationError) as error:
        services.stage_create(journey=journey, name="Pay", funnel_phase="purchase")

    assert stage.get_funnel_phase_display() == "aspiration / inspiration"
    assert error.value.message_dict == {
        "funnel_phase": [
            "Pick a phase of the journey's phase set (relationship cycle (six steps))."
        ]
    }


def test_changing_the_phase_set_moves_each_stage_to_the_nearest_phase():
    journey = services.journey_create(name="Trip")
    phases = ["awareness", "consideration", "purchase", "service_use", "loyalty_advocacy", ""]
    for phase in phases:
        services.stage_create(journey=journey, name=phase or "none", funnel_phase=phase)

    services.journey_update(journey=journey, data={"phase_set": "relationship_cycle"})

    stages = journey.stages.order_by("position")
    assert [stage.funnel_phase for stage in stages] == [
        "aspiration",
        "comparison",
        "transaction",
        "stay",
        "ambassador",
        "",
    ]
    assert {stage.version for stage in stages if stage.funnel_phase} == {2}

    services.journey_update(journey=journey, data={"phase_set": "funnel"})
    assert list(journey.stages.order_by("position").values_list("funnel_phase", flat=True)) == [
        *phases
    ]


def test_the_journey_form_offers_both_phase_sets(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    page = client.get(f"/journeys/{journey.pk}/edit/").content.decode()

    assert "funnel (five phases)" in page
    assert "relationship cycle (six steps)" in page


def test_the_map_picture_has_the_buying_group_row_when_there_is_one(client, viewer, car_rental):
    journey, stages, company = car_rental
    client.force_login(viewer)
    url = reverse("journeys:journey_export_svg", args=[journey.pk])
    assert ">Buying" not in client.get(url).content.decode()

    BuyingGroupMemberFactory(journey=journey, persona=company, role="payer", stages=[stages[1]])

    svg = client.get(url).content.decode()
    assert ">Buying" in svg
    assert ">payer<" in svg


def test_renaming_a_member_s_persona_changes_the_maps_that_show_it(car_rental):
    journey, _stages, company = car_rental
    BuyingGroupMemberFactory(journey=journey, persona=company)
    other = JourneyFactory()
    before = {j.pk: j.updated_at for j in Journey.objects.all()}

    services.persona_update(persona=company, data={"name": "The employer"})

    after = {j.pk: j.updated_at for j in Journey.objects.all()}
    assert after[journey.pk] > before[journey.pk]
    assert after[other.pk] == before[other.pk]
