"""KPIs the stakeholders are judged on, and the incentives they are paid on."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from core.services import instance_apply

from ..models import KPI, Incentive, Stakeholder
from .measures import fed_standards_changed
from .stakeholders import validated_save

KPI_FIELDS = (
    "name",
    "unit",
    "target",
    "current_value",
    "direction",
    "alignment",
    "rationale",
    "period",
)
INCENTIVE_FIELDS = (
    "type",
    "name",
    "eligible_population",
    "calculation",
    "kpi",
    "rewards_customer_satisfaction",
)


@transaction.atomic
def kpi_create(
    *,
    stakeholder: Stakeholder,
    name: str,
    unit: str = "",
    target: Decimal | None = None,
    current_value: Decimal | None = None,
    direction: str = KPI.Direction.HIGHER_IS_BETTER,
    alignment: str = KPI.Alignment.NEUTRAL,
    rationale: str = "",
    period: str = KPI._meta.get_field("period").default,
) -> KPI:
    """Records a KPI the stakeholder is judged on."""
    return validated_save(
        KPI(
            stakeholder=stakeholder,
            name=name,
            unit=unit,
            target=target,
            current_value=current_value,
            direction=direction,
            alignment=alignment,
            rationale=rationale,
            period=period,
        )
    )


@transaction.atomic
def kpi_update(*, kpi: KPI, data: dict[str, Any]) -> KPI:
    """Changes a KPI's fields."""
    instance_apply(kpi, data, KPI_FIELDS)
    return kpi


@transaction.atomic
def kpi_delete(*, kpi: KPI) -> None:
    """Deletes a KPI; incentives that depended on it keep going without it, standards it
    fed take their own measurements again."""
    fed_standards_changed(kpi=kpi)
    kpi.delete()


@transaction.atomic
def incentive_create(
    *,
    stakeholder: Stakeholder,
    type: str,
    name: str,
    eligible_population: str = "",
    calculation: str = "",
    kpi: KPI | None = None,
    rewards_customer_satisfaction: bool = False,
) -> Incentive:
    """Records an incentive of the stakeholder."""
    return validated_save(
        Incentive(
            stakeholder=stakeholder,
            type=type,
            name=name,
            eligible_population=eligible_population,
            calculation=calculation,
            kpi=kpi,
            rewards_customer_satisfaction=rewards_customer_satisfaction,
        )
    )


@transaction.atomic
def incentive_update(*, incentive: Incentive, data: dict[str, Any]) -> Incentive:
    """Changes an incentive's fields."""
    instance_apply(incentive, data, INCENTIVE_FIELDS)
    return incentive


@transaction.atomic
def incentive_delete(*, incentive: Incentive) -> None:
    """Deletes an incentive."""
    incentive.delete()
