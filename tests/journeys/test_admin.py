import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .factories import journey_with_map

MODELS = [
    "persona",
    "journey",
    "stage",
    "touchpoint",
    "momentoftruth",
    "observation",
    "action",
    "journeysnapshot",
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_every_journeys_model_has_a_working_admin(client, model):
    journey = journey_with_map(stages=2, touchpoints_per_stage=2)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    changelist = client.get(reverse(f"admin:journeys_{model}_changelist"), {"q": "a"})
    add = client.get(reverse(f"admin:journeys_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 200
    if model == "journey":
        change = client.get(reverse("admin:journeys_journey_change", args=[journey.pk]))
        assert change.status_code == 200
        assert "Stages" in change.content.decode()
        history = client.get(reverse("admin:journeys_journey_history", args=[journey.pk]))
        assert history.status_code == 200
