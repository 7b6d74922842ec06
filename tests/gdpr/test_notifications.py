"""The register's notifications: an entry submitted tells the DPOs, an entry sent back tells
whoever last submitted it."""

import pytest

from core.models import Notification
from core.roles import Role
from gdpr import services
from gdpr.models import ReviewStatus
from tests.factories import UserFactory

from .factories import DataItemFactory

pytestmark = pytest.mark.django_db


def test_submitted_tells_the_dpo_and_sent_back_tells_the_submitter():
    dpo = UserFactory(username="dpo1", role=Role.DPO)
    author = UserFactory(username="author", role=Role.CX_MANAGER)
    item = DataItemFactory()

    services.data_item_submit(data_item=item, user=author)
    services.data_item_review(
        data_item=item, reviewer=dpo, decision=ReviewStatus.CHANGES_REQUESTED, comment="Why?"
    )

    told = list(Notification.objects.order_by("pk").values_list("kind", "recipient__username"))
    assert told == [
        ("register.entry_due_for_review", "dpo1"),
        ("register.entry_sent_back", "author"),
    ]
    assert Notification.objects.last().url == f"/register/items/{item.pk}/"


def test_an_approved_entry_changed_is_due_for_review_again():
    dpo = UserFactory(username="dpo1", role=Role.DPO)
    author = UserFactory(username="author", role=Role.CX_MANAGER)
    item = DataItemFactory()
    services.data_item_submit(data_item=item, user=author)
    services.data_item_review(data_item=item, reviewer=dpo, decision=ReviewStatus.APPROVED)

    services.data_item_update(data_item=item, data={"source": "Phone call"}, user=author)

    told = Notification.objects.filter(kind="register.entry_due_for_review", recipient=dpo)
    assert told.count() == 2
