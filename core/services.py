from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from .logos import logo_reencoded
from .models import APIToken, Organisation, User, WorkerPing
from .roles import Role
from .scopes import ALL_SCOPES
from .selectors import ORGANISATION_CACHE_KEY

WORKER_PING_RETENTION = timedelta(days=7)
ORGANISATION_FIELDS = (
    "name",
    "sender_name",
    "sender_email",
    "primary_colour",
    "accent_colour",
    "privacy_notice_url",
)


def check_editable(data: dict[str, Any], fields: Iterable[str]) -> None:
    """A service's guard: TypeError when `data` names a field the service does not edit."""
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")


def instance_apply(instance: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    """Copies the allowed fields of `data` onto `instance`, then validates and saves it: the
    update step the apps' services share."""
    check_editable(data, fields)
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()


def user_set_role(*, user: User, role: Role) -> None:
    """Makes `role` the user's only role."""
    user.groups.remove(*Group.objects.filter(name__in=Role.values).exclude(name=role.value))
    user.groups.add(Group.objects.get(name=role.value))


def api_token_create(
    *, user: User, name: str, expires_at: datetime | None, scopes: Iterable[str] = ALL_SCOPES
) -> tuple[APIToken, str]:
    """Creates a token with its scopes (every scope unless named) and returns it with its
    secret, which is shown once and never stored."""
    token = APIToken(user=user, name=name, expiry_date=expires_at, scopes=sorted(set(scopes)))
    token.full_clean(exclude=["id", "prefix", "hashed_key"])
    secret = APIToken.objects.assign_key(token)
    token.save()
    return token, secret


def api_token_revoke(*, user: User, token_id: str) -> int:
    """Revokes one of the user's own tokens; returns how many were revoked (0 or 1)."""
    return APIToken.objects.filter(user=user, pk=token_id, revoked=False).update(revoked=True)


API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def api_token_touch(*, token: APIToken, ip: str | None) -> None:
    """Records when and from where the token was used, at most once a minute to spare the
    database: a conditional UPDATE, so concurrent requests write it once."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at <= API_TOKEN_TOUCH_INTERVAL:
        return
    APIToken.objects.filter(
        models.Q(last_used_at__isnull=True)
        | models.Q(last_used_at__lt=now - API_TOKEN_TOUCH_INTERVAL),
        pk=token.pk,
    ).update(last_used_at=now, last_used_ip=ip or None)


def worker_ping_request(*, source: WorkerPing.Source, user: User | None = None) -> WorkerPing:
    """Records a ping and sends it to the task queue once the row is committed."""
    from .tasks import worker_ping_task

    ping = WorkerPing.objects.create(source=source, requested_by=user)
    transaction.on_commit(lambda: worker_ping_task.delay(ping.pk))
    return ping


def worker_ping_execute(*, ping_id: int, worker: str) -> bool:
    """Stamps the ping with the worker that ran it; a redelivered task changes nothing."""
    claimed = WorkerPing.objects.filter(pk=ping_id, executed_at__isnull=True).update(
        executed_at=timezone.now(), worker=worker
    )
    return claimed == 1


def worker_pings_prune() -> int:
    """Deletes pings older than the retention period; returns how many."""
    cutoff = timezone.now() - WORKER_PING_RETENTION
    deleted, _ = WorkerPing.objects.filter(requested_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def organisation_update(
    *, data: dict[str, Any], logo=None, remove_logo: bool = False
) -> Organisation:
    """Changes the organisation (created on first use). `logo`, an uploaded file, replaces the
    logo once checked and re-encoded (core.logos); `remove_logo` takes it away. A refused
    logo is a ValidationError under "logo", and nothing is saved."""
    organisation, _created = Organisation.objects.select_for_update().get_or_create(pk=1)
    old_logo = organisation.logo.name
    if logo is not None:
        organisation.logo = logo_reencoded(logo)  # stored by save(), once the row is valid
    elif remove_logo:
        organisation.logo = ""
    instance_apply(organisation, data, ORGANISATION_FIELDS)
    if old_logo and old_logo != organisation.logo.name:
        transaction.on_commit(lambda: default_storage.delete(old_logo))
    # Now for this process, and again once committed: a page read in between may have kept
    # the old row.
    cache.delete(ORGANISATION_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(ORGANISATION_CACHE_KEY))
    return organisation
