"""Who reads staff's personal data typed into Parcours (DOMAIN.md, "Personal data inside
Parcours"): the interviewee named on the observations an interview brought to a journey. The
one rule the pages and the API apply, and that a shared map must apply too."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser


def may_read_interviewees(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether the user reads who said what in an interview: the CX manager and the
    interviewers (who may see interviews). The viewer, the DPO, a shared map's visitor (no
    user) and an integration without that permission do not."""
    return user is not None and user.has_perm("stakeholders.view_interview")
