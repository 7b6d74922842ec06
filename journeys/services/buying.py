"""A journey's buying group: who besides the journey's persona takes part, with which role,
at which stages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.services import check_editable, instance_apply

from ..models import BuyingGroupMember, Journey, Persona, Stage
from .base import touch_journeys

BUYING_GROUP_MEMBER_FIELDS = (
    "persona",
    "role",
    "preferred_channels",
    "stages",
    "specific_needs",
    "civile_needs",
    "needs",
)


def _check_stages(journey_id: int, stages) -> list[Stage]:
    stages = list(stages)
    if any(stage.journey_id != journey_id for stage in stages):
        raise ValidationError({"stages": _("The stages must belong to the member's journey.")})
    return stages


@transaction.atomic
def buying_group_member_create(
    *,
    journey: Journey,
    persona: Persona,
    role: str,
    preferred_channels: list[str] | None = None,
    stages: list[Stage] | None = None,
    specific_needs: list[str] | None = None,
    civile_needs: list[str] | None = None,
    needs: str = "",
) -> BuyingGroupMember:
    """Adds a persona to the journey's buying group, at the stages where they matter."""
    stages = _check_stages(journey.pk, stages or [])
    member = BuyingGroupMember(
        journey=journey,
        persona=persona,
        role=role,
        preferred_channels=preferred_channels or [],
        specific_needs=specific_needs or [],
        civile_needs=civile_needs or [],
        needs=needs,
    )
    member.full_clean()
    member.save()
    member.stages.set(stages)
    touch_journeys(Q(pk=journey.pk))
    return member


@transaction.atomic
def buying_group_member_update(
    *, member: BuyingGroupMember, data: dict[str, Any]
) -> BuyingGroupMember:
    """Changes a buying group member's role, channels, stages or needs."""
    check_editable(data, BUYING_GROUP_MEMBER_FIELDS)
    fields = {name: value for name, value in data.items() if name != "stages"}
    stages = _check_stages(member.journey_id, data["stages"]) if "stages" in data else None
    instance_apply(member, fields, BUYING_GROUP_MEMBER_FIELDS)
    if stages is not None:
        member.stages.set(stages)
    touch_journeys(Q(pk=member.journey_id))
    return member


@transaction.atomic
def buying_group_member_delete(*, member: BuyingGroupMember) -> None:
    """Takes a persona out of the journey's buying group (the persona stays)."""
    touch_journeys(Q(pk=member.journey_id))
    member.delete()
