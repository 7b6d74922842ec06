"""The seven requirements."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.models import User

from ..models import (
    REQUIREMENT_FIELDS,
    Requirement,
)
from .base import _apply

# The seven requirements


def requirements_sync(sender=None, apps=None, **kwargs) -> None:
    """Keeps one row per requirement, in DOMAIN.md's order. Connected to post_migrate, as
    `flush` (transactional tests) empties the table the data migration filled."""
    try:
        model = apps.get_model("gdpr", "Requirement") if apps else Requirement
    except LookupError:  # gdpr migrated back to zero
        return
    for position, key in enumerate(Requirement.Key, start=1):
        model.objects.get_or_create(key=key, defaults={"position": position})


@transaction.atomic
def requirement_update(
    *, requirement: Requirement, data: dict[str, Any], user: User | None = None
) -> Requirement:
    """Records a requirement's status, owner, evidence and date."""
    data = dict(data)
    if data.get("status") == Requirement.Status.DONE and not (
        data.get("done_on") or requirement.done_on
    ):
        data["done_on"] = timezone.localdate()
    _apply(requirement, data, REQUIREMENT_FIELDS, user=user)
    return requirement
