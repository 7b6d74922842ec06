from django.db.models import QuerySet

from .models import APIToken, User, WorkerPing


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
