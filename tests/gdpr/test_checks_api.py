"""The register's consistency checks in the API."""

import pytest

from journeys.models import Journey
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import DataItemFactory

pytestmark = pytest.mark.django_db


def test_the_consistency_checks_endpoint(token_client, dpo):
    journey = JourneyFactory(state=Journey.State.AS_IS)
    stage = StageFactory(journey=journey, code="C", name="Pre-book")
    TouchpointFactory(stage=stage, collects_personal_data=True)
    item = DataItemFactory(stage=StageFactory(journey=journey), activity=None, name="IP")
    client = token_client(dpo)

    body = client.get("/api/v1/consistency-checks/", {"journey": journey.pk}).json()

    checks = {check["code"]: check for check in body}
    assert checks["no_legal_basis"]["entries"] == [
        {"id": item.pk, "kind": "dataitem", "label": str(item)}
    ]
    assert checks["stage_without_entry"] == {
        "code": "stage_without_entry",
        "title": "Stages whose touchpoints collect personal data with no register entry",
        "passed": False,
        "entries": [{"id": stage.pk, "kind": "stage", "label": "C. Pre-book"}],
        "more": False,
    }
    assert checks["special_without_condition"]["passed"] is True
