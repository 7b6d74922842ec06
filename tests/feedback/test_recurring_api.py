"""The recurring causes of complaints in the API."""

import pytest

from feedback import services
from tests.journeys.factories import StageFactory

pytestmark = pytest.mark.django_db


def test_the_recurring_causes_endpoint(token_client, viewer):
    stage = StageFactory(code="F", name="Pick up")
    for _ in range(3):
        services.case_create(stage=stage, title="Late car", category="temporal")
    services.case_create(stage=stage, title="Fee", category="financial")
    client = token_client(viewer)

    response = client.get("/api/v1/recurring-causes/", {"journey": stage.journey_id})

    assert response.json() == [
        {
            "stage": stage.pk,
            "stage_label": "F. Pick up",
            "category": "temporal",
            "category_label": "temporal",
            "cases": 3,
        }
    ]
    assert client.get("/api/v1/recurring-causes/").status_code == 400
