"""Search selects (core.choices): a form carries the chosen rows and the first 30 others, and
the choice endpoints find the rest by what is typed."""

import re

import pytest
from django import forms

from journeys.fields import StageChoiceField, StagesChoiceField
from journeys.selectors import stage_options
from tests.gdpr.factories import ProcessingActivityFactory
from tests.journeys.factories import JourneyFactory, StageFactory
from tests.stakeholders.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[tuple[str, str, bool]]:
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', html
        )
    ]


@pytest.fixture
def forty_stages():
    journey = JourneyFactory(name="Car rental")
    return [StageFactory(journey=journey, code=f"S{n:02d}", name=f"Stage {n}") for n in range(40)]


class OneStageForm(forms.Form):
    stage = StageChoiceField(queryset=stage_options(), required=False)


class StagesForm(forms.Form):
    stages = StagesChoiceField(queryset=stage_options())


def test_a_form_carries_the_chosen_stage_and_the_first_thirty(forty_stages):
    chosen = forty_stages[35]

    options = _options(str(OneStageForm(initial={"stage": chosen.pk})["stage"]))

    assert len(options) == 32
    assert options[0] == ("", "- Select an option -", False)
    assert options[1] == (str(chosen.pk), "Car rental — S35. Stage 35", True)
    assert options[2] == (str(forty_stages[0].pk), "Car rental — S00. Stage 0", False)
    assert options[-1] == (str(forty_stages[29].pk), "Car rental — S29. Stage 29", False)


def test_a_multiple_choice_keeps_every_chosen_stage_and_has_no_blank(forty_stages):
    chosen = [forty_stages[38].pk, forty_stages[39].pk]

    options = _options(str(StagesForm(initial={"stages": chosen})["stages"]))

    assert len(options) == 32
    assert [option for option in options if option[2]] == [
        (str(chosen[0]), "Car rental — S38. Stage 38", True),
        (str(chosen[1]), "Car rental — S39. Stage 39", True),
    ]


def test_a_bound_form_accepts_a_stage_beyond_the_first_thirty(forty_stages):
    form = OneStageForm({"stage": forty_stages[39].pk})

    assert form.is_valid()
    assert form.cleaned_data["stage"] == forty_stages[39]


def test_the_search_box_asks_the_stage_choices(forty_stages):
    html = str(OneStageForm()["stage"])

    assert 'hx-get="/journeys/choices/stages/"' in html
    assert 'hx-include="#id_stage"' in html
    assert "&quot;blank&quot;: &quot;- Select an option -&quot;" in html


def test_stage_choices_find_every_word_typed_and_keep_the_chosen(client, viewer, forty_stages):
    other = StageFactory(journey=JourneyFactory(name="Car sharing"), code="A", name="Stage 12")
    client.force_login(viewer)

    found = client.get(
        "/journeys/choices/stages/",
        {"search": "rental 12", "stage": forty_stages[3].pk, "blank": "All stages"},
    )

    assert found.status_code == 200
    assert _options(found.content.decode()) == [
        ("", "All stages", False),
        (str(forty_stages[3].pk), "Car rental — S03. Stage 3", True),
        (str(forty_stages[12].pk), "Car rental — S12. Stage 12", False),
    ]
    sharing = client.get("/journeys/choices/stages/", {"search": "sharing"})
    assert _options(sharing.content.decode()) == [
        (str(other.pk), "Car sharing — A. Stage 12", False)
    ]


def test_stage_choices_say_when_nothing_matches(client, viewer, forty_stages):
    client.force_login(viewer)

    html = client.get("/journeys/choices/stages/", {"search": "helicopter"}).content.decode()

    assert "Nothing matches" in html
    assert _options(html) == [("", "Nothing matches", False)]


def test_choices_cost_two_queries_whatever_the_number_of_rows(
    client, viewer, forty_stages, django_assert_num_queries
):
    client.force_login(viewer)
    client.get("/journeys/choices/stages/")  # the user's permissions are cached

    # The session and the user, then the options.
    with django_assert_num_queries(3):
        client.get("/journeys/choices/stages/", {"search": "stage"})


def test_stakeholder_choices_find_by_name_or_organisation(client, viewer):
    julie = StakeholderFactory(name="Julie Petit", organisation="Airport agencies")
    StakeholderFactory(name="Marc Dubois", organisation="Garage Martin")
    client.force_login(viewer)

    html = client.get("/stakeholders/choices/", {"search": "airport"}).content.decode()

    assert _options(html) == [(str(julie.pk), "Julie Petit", False)]


def test_choices_need_the_right_to_see_the_rows(client, user_with_role):
    client.force_login(user_with_role(None))

    assert client.get("/journeys/choices/stages/").status_code == 403
    assert client.get("/journeys/choices/touchpoints/").status_code == 403
    assert client.get("/stakeholders/choices/").status_code == 403


def test_subcontractor_choices_leave_out_the_internal_stakeholders(client, viewer):
    StakeholderFactory(name="Julie Petit", kind="internal")
    garage = StakeholderFactory(name="Garage Martin", kind="external")
    client.force_login(viewer)

    html = client.get("/stakeholders/choices/", {"kind": "external"}).content.decode()

    assert _options(html) == [(str(garage.pk), "Garage Martin", False)]


def test_activity_and_journey_choices_find_by_name(client, dpo):
    activity = ProcessingActivityFactory(name="Rental contracts")
    ProcessingActivityFactory(name="Newsletter", purposes="Marketing e-mails")
    journey = JourneyFactory(name="Car sharing")
    JourneyFactory(name="Car rental")
    client.force_login(dpo)

    activities = client.get("/register/activities/choices/", {"search": "rental"})
    journeys = client.get("/journeys/choices/journeys/", {"search": "sharing"})

    assert _options(activities.content.decode()) == [(str(activity.pk), "Rental contracts", False)]
    assert _options(journeys.content.decode()) == [(str(journey.pk), "Car sharing", False)]
