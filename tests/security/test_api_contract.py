"""The API answers what its published schema says, and a malformed request is a 4xx, never a 500.

Each case was a server error or a schema violation found by schemathesis (issue 14 #17); the
responses are checked against /api/schema/ with schemathesis' own response validation.
"""

import pytest
import requests
from schemathesis.core.transport import Response
from schemathesis.openapi import from_dict

from core.roles import Role
from journeys.models import Persona
from tests.journeys.factories import JourneyFactory, TouchpointFactory

HUGE = "-2727183265978604199084032"


@pytest.fixture
def client(token_client, cx_manager):
    return token_client(cx_manager)


def _conforms(client, response, path: str, method: str = "GET") -> None:
    """Raises when the response breaks the schema published at /api/schema/."""
    schema = from_dict(client.get("/api/schema/?format=json").json())
    url = f"http://testserver{response.request['PATH_INFO']}"
    schema[path][method].validate_response(
        Response(
            status_code=response.status_code,
            headers={name.lower(): [value] for name, value in response.headers.items()},
            content=response.content,
            request=requests.Request(method, url).prepare(),
            elapsed=0.0,
            verify=True,
        )
    )


def test_scores_of_a_month_of_year_zero_is_a_400_not_a_500(client):
    response = client.get("/api/v1/scores/?journey=0&month=0000-01&stage=0")

    assert response.status_code == 400
    assert response.json() == {
        "journey": ["Enter a valid id."],
        "stage": ["Enter a valid id."],
        "month": ["Enter a month as YYYY-MM, from 0001-01 to 9999-12."],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/journeys/null,null/map/",
        "/api/v1/journeys/null/",
        "/api/v1/stages/1.5/move/",
        "/api/v1/processing-activities/abc/history/",
        "/api/v1/cases/-1/",
        "/api/v1/cases/99999999999999999999/",
        "/api/v1/cases/%01/",
        "/api/v1/no-such-thing/",
    ],
)
def test_detail_routes_take_only_integer_ids(client, path):
    JourneyFactory()

    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/responses/?journey={HUGE}",
        f"/api/v1/responses/?stage={HUGE}",
        f"/api/v1/sla-measurements/?stakeholder={HUGE}",
        f"/api/v1/sla-measurements/?sla={HUGE}",
        f"/api/v1/touchpoints/?journey={HUGE}",
        f"/api/v1/cases/?journey={HUGE}",
        f"/api/v1/cases/?stage={HUGE}",
        f"/api/v1/journeys/?persona={HUGE}",
        "/api/v1/responses/?journey=0",
    ],
)
def test_integer_filters_are_bounded_ids(client, path):
    name = path.split("?")[1].split("=")[0]

    response = client.get(path)

    assert response.status_code == 400
    assert response.json() == {name: ["Enter a valid id."]}


def test_an_id_filter_of_no_row_lists_nothing(client):
    JourneyFactory()

    response = client.get("/api/v1/journeys/?persona=9223372036854775807")

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_history_of_a_register_entry_is_what_the_schema_says(token_client, world):
    client = token_client(world["users"][Role.DPO])
    activity = world["activity"]
    for path, pk in [
        ("/api/v1/processing-activities/{id}/history/", activity.pk),
        ("/api/v1/data-items/{id}/history/", world["data_item"].pk),
    ]:
        response = client.get(path.format(id=pk))

        assert response.status_code == 200
        _conforms(client, response, path)


def test_a_journey_map_without_persona_is_what_the_schema_says(client):
    journey = JourneyFactory(persona=None)

    response = client.get(f"/api/v1/journeys/{journey.pk}/map/")

    assert response.status_code == 200
    assert response.json()["persona"] is None
    _conforms(client, response, "/api/v1/journeys/{id}/map/")


@pytest.mark.parametrize(
    ("page_size", "message"),
    [
        ("abc", "A valid integer is required."),
        ("", "A valid integer is required."),
        ("0", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_a_page_size_that_is_no_page_size_is_a_400(client, page_size, message):
    response = client.get(f"/api/v1/personas/?page_size={page_size}")

    assert response.status_code == 400
    assert response.json() == {"page_size": [message]}


def test_a_page_size_over_the_maximum_gives_the_maximum(client):
    response = client.get("/api/v1/personas/?page_size=100000")

    assert response.status_code == 200
    _conforms(client, response, "/api/v1/personas/")


@pytest.mark.parametrize("name", [12, 1.5, True])
def test_a_text_field_refuses_what_is_no_text(client, name):
    response = client.post("/api/v1/personas/", {"name": name})

    assert response.status_code == 400
    assert response.json() == {"name": ["Not a valid string."]}
    assert Persona.objects.count() == 0


@pytest.mark.parametrize("value", ["yes", "true", 1, "on"])
def test_a_boolean_field_takes_only_true_or_false(client, value):
    touchpoint = TouchpointFactory(collects_personal_data=False)

    response = client.patch(
        f"/api/v1/touchpoints/{touchpoint.pk}/", {"collects_personal_data": value}
    )

    assert response.status_code == 400
    assert response.json() == {"collects_personal_data": ["Must be a valid boolean."]}
    touchpoint.refresh_from_db()
    assert touchpoint.collects_personal_data is False


def test_the_api_reads_only_json(client):
    response = client.post("/api/v1/personas/", {"name": "P"}, format="multipart")

    assert response.status_code == 415
    assert Persona.objects.count() == 0
    schema = client.get("/api/schema/?format=json").json()
    media_types = {
        media_type
        for item in schema["paths"].values()
        for operation in item.values()
        for media_type in operation.get("requestBody", {}).get("content", {})
    }
    assert media_types == {"application/json"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=", "This field may not be blank."),
        ("opened_after=", "This field may not be blank."),
        ("overdue=", "This field may not be blank."),
        ("overdue=maybe", "Must be a valid boolean."),
    ],
)
def test_an_empty_or_invalid_filter_is_a_400_not_ignored(client, query, message):
    response = client.get(f"/api/v1/cases/?{query}")

    assert response.status_code == 400
    assert response.json() == {query.split("=")[0]: [message]}


def test_the_schema_says_text_holds_no_control_characters(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    assert schema["PersonaRequest"]["properties"]["name"]["pattern"] == (
        "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"
    )


def test_a_text_that_may_be_blank_is_one_string_schema(client):
    """drf-spectacular gives a blank-allowed field with a pattern `oneOf` the pattern or an
    empty string: "" matches both, and every empty description broke the schema."""
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    assert schema["Action"]["properties"]["description"] == {
        "type": "string",
        "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$",
        "maxLength": 10000,
    }
