"""Stakeholders and where they take part in the journeys."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.models import User
from core.services import instance_apply
from journeys.models import Stage, Touchpoint

from ..models import Involvement, Stakeholder, TouchpointResponsibility

STAKEHOLDER_FIELDS = (
    "kind",
    "name",
    "title",
    "organisation",
    "email",
    "phone",
    "office",
    "notes",
    "owner",
)
INVOLVEMENT_FIELDS = (
    "touchpoint",
    "office",
    "role",
    "channels",
    "volume",
    "volume_period",
    "tools",
)


def validated_save(instance: models.Model) -> models.Model:
    """Saves a new record after full_clean(): the create step of every stakeholders service."""
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def stakeholder_create(
    *,
    kind: str,
    name: str,
    title: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    office: str = "front",
    notes: str = "",
    owner: User | None = None,
) -> Stakeholder:
    """Records an internal or external stakeholder."""
    return validated_save(
        Stakeholder(
            kind=kind,
            name=name,
            title=title,
            organisation=organisation,
            email=email,
            phone=phone,
            office=office,
            notes=notes,
            owner=owner,
        )
    )


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, data: dict[str, Any]) -> Stakeholder:
    """Changes a stakeholder's fields; an external one with SLAs stays external."""
    if (
        data.get("kind", stakeholder.kind) != Stakeholder.Kind.EXTERNAL
        and stakeholder.pk
        and stakeholder.slas.exists()
    ):
        raise ValidationError({"kind": _("A stakeholder with SLAs must stay external.")})
    instance_apply(stakeholder, data, STAKEHOLDER_FIELDS)
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    """Deletes a stakeholder with its involvements, KPIs, SLAs, incentives and interviews."""
    stakeholder.delete()


@transaction.atomic
def involvement_create(
    *,
    stakeholder: Stakeholder,
    stage: Stage,
    touchpoint: Touchpoint | None = None,
    office: str = "front",
    role: str = "",
    channels: list[str] | None = None,
    volume: int | None = None,
    volume_period: str = "",
    tools: str = "",
) -> Involvement:
    """Places a stakeholder at a stage (or one of its touchpoints) of a journey."""
    return validated_save(
        Involvement(
            stakeholder=stakeholder,
            stage=stage,
            touchpoint=touchpoint,
            office=office,
            role=role,
            channels=channels or [],
            volume=volume,
            volume_period=volume_period,
            tools=tools,
        )
    )


@transaction.atomic
def involvement_update(*, involvement: Involvement, data: dict[str, Any]) -> Involvement:
    """Changes an involvement (not its stakeholder or stage)."""
    instance_apply(involvement, data, INVOLVEMENT_FIELDS)
    return involvement


@transaction.atomic
def involvement_delete(*, involvement: Involvement) -> None:
    """Removes a stakeholder from a stage."""
    involvement.delete()


@transaction.atomic
def touchpoint_responsible_set(
    *, touchpoint: Touchpoint, stakeholder: Stakeholder
) -> TouchpointResponsibility:
    """Makes `stakeholder` the one answerable for the touchpoint (a complaint about it goes
    to them first), in place of whoever was."""
    responsibility, _created = TouchpointResponsibility.objects.update_or_create(
        touchpoint=touchpoint, defaults={"stakeholder": stakeholder}
    )
    return responsibility
