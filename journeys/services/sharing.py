"""Share links: created, revoked, opened (every view counted), their password checked."""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import User

from ..models import Journey, ShareLink

# How long a new link lasts, in days: the choices the CX manager picks from.
SHARE_LINK_DAYS = (1, 7, 30, 90)


class ShareLinkUnknown(Exception):
    """No link has this token (a typo, or a made-up one): 404."""


class ShareLinkGone(Exception):
    """The link existed but was revoked or has expired: 410."""

    def __init__(self, share_link: ShareLink):
        super().__init__(share_link.pk)
        self.revoked = share_link.is_revoked


@transaction.atomic
def share_link_create(
    *,
    journey: Journey,
    created_by: User | None,
    days: int,
    password: str = "",
    label: str = "",
) -> ShareLink:
    """Creates a read-only link to the journey's map, valid for `days` days; a password, if
    any, is kept hashed."""
    if days not in SHARE_LINK_DAYS:
        raise ValidationError({"days": _("Pick one of the offered durations.")})
    share_link = ShareLink(
        journey=journey,
        created_by=created_by,
        label=label,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=days),
        password=make_password(password) if password else "",
    )
    share_link.full_clean()
    share_link.save()
    return share_link


@transaction.atomic
def share_link_revoke(*, share_link: ShareLink) -> ShareLink:
    """Revokes the link for good; revoking it again keeps the first time."""
    ShareLink.objects.filter(pk=share_link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    share_link.refresh_from_db(fields=["revoked_at"])
    return share_link


def share_link_open(*, token: str) -> ShareLink:
    """The active link with this token (one query); ShareLinkUnknown or ShareLinkGone else."""
    share_link = ShareLink.objects.filter(token=token).first() if token else None
    if share_link is None:
        raise ShareLinkUnknown(token)
    if not share_link.is_active:
        raise ShareLinkGone(share_link)
    return share_link


def share_link_password_matches(*, share_link: ShareLink, password: str) -> bool:
    """Whether `password` is the link's (always false for a link without one)."""
    return share_link.has_password and check_password(password, share_link.password)


def share_link_view_record(*, share_link: ShareLink) -> None:
    """Counts one view of the shared map, in one UPDATE that concurrent views cannot lose."""
    ShareLink.objects.filter(pk=share_link.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )
