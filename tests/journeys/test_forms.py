import pytest

from journeys.forms import JourneyDuplicateForm, JourneyForm, PersonaForm

from .factories import PersonaFactory


@pytest.mark.django_db
def test_journey_form_accepts_a_complete_journey(cx_manager):
    persona = PersonaFactory()
    form = JourneyForm(
        {
            "name": "Car rental",
            "persona": persona.pk,
            "state": "as_is",
            "owner": cx_manager.pk,
            "description": "",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["persona"] == persona


@pytest.mark.django_db
def test_journey_form_needs_a_name_and_a_known_state():
    form = JourneyForm({"name": "   ", "state": "someday"})
    assert not form.is_valid()
    assert form.errors == {
        "name": ["This field is required."],
        "state": ["Select a valid choice. someday is not one of the available choices."],
    }


@pytest.mark.django_db
def test_journey_form_offers_only_active_users_as_owners(cx_manager, viewer):
    viewer.is_active = False
    viewer.save()
    assert list(JourneyForm().fields["owner"].queryset) == [cx_manager]


def test_duplicate_form_defaults_to_to_be_and_needs_a_name():
    form = JourneyDuplicateForm({"name": "", "state": "to_be"})
    assert not form.is_valid()
    assert form.errors == {"name": ["This field is required."]}
    assert JourneyDuplicateForm().fields["state"].initial == "to_be"


@pytest.mark.django_db
def test_persona_form_keeps_the_needs_as_lists():
    form = PersonaForm(
        {
            "name": "Business traveller",
            "buying_role": "user",
            "specific_needs": ["comfort", "security"],
            "civile_needs": ["limits"],
        }
    )
    assert form.is_valid(), form.errors
    persona = form.save()
    assert persona.specific_needs == ["comfort", "security"]
    assert persona.civile_needs == ["limits"]


@pytest.mark.django_db
def test_persona_form_refuses_an_unknown_need():
    form = PersonaForm({"name": "P", "specific_needs": ["speed"]})
    assert not form.is_valid()
    assert form.errors == {
        "specific_needs": ["Select a valid choice. speed is not one of the available choices."]
    }
