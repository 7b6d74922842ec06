"""The pages that offered every persona, processing activity or journey in a select now carry
the chosen row and the first 30 others, and a search box for the rest (core.choices)."""

import re

import pytest

from tests.gdpr.factories import ProcessingActivityFactory
from tests.journeys.factories import JourneyFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def _select(html: str, name: str) -> list[tuple[str, str, bool]]:
    """The options (value, label, selected) of the select called `name` on the page."""
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', body
        )
    ]


@pytest.fixture
def forty_journeys():
    # Named so that the last made comes first by name: it is beyond the first 30 by key.
    return [JourneyFactory(name=f"Journey {99 - n:02d}") for n in range(40)]


def test_persona_choices_find_by_name_or_description(client, viewer):
    renter = PersonaFactory(name="Business renter", description="Rents for work trips")
    PersonaFactory(name="Family", description="Holidays")
    client.force_login(viewer)

    by_name = client.get("/journeys/choices/personas/", {"search": "business"})
    by_description = client.get("/journeys/choices/personas/", {"search": "trips"})

    assert _select(f'<select name="p">{by_name.content.decode()}</select>', "p") == [
        (str(renter.pk), "Business renter", False)
    ]
    assert _select(f'<select name="p">{by_description.content.decode()}</select>', "p") == [
        (str(renter.pk), "Business renter", False)
    ]


def test_persona_choices_need_the_right_to_see_personas(client, user_with_role):
    client.force_login(user_with_role(None))

    assert client.get("/journeys/choices/personas/").status_code == 403


def test_the_new_journey_form_offers_thirty_personas_and_a_search(client, cx_manager):
    personas = [PersonaFactory(name=f"Persona {n:02d}") for n in range(40)]
    client.force_login(cx_manager)

    html = client.get("/journeys/new/").content.decode()

    options = _select(html, "persona")
    assert len(options) == 31  # the blank choice and the first 30
    assert (str(personas[29].pk), "Persona 29", False) in options
    assert (str(personas[30].pk), "Persona 30", False) not in options
    assert 'hx-get="/journeys/choices/personas/"' in html


def test_the_journey_list_filters_by_a_persona_beyond_the_first_thirty(client, viewer):
    personas = [PersonaFactory(name=f"Persona {n:02d}") for n in range(40)]
    JourneyFactory(name="Car rental", persona=personas[39])
    JourneyFactory(name="Car sharing", persona=personas[0])
    client.force_login(viewer)

    html = client.get("/journeys/", {"persona": personas[39].pk}).content.decode()

    assert (str(personas[39].pk), "Persona 39", True) in _select(html, "persona")
    assert "Car rental" in html
    assert "Car sharing" not in html


def test_the_data_item_list_filters_by_an_activity_from_a_search_select(client, dpo):
    activities = [ProcessingActivityFactory(name=f"Activity {n:02d}") for n in range(40)]
    client.force_login(dpo)

    html = client.get("/register/items/", {"activity": activities[35].pk}).content.decode()

    options = _select(html, "activity")
    assert len(options) == 32  # "All activities", the chosen one, the first 30
    assert options[0] == ("", "All activities", False)
    assert options[1] == (str(activities[35].pk), "Activity 35", True)
    assert 'hx-get="/register/activities/choices/"' in html


def test_the_dashboard_opens_on_the_first_journey_by_name_and_shows_it_chosen(
    client, cx_manager, forty_journeys
):
    first_by_name = forty_journeys[-1]  # "Journey 60", made last
    client.force_login(cx_manager)

    response = client.get("/feedback/")

    assert response.context["journey"] == first_by_name
    options = _select(response.content.decode(), "journey")
    assert len(options) == 31
    assert options[0] == (str(first_by_name.pk), "Journey 60", True)


def test_the_dashboard_shows_the_journey_asked_for(client, cx_manager, forty_journeys):
    asked = forty_journeys[5]
    client.force_login(cx_manager)

    response = client.get("/feedback/", {"journey": asked.pk})

    assert response.context["journey"] == asked
    assert _select(response.content.decode(), "journey")[0] == (str(asked.pk), "Journey 94", True)


def test_the_alignment_page_falls_back_to_the_first_journey_by_name(
    client, cx_manager, forty_journeys
):
    client.force_login(cx_manager)

    response = client.get("/stakeholders/alignment/", {"journey": "not a journey"})

    assert response.context["alignment"].journey == forty_journeys[-1]
    assert _select(response.content.decode(), "journey")[0] == (
        str(forty_journeys[-1].pk),
        "Journey 60",
        True,
    )


def test_the_interview_list_filters_by_journey_from_a_search_select(
    client, cx_manager, forty_journeys
):
    client.force_login(cx_manager)

    html = client.get("/stakeholders/interviews/", {"journey": forty_journeys[35].pk}).content
    options = _select(html.decode(), "journey")

    assert len(options) == 32  # "All journeys", the chosen one, the first 30
    assert options[0] == ("", "All journeys", False)
    assert options[1] == (str(forty_journeys[35].pk), "Journey 64", True)
