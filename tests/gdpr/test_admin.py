"""The admin lists and the history pages of the register open."""

import pytest

from tests.factories import UserFactory

from .factories import DataItemFactory, ProcessorFactory

pytestmark = pytest.mark.django_db


def test_the_admin_pages_open(client):
    item = DataItemFactory()
    ProcessorFactory(activity=item.activity)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (
        "/admin/gdpr/dataitem/",
        f"/admin/gdpr/dataitem/{item.pk}/change/",
        f"/admin/gdpr/dataitem/{item.pk}/history/",
        "/admin/gdpr/processingactivity/",
        f"/admin/gdpr/processingactivity/{item.activity_id}/change/",
        "/admin/gdpr/processor/",
        "/admin/gdpr/dpiascreening/",
        "/admin/gdpr/requirement/",
        "/admin/gdpr/respondentaccess/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/gdpr/respondentaccess/add/").status_code == 403
