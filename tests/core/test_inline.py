"""core.inline: what the map and the stakeholder page's tests do not reach."""

import pytest
from django.urls import reverse

from journeys.models import Stage
from journeys.services import StaleEdit
from tests.journeys.factories import StageFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_item_deleted_between_reading_and_saving_keeps_the_input(
    client, cx_manager, monkeypatch
):
    """The update service finds the row gone (a delete committed after the view read the
    item): the editor says so with the input kept, and the map is redrawn."""
    stage = StageFactory(name="Book")

    def deleted_meanwhile(instance, version, *, changed, deleted):
        raise StaleEdit(deleted, code="deleted")

    monkeypatch.setattr("journeys.services.stages.bump_version", deleted_meanwhile)
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:stages_update", args=[stage.journey_id, stage.pk]),
        {"code": "A", "name": "Book online", "place": "airport", "version": "1"},
        **HTMX,
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "This stage was deleted by someone else since you opened it." in page
    assert 'value="Book online"' in page
    assert 'name="version" value="1"' in page  # no newer version to offer
    assert 'hx-swap-oob="true"' in page
    assert Stage.objects.get(pk=stage.pk).name == "Book"
