"""The persona pages: list with search and filters, create, edit, delete with confirmation."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from journeys.models import Journey, Persona

from ..factories import UserFactory
from .factories import JourneyFactory, PersonaFactory


@pytest.mark.django_db
def test_the_list_shows_personas_with_their_needs_and_journeys(client, viewer):
    traveller = PersonaFactory(
        name="Business traveller",
        buying_role="user",
        specific_needs=["comfort", "security"],
        civile_needs=["consideration"],
    )
    JourneyFactory(persona=traveller)
    JourneyFactory(persona=traveller)
    PersonaFactory(name="Family on holiday", buying_role="payer")
    client.force_login(viewer)

    response = client.get(reverse("journeys:persona_list"))

    assert response.status_code == 200
    assert [p.name for p in response.context["page"]] == ["Business traveller", "Family on holiday"]
    page = response.content.decode()
    assert "comfort, security" in page
    assert f'href="/journeys/?persona={traveller.pk}">2 journeys</a>' in page
    assert "New persona" not in page  # a viewer reads only
    assert "Edit the persona" not in page


@pytest.mark.django_db
def test_the_list_searches_filters_and_says_when_nothing_matches(client, viewer):
    PersonaFactory(name="Business traveller", buying_role="user")
    PersonaFactory(name="Fleet buyer", buying_role="buyer")
    client.force_login(viewer)

    by_name = client.get(reverse("journeys:persona_list"), {"q": "travel"})
    by_role = client.get(reverse("journeys:persona_list"), {"buying_role": "buyer"})
    nothing = client.get(reverse("journeys:persona_list"), {"q": "astronaut"})

    assert [p.name for p in by_name.context["page"]] == ["Business traveller"]
    assert [p.name for p in by_role.context["page"]] == ["Fleet buyer"]
    assert "No persona matches these filters." in nothing.content.decode()


@pytest.mark.django_db
def test_the_list_is_paginated_and_runs_a_fixed_number_of_queries(
    client, viewer, django_assert_num_queries
):
    for index in range(25):
        JourneyFactory(persona=PersonaFactory(name=f"Persona {index:02}"))
    client.force_login(viewer)

    # session, user, user permissions, group permissions; count; the page of personas with
    # their journey count; groups (role badge)
    with django_assert_num_queries(7):
        response = client.get(reverse("journeys:persona_list"), {"page": 2})

    assert [p.name for p in response.context["page"]] == [f"Persona {i}" for i in range(20, 25)]


@pytest.mark.django_db
def test_the_cx_manager_creates_a_persona(client, cx_manager):
    client.force_login(cx_manager)
    assert client.get(reverse("journeys:persona_create")).status_code == 200

    response = client.post(
        reverse("journeys:persona_create"),
        {
            "name": "Business traveller",
            "description": "Flies twice a month.",
            "buying_role": "user",
            "specific_needs": ["comfort", "performance"],
            "civile_needs": ["consideration"],
        },
    )

    assert response.status_code == 302
    persona = Persona.objects.get()
    assert (persona.name, persona.specific_needs, persona.civile_needs) == (
        "Business traveller",
        ["comfort", "performance"],
        ["consideration"],
    )


@pytest.mark.django_db
def test_an_invalid_persona_shows_inline_errors_and_keeps_the_input(client, cx_manager):
    PersonaFactory(name="Business traveller")
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:persona_create"),
        {"name": "Business traveller", "description": "Kept", "specific_needs": ["comfort"]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Persona with this Name already exists." in page
    assert "Kept" in page
    assert 'value="comfort" id="id_specific_needs_7" checked' in page
    assert Persona.objects.count() == 1


@pytest.mark.django_db
def test_the_cx_manager_edits_a_persona(client, cx_manager):
    persona = PersonaFactory(name="Traveller")
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:persona_update", args=[persona.pk]),
        {"name": "Business traveller", "buying_role": "buyer", "civile_needs": ["limits"]},
    )

    assert response.status_code == 302
    persona.refresh_from_db()
    assert (persona.name, persona.buying_role, persona.specific_needs, persona.civile_needs) == (
        "Business traveller",
        "buyer",
        [],
        ["limits"],
    )


@pytest.mark.django_db
def test_deleting_a_persona_asks_first_and_keeps_its_journeys(client, cx_manager):
    persona = PersonaFactory(name="Traveller")
    journey = JourneyFactory(name="Car rental", persona=persona)
    client.force_login(cx_manager)
    url = reverse("journeys:persona_delete", args=[persona.pk])

    confirm = client.get(url)

    assert "This journey stays, without a persona:" in confirm.content.decode()
    assert Persona.objects.exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not Persona.objects.exists()
    assert Journey.objects.get(pk=journey.pk).persona is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "name", "needs_persona"),
    [
        ("post", "journeys:persona_create", False),
        ("post", "journeys:persona_update", True),
        ("post", "journeys:persona_delete", True),
    ],
)
def test_a_viewer_cannot_change_personas(client, viewer, method, name, needs_persona):
    persona = PersonaFactory(name="Traveller")
    client.force_login(viewer)
    url = reverse(name, args=[persona.pk] if needs_persona else [])

    response = getattr(client, method)(url, {"name": "Changed"})

    assert response.status_code == 403
    assert list(Persona.objects.values_list("name", flat=True)) == ["Traveller"]


@pytest.mark.django_db
def test_a_new_journey_creates_its_persona_inline(client, cx_manager):
    client.force_login(cx_manager)
    url = reverse("journeys:journey_create")
    assert 'name="new_persona"' in client.get(url).content.decode()

    response = client.post(
        url,
        {"name": "Hotel stay", "new_persona": "  Family on holiday ", "state": "as_is"},
    )

    journey = Journey.objects.get(name="Hotel stay")
    assert response.status_code == 302
    assert journey.persona.name == "Family on holiday"
    assert Persona.objects.count() == 1


@pytest.mark.django_db
def test_a_new_journey_takes_an_existing_persona_or_a_new_one_not_both(client, cx_manager):
    existing = PersonaFactory()
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:journey_create"),
        {"name": "Hotel stay", "persona": existing.pk, "new_persona": "Other", "state": "as_is"},
    )

    assert response.status_code == 400
    assert "Pick an existing persona or name a new one, not both." in response.content.decode()
    assert not Journey.objects.exists()
    assert Persona.objects.count() == 1


@pytest.mark.django_db
def test_only_who_may_add_personas_is_offered_a_new_one(client):
    journeys_only = UserFactory()
    journeys_only.user_permissions.add(
        Permission.objects.get(codename="add_journey", content_type__app_label="journeys")
    )
    client.force_login(journeys_only)

    page = client.get(reverse("journeys:journey_create")).content.decode()

    assert 'name="new_persona"' not in page


@pytest.mark.django_db
def test_the_persona_form_explains_the_specific_and_civile_needs(client, cx_manager):
    client.force_login(cx_manager)

    page = client.get(reverse("journeys:persona_create")).content.decode()

    assert "What the customer looks for in the offer itself (SPECIFIC)" in page
    assert "integration (belonging)" in page
