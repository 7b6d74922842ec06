"""Choices of a user (core.fields): every form and filter that picks an owner, an interviewer
or a contact carries the chosen user and the first 30 others, and finds the rest by name at
core:user_choices — a page costs the same with 40 users or 4,000 (issue 20, goal 5)."""

import re

import pytest
from django import forms
from django.utils import timezone

from core.fields import UserChoiceField
from core.selectors import user_options
from feedback.models import Case
from gdpr.models import Requirement
from journeys.forms import JourneyForm
from stakeholders.models import Stakeholder
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

pytestmark = pytest.mark.django_db

SHOWN = 30


def _options(html: str) -> list[tuple[str, str, bool]]:
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', html
        )
    ]


def _select(html: str, select_id: str) -> list[tuple[str, str, bool]]:
    """The options of the select `select_id` on the page (blank left out)."""
    match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert match, f"no select #{select_id}"
    return [option for option in _options(match.group(1)) if option[0]]


@pytest.fixture
def forty_users(db):
    return [
        UserFactory(username=f"colleague{n:02d}", first_name="Colleague", last_name=f"N{n:02d}")
        for n in range(40)
    ]


class OwnerForm(forms.Form):
    owner = UserChoiceField(queryset=user_options(), required=False)


def test_a_form_carries_the_chosen_user_first_and_thirty_others(forty_users):
    chosen = forty_users[39]

    options = _options(str(OwnerForm(initial={"owner": chosen.pk})["owner"]))

    assert len(options) == 1 + 1 + SHOWN
    assert options[1] == (str(chosen.pk), "Colleague N39", True)
    assert 'hx-get="/choices/users/"' in str(OwnerForm()["owner"])


def test_user_choices_find_by_name_and_never_show_an_email(client, viewer, forty_users):
    claire = UserFactory(username="cmartin", first_name="Claire", last_name="Martin")
    client.force_login(viewer)

    by_last_name = client.get("/choices/users/", {"search": "martin"}).content.decode()
    by_username = client.get("/choices/users/", {"search": "cmart"}).content.decode()
    by_email = client.get("/choices/users/", {"search": "parcours.example"}).content.decode()
    every = client.get("/choices/users/").content.decode()

    assert _options(by_last_name) == [(str(claire.pk), "Claire Martin", False)]
    assert _options(by_username) == [(str(claire.pk), "Claire Martin", False)]
    assert "Nothing matches" in by_email
    assert len(_options(every)) == SHOWN
    assert "@" not in every + by_last_name


def test_user_choices_keep_the_chosen_user_first(client, viewer, forty_users):
    client.force_login(viewer)

    html = client.get(
        "/choices/users/",
        {"search": "colleague n0", "owner": forty_users[35].pk, "blank": "All owners"},
    ).content.decode()

    assert _options(html)[:3] == [
        ("", "All owners", False),
        (str(forty_users[35].pk), "Colleague N35", True),
        (str(forty_users[0].pk), "Colleague N00", False),
    ]
    assert len(_options(html)) == 1 + 1 + 10


def test_user_choices_offer_active_users_but_keep_a_chosen_former_one(client, viewer):
    former = UserFactory(username="gone", first_name="Gone", last_name="Away", is_active=False)
    client.force_login(viewer)

    searched = client.get("/choices/users/", {"search": "away"}).content.decode()
    kept = client.get("/choices/users/", {"search": "away", "owner": former.pk}).content.decode()

    assert "Nothing matches" in searched
    assert _options(kept) == [(str(former.pk), "Gone Away", True)]


def test_user_choices_need_a_signed_in_user(client):
    response = client.get("/choices/users/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.fixture
def world(forty_users, cx_manager):
    journey = JourneyFactory(owner=forty_users[39])
    stage = StageFactory(journey=journey)
    stakeholder = Stakeholder.objects.create(name="Julie Petit", owner=forty_users[39])
    case = Case.objects.create(
        stage=stage, title="Late car", owner=forty_users[39], due_at=timezone.now()
    )
    Requirement.objects.update(owner=forty_users[39])
    return {"journey": journey, "stakeholder": stakeholder, "case": case}


# Each page's user selects: how many users it offers (30, and the one already chosen
# first when there is one: the journey's, stakeholder's or case's owner, colleague 39, or the
# user creating a journey or scheduling an interview, Alice).
PAGES = [
    ("/journeys/new/", {"id_owner": 31, "id_escalation_contact": 30}),
    ("/journeys/{journey}/edit/", {"id_owner": 31, "id_escalation_contact": 30}),
    ("/journeys/{journey}/actions/new/", {"id_owner": 30}),
    ("/journeys/", {"id_owner": 30}),
    ("/stakeholders/new/", {"id_owner": 30}),
    ("/stakeholders/{stakeholder}/edit/", {"id_owner": 31}),
    ("/stakeholders/interviews/new/", {"id_interviewer": 31}),
    ("/feedback/cases/", {"id_owner": 30}),
    ("/feedback/cases/new/", {"id_owner": 30}),
    ("/feedback/cases/{case}/", {"id_owner": 31}),
]


@pytest.mark.parametrize(("url", "selects"), PAGES, ids=[url for url, _selects in PAGES])
def test_each_choice_of_a_user_shows_thirty_and_the_chosen(client, world, cx_manager, url, selects):
    client.force_login(cx_manager)

    page = client.get(url.format(**{name: row.pk for name, row in world.items()}))

    assert page.status_code == 200
    html = page.content.decode()
    assert {select_id: len(_select(html, select_id)) for select_id in selects} == selects


def test_the_checklist_shows_thirty_users_and_each_requirement_s_owner(
    client, world, forty_users, cx_manager
):
    client.force_login(cx_manager)

    page = client.get("/register/checklist/").content.decode()

    selects = re.findall(r'<select[^>]*id="(id_\d+-owner)"', page)
    assert len(selects) == Requirement.objects.count() == 7
    for select_id in selects:
        options = _select(page, select_id)
        assert len(options) == 31
        assert options[0] == (str(forty_users[39].pk), "Colleague N39", True)


def test_a_journey_whose_owner_left_keeps_them_and_saves(client, cx_manager):
    former = UserFactory(username="gone", first_name="Gone", last_name="Away", is_active=False)
    journey = JourneyFactory(owner=former, escalation_contact=former)
    client.force_login(cx_manager)

    page = client.get(f"/journeys/{journey.pk}/edit/").content.decode()
    form = JourneyForm(instance=journey)
    data = {name: form[name].value() for name in form.fields}
    bound = JourneyForm({k: v for k, v in data.items() if v is not None}, instance=journey)

    assert _select(page, "id_owner")[0] == (str(former.pk), "Gone Away", True)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["owner"] == former
    assert former not in JourneyForm().fields["owner"].queryset


def test_user_choices_cost_the_same_whatever_the_number_of_users(
    client, viewer, forty_users, django_assert_num_queries
):
    client.force_login(viewer)

    # The session and the user, then the options.
    with django_assert_num_queries(3):
        client.get("/choices/users/", {"search": "colleague", "owner": forty_users[39].pk})
