"""Human limits on what a map holds: a touchpoint's volume and every free-text field, on the
pages and in the API."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from journeys.models import Persona, Touchpoint
from tests.journeys.factories import StageFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
VOLUME_MESSAGE = "A volume runs up to one billion per period."
MEGABYTE = "x" * 1_000_000


def test_a_volume_beyond_a_billion_is_refused_with_a_human_message(client, cx_manager):
    stage = StageFactory()
    client.force_login(cx_manager)
    url = reverse("journeys:touchpoints_create", args=[stage.journey_id]) + f"?stage={stage.pk}"
    data = {"name": "Website", "channel": "website", "lane": "front_stage"}

    refused = client.post(url, {**data, "volume": 1_000_000_001, "volume_period": "day"}, **HTMX)
    assert VOLUME_MESSAGE in refused.content.decode()
    assert "9223372036854775807" not in refused.content.decode()
    assert not Touchpoint.objects.exists()

    client.post(url, {**data, "volume": 1_000_000_000, "volume_period": "day"}, **HTMX)
    assert Touchpoint.objects.get().volume == 1_000_000_000


def test_the_api_refuses_a_volume_beyond_a_billion(token_client, cx_manager):
    stage = StageFactory()
    response = token_client(cx_manager).post(
        "/api/v1/touchpoints/",
        {
            "stage": stage.pk,
            "name": "Website",
            "channel": "website",
            "volume": 3_000_000_000,
            "volume_period": "day",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"volume": [VOLUME_MESSAGE]}
    assert not Touchpoint.objects.exists()


def test_a_megabyte_persona_description_is_refused_on_the_page(client, cx_manager):
    client.force_login(cx_manager)
    response = client.post(
        reverse("journeys:persona_create"), {"name": "Traveller", "description": MEGABYTE}
    )
    assert response.status_code == 400
    assert (
        "Ensure this value has at most 10000 characters (it has 1000000)."
        in response.content.decode()
    )
    assert not Persona.objects.exists()


def test_a_megabyte_persona_description_is_refused_by_the_api(token_client, cx_manager):
    response = token_client(cx_manager).post(
        "/api/v1/personas/", {"name": "Traveller", "description": MEGABYTE}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "description": ["Ensure this field has no more than 10000 characters."]
    }
    assert not Persona.objects.exists()


def test_every_free_text_field_has_a_length_limit():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in ("core", "journeys", "stakeholders", "feedback", "gdpr")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert unbounded == []
