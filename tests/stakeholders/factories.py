from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from stakeholders import services
from stakeholders.models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    SLAObjective,
    Stakeholder,
    TouchpointResponsibility,
)
from tests.factories import UserFactory
from tests.journeys.factories import StageFactory, TouchpointFactory


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    kind = Stakeholder.Kind.INTERNAL
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    title = factory.Faker("job")
    organisation = "Airport agencies"
    email = factory.LazyAttribute(lambda s: f"{s.name.lower().replace(' ', '.')}@rental.example")
    office = "front"


class ExternalStakeholderFactory(StakeholderFactory):
    kind = Stakeholder.Kind.EXTERNAL
    organisation = "Propreté Express SAS"
    office = "back"


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    stakeholder = factory.SubFactory(StakeholderFactory)
    stage = factory.SubFactory(StageFactory)
    office = "front"
    channels = factory.LazyFunction(lambda: ["counter"])
    volume = 90
    volume_period = "day"
    tools = "Counter software"


class TouchpointResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TouchpointResponsibility

    touchpoint = factory.SubFactory(TouchpointFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    stakeholder = factory.SubFactory(StakeholderFactory)
    name = factory.Sequence(lambda n: f"KPI {n}")
    unit = "calls"
    target = Decimal("60")
    current_value = Decimal("64")
    alignment = KPI.Alignment.NEUTRAL


class IncentiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incentive

    stakeholder = factory.SubFactory(StakeholderFactory)
    type = Incentive.Type.PERFORMANCE_BONUS
    name = factory.Sequence(lambda n: f"Bonus {n}")
    eligible_population = "Agency employees"
    calculation = "€5 per call above 60"


class SLAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SLA

    stakeholder = factory.SubFactory(ExternalStakeholderFactory)
    service = "Cleaning of returned cars"
    contract_reference = factory.Sequence(lambda n: f"CT-{n:04d}")
    valid_from = date(2025, 1, 1)


class SLAObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SLAObjective

    sla = factory.SubFactory(SLAFactory)
    metric = "Cars clean before pick-up"
    unit = "%"
    comparison = SLAObjective.Comparison.AT_LEAST
    target = Decimal("98")
    period = SLAObjective.Period.MONTH


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    stakeholder = factory.SubFactory(StakeholderFactory)
    interviewer = factory.SubFactory(UserFactory)
    scheduled_at = factory.LazyFunction(timezone.now)


def measurements(objective: SLAObjective, values: list[str], start: date = date(2025, 1, 1)):
    """Records one monthly measurement per value through the service, from `start` on."""
    recorded = []
    month = start
    for value in values:
        recorded.append(
            services.measurement_record(
                objective=objective, period_start=month, value=Decimal(value)
            )
        )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return recorded


def complete_answers(stage_ids: list[int]) -> dict:
    """Answers to every section, with one irritant and one enchantment at the first stage."""
    first = str(stage_ids[0])
    return {
        "stages": {
            first: {
                "role": "I hand over the keys.",
                "irritants": ["Bookings are retyped at the counter."],
                "enchantments": ["Regulars thank us."],
            },
        },
        "channels_and_volumes": "Counter, 90 a day.",
        "tools": "Counter software",
        "kpis": [{"name": "Calls handled per day", "unit": "calls", "target": "60"}],
        "incentives": [
            {
                "type": "performance_bonus",
                "eligible_population": "Agency employees",
                "calculation": "€5 per call above 60 a day.",
            }
        ],
        "blockers": "No time to finish a booking.",
        "suggestions": "Send web bookings to the counter.",
    }


def formset_rows(prefix: str, *rows: dict) -> dict:
    """A KPI or incentive formset as the interview form posts it: management form and rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data
