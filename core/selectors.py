from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Q, QuerySet

from .models import APIToken, Organisation, User, WorkerPing

ORGANISATION_CACHE_KEY = "core.organisation"
# Changes clear the key at once; the timeout only bounds what a process without the shared
# cache (the embedded default) may show after another process changed the organisation.
ORGANISATION_CACHE_SECONDS = 300


def user_api_tokens(*, user: User) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=user).order_by("revoked", "-created")


def worker_pings_recent(*, limit: int = 10) -> list[WorkerPing]:
    return list(WorkerPing.objects.select_related("requested_by")[:limit])


def worker_ping_last_executed() -> WorkerPing | None:
    return WorkerPing.objects.filter(executed_at__isnull=False).order_by("-executed_at").first()


# Reads for gdpr (added by the gdpr helper)


def users_active() -> QuerySet[User]:
    """The active users by username: who may own a task."""
    return User.objects.filter(is_active=True).order_by("username")


def user_options(*, keeping: Iterable[int | None] = ()) -> QuerySet[User]:
    """The users a form offers, by username: the active ones, and those already chosen in
    `keeping` (an owner since deactivated stays on the record until someone picks another)."""
    return User.objects.filter(Q(is_active=True) | Q(pk__in=keeping)).order_by("username")


def organisation_stored() -> Organisation:
    """The organisation as stored, or its defaults (unsaved) before anyone set it up."""
    return Organisation.objects.filter(pk=1).first() or Organisation()


def organisation_current() -> Organisation:
    """The organisation for the pages every customer opens (the survey, its stylesheet, the
    logo): kept in the shared cache, so that a page costs at most this one read."""
    organisation = cache.get(ORGANISATION_CACHE_KEY)
    if organisation is None:
        organisation = organisation_stored()
        cache.set(ORGANISATION_CACHE_KEY, organisation, ORGANISATION_CACHE_SECONDS)
    return organisation


def users_with_role(role) -> QuerySet[User]:
    """The active users of a role (its group), by username: who a notification for the
    role's holders goes to."""
    return users_active().filter(groups__name=role)
