"""Issue 15, item 3: people are shown by their full name everywhere, their username only
when they have no name."""

import pytest

from core.models import User
from gdpr.forms import RequirementForm
from gdpr.models import Requirement
from tests.factories import UserFactory


def test_a_user_reads_as_their_full_name_or_else_their_username():
    assert str(User(username="claire", first_name="Claire", last_name="Martin")) == "Claire Martin"
    assert str(User(username="claire", first_name="Claire")) == "Claire"
    assert str(User(username="ops-bot")) == "ops-bot"


@pytest.mark.django_db
def test_choices_of_people_show_their_names():
    UserFactory(username="claire", first_name="Claire", last_name="Martin")

    labels = [label for _value, label in RequirementForm().fields["owner"].choices]

    assert "Claire Martin" in labels
    assert "claire" not in labels


@pytest.mark.django_db
def test_the_checklist_names_each_requirements_owner(client, viewer):
    david = UserFactory(username="david", first_name="David", last_name="Leroy", role="dpo")
    Requirement.objects.filter(key=Requirement.Key.APPOINT_DPO).update(owner=david)
    client.force_login(viewer)

    page = client.get("/register/checklist/", headers={"accept-language": "en"})

    assert "Owner: David Leroy" in page.text
