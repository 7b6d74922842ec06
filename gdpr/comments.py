"""The register's entries (processing activities, data items) take comments, read by
whoever reads the register."""

from django.urls import reverse

from core.comments.registry import Commentable, may_read_permission, register_commentables

from .models import DataItem, ProcessingActivity


def register() -> None:
    register_commentables(
        [
            Commentable(
                model=ProcessingActivity,
                may_read=may_read_permission("gdpr.view_processingactivity"),
                url=lambda activity: reverse("gdpr:activity_detail", args=[activity.pk]),
            ),
            Commentable(
                model=DataItem,
                may_read=may_read_permission("gdpr.view_dataitem"),
                url=lambda item: reverse("gdpr:data_item_detail", args=[item.pk]),
            ),
        ]
    )
