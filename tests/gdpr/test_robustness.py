"""Malformed addresses on the register are 404s, never server errors."""

import pytest

from gdpr.models import RespondentAccess
from tests.feedback.factories import RespondentFactory

from .factories import DataItemFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_kind_of_history_is_a_404(client, dpo):
    item = DataItemFactory()
    client.force_login(dpo)
    assert client.get(f"/register/items/{item.pk}/history.csv").status_code == 200
    assert client.get(f"/register/journeys/{item.pk}/history.csv").status_code == 404
    assert client.get(f"/register/processors/{item.pk}/history.csv").status_code == 404


@pytest.mark.parametrize("respondent_id", ["abc", "1.5", "-1", "99999999999999999999999"])
def test_a_malformed_respondent_id_is_a_404_and_nothing_is_logged(token_client, dpo, respondent_id):
    RespondentFactory()
    client = token_client(dpo)
    assert client.get(f"/api/v1/respondent-requests/{respondent_id}/export/").status_code == 404
    assert client.post(f"/api/v1/respondent-requests/{respondent_id}/erase/").status_code == 404
    assert not RespondentAccess.objects.exists()
