"""Who reads what respondents typed, or what was typed about them (DOMAIN.md, "Personal data
inside Parcours"): the one rule the pages, the filters and the API apply."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser


def may_read_respondents(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether the user reads respondents' e-mails and references and the free text typed by or
    about them (survey comments, case titles, justice notes, log entries): the CX manager and
    the DPO. The interviewer and the viewer see scores and counts."""
    return user is not None and user.has_perm("feedback.view_respondent")
