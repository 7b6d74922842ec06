"""Interviews take comments, read only by who reads the interview: the CX managers and its
own interviewer (another interviewer finds no thread, on the page or the API)."""

from django.urls import reverse

from core.comments.registry import Commentable, register_commentable

from . import selectors
from .models import Interview


def register() -> None:
    register_commentable(
        Commentable(
            model=Interview,
            may_read=lambda user, interview: selectors.interview_readable_by(
                interview=interview, user=user
            ),
            url=lambda interview: reverse("stakeholders:interview_detail", args=[interview.pk]),
        )
    )
