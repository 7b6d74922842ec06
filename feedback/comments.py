"""Complaint cases take comments. What is written about a case is written about its
respondent: only who reads respondents' free text (feedback.privacy) reads the thread."""

from django.urls import reverse

from core.comments.registry import Commentable, register_commentable

from .models import Case
from .privacy import may_read_respondents


def register() -> None:
    register_commentable(
        Commentable(
            model=Case,
            may_read=lambda user, case: (
                user.has_perm("feedback.view_case") and may_read_respondents(user)
            ),
            url=lambda case: reverse("feedback:case_detail", args=[case.pk]),
        )
    )
