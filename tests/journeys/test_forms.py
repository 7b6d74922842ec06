import pytest

from journeys.forms import (
    ActionForm,
    JourneyDuplicateForm,
    JourneyForm,
    MomentOfTruthForm,
    PersonaForm,
    StageForm,
    TouchpointForm,
)
from journeys.models import Action, Touchpoint

from ..factories import UserFactory
from .factories import JourneyFactory, PersonaFactory, StageFactory


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


def test_the_stage_form_starts_with_the_name():
    assert list(StageForm().fields)[:2] == ["name", "code"]


def test_help_texts_name_no_particular_trade():
    texts = " ".join(
        str(field.help_text)
        for form in (StageForm(), TouchpointForm(), MomentOfTruthForm())
        for field in form.fields.values()
    )
    for word in ("car", "driving", "rental"):
        assert word not in texts.lower().split(), word
    assert "answered in under 2 minutes" in texts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("channel", "lane", "valid"),
    [
        ("internal_system", "back_stage", True),
        ("internal_process", "back_stage", True),
        ("internal_system", "front_stage", False),
        ("internal_process", "front_stage", False),
        ("phone", "back_stage", True),
    ],
)
def test_internal_channels_are_for_back_stage_touchpoints(channel, lane, valid):
    form = TouchpointForm(
        {"name": "Fleet check", "channel": channel, "lane": lane, "version": 1},
        instance=Touchpoint(stage=StageFactory(), position=1),
    )

    assert form.is_valid() is valid, form.errors
    if not valid:
        assert (
            "The customer does not see an internal system or process" in form.errors["channel"][0]
        )


def test_the_touchpoint_form_groups_customer_and_internal_channels():
    groups = TouchpointForm().fields["channel"].choices
    assert [str(label) for label, _ in groups[1:]] == [
        "Customer channels",
        "Inside the company (back-stage only)",
    ]
    assert [value for value, _ in groups[2][1]] == ["internal_system", "internal_process"]


@pytest.mark.django_db
def test_the_action_form_names_owners_by_their_full_name():
    owner = UserFactory(username="cmartin", first_name="Claire", last_name="Martin")
    form = ActionForm(instance=Action(journey=JourneyFactory()))

    assert (owner.pk, "Claire Martin") in [
        (choice[0].value, choice[1]) for choice in form.fields["owner"].choices if choice[0]
    ]
