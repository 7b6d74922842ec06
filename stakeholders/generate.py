"""Stakeholders of the generated organisation (`manage.py generate_data`): at scale 1, 200
employees and subcontractors involved in the journeys' stages, with KPIs and incentives; the
subcontractors work under SLAs with a year of monthly measurements."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from core.generate import insert_rows, scaled
from core.roles import Role
from journeys.models import Stage, Touchpoint

from .models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    Office,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
)

STAKEHOLDERS = 200
EXTERNAL_SHARE = 0.3
INVOLVEMENTS_PER_STAKEHOLDER = 3
MONTHS_MEASURED = 12
INTERVIEW_SHARE = 0.1

TITLES = [
    "Sales manager", "Counter agent", "Call-centre agent", "Fleet manager", "Billing officer",
    "Customer service lead", "Web product owner", "Claims handler", "Store manager",
]  # fmt: skip
DEPARTMENTS = ["E-commerce", "Agencies", "Operations", "Finance", "Customer service"]
COMPANIES = ["CleanCo", "ShuttleLink", "CallPlus", "LogiTrans", "PrintFast", "SecureGuard"]
# name, unit, target, direction, alignment
KPIS = [
    ("Calls handled per day", "calls", 80, KPI.Direction.HIGHER_IS_BETTER, KPI.Alignment.DISSONANT),
    ("First-contact resolution", "%", 75, KPI.Direction.HIGHER_IS_BETTER, KPI.Alignment.ALIGNED),
    ("Average waiting time", "min", 5, KPI.Direction.LOWER_IS_BETTER, KPI.Alignment.ALIGNED),
    ("Upsell revenue", "EUR", 3000, KPI.Direction.HIGHER_IS_BETTER, KPI.Alignment.DISSONANT),
    ("Customer satisfaction", "%", 85, KPI.Direction.HIGHER_IS_BETTER, KPI.Alignment.ALIGNED),
    ("Files processed", "files", 40, KPI.Direction.HIGHER_IS_BETTER, KPI.Alignment.NEUTRAL),
]  # fmt: skip
# metric, unit, comparison, target
OBJECTIVES = [
    ("On-time delivery", "%", SLAObjective.Comparison.AT_LEAST, Decimal("95")),
    ("Complaints per 1,000 services", "complaints", SLAObjective.Comparison.AT_MOST, Decimal("3")),
    ("Response time", "h", SLAObjective.Comparison.AT_MOST, Decimal("4")),
]


def _month_start(day: date, months_back: int) -> date:
    month = day.year * 12 + day.month - 1 - months_back
    return date(month // 12, month % 12 + 1, 1)


STEP = "stakeholders"


def generate(*, scale: float, seed: int, ids: dict[str, list[int]]) -> dict[str, int]:
    """Creates the stakeholders and everything they own; adds their ids."""
    journey_ids, interviewer_ids = ids["journeys"], ids[Role.INTERVIEWER]
    rng = random.Random(seed)
    today = timezone.localdate()
    count = scaled(STAKEHOLDERS, scale, minimum=4)
    stakeholders = []
    for number in range(count):
        external = number % round(1 / EXTERNAL_SHARE) == 0
        stakeholders.append(
            Stakeholder(
                kind=Stakeholder.Kind.EXTERNAL if external else Stakeholder.Kind.INTERNAL,
                name=f"Stakeholder {number + 1:05d}",
                title=rng.choice(TITLES),
                organisation=rng.choice(COMPANIES if external else DEPARTMENTS),
                email=f"stakeholder{number + 1:05d}@company.example",
                office=rng.choice(Office.values),
            )
        )
    stakeholders = Stakeholder.objects.bulk_create(stakeholders, batch_size=2000)

    stage_ids = list(Stage.objects.filter(journey_id__in=journey_ids).values_list("id", flat=True))
    touchpoints: dict[int, list[int]] = {}
    for touchpoint_id, stage_id in Touchpoint.objects.filter(
        stage__journey_id__in=journey_ids
    ).values_list("id", "stage_id"):
        touchpoints.setdefault(stage_id, []).append(touchpoint_id)
    involvements = []
    for stakeholder in stakeholders:
        for stage_id in rng.sample(stage_ids, min(INVOLVEMENTS_PER_STAKEHOLDER, len(stage_ids))):
            involvements.append(
                Involvement(
                    stakeholder=stakeholder,
                    stage_id=stage_id,
                    touchpoint_id=rng.choice(touchpoints[stage_id]) if rng.random() < 0.5 else None,
                    office=stakeholder.office,
                    channels=rng.sample(Touchpoint.Channel.values, 2),
                    volume=rng.randrange(10, 500),
                    volume_period=Touchpoint.VolumePeriod.DAY,
                    tools="CRM",
                )
            )
    Involvement.objects.bulk_create(involvements, batch_size=2000)

    kpis = KPI.objects.bulk_create(
        [
            KPI(
                stakeholder=stakeholder,
                name=name,
                unit=unit,
                target=Decimal(target),
                current_value=Decimal(round(target * rng.uniform(0.6, 1.3), 2)).quantize(
                    Decimal("0.01")
                ),
                direction=direction,
                alignment=alignment,
            )
            for stakeholder in stakeholders
            for name, unit, target, direction, alignment in rng.sample(KPIS, 3)
        ],
        batch_size=2000,
    )
    Incentive.objects.bulk_create(
        [
            Incentive(
                stakeholder_id=kpi.stakeholder_id,
                type=rng.choice(Incentive.Type.values),
                name=f"Bonus on {kpi.name.lower()}",
                eligible_population="The whole team",
                calculation="Quarterly, on the KPI's average.",
                kpi=kpi,
                rewards_customer_satisfaction=kpi.alignment == KPI.Alignment.ALIGNED,
            )
            for kpi in kpis[::3]
        ],
        batch_size=2000,
    )

    externals = [s for s in stakeholders if s.kind == Stakeholder.Kind.EXTERNAL]
    slas = SLA.objects.bulk_create(
        [
            SLA(
                stakeholder=stakeholder,
                service=f"Services of {stakeholder.organisation}",
                contract_reference=f"CT-{stakeholder.pk:06d}",
                valid_from=_month_start(today, MONTHS_MEASURED),
            )
            for stakeholder in externals
        ],
        batch_size=2000,
    )
    objectives = SLAObjective.objects.bulk_create(
        [
            SLAObjective(sla=sla, metric=metric, unit=unit, comparison=comparison, target=target)
            for sla in slas
            for metric, unit, comparison, target in rng.sample(OBJECTIVES, 2)
        ],
        batch_size=2000,
    )

    def measurements():
        for objective in objectives:
            for months_back in range(MONTHS_MEASURED, 0, -1):
                value = (objective.target * Decimal(rng.uniform(0.8, 1.15))).quantize(
                    Decimal("0.01")
                )
                period_start = _month_start(today, months_back)
                yield (objective.pk, period_start, value, objective.is_met_by(value))

    insert_rows(SLAMeasurement, ["objective", "period_start", "value", "met"], measurements())

    if interviewer_ids:
        now = timezone.now()
        Interview.objects.bulk_create(
            [
                Interview(
                    stakeholder=stakeholder,
                    journey_id=rng.choice(journey_ids),
                    interviewer_id=rng.choice(interviewer_ids),
                    scheduled_at=now - timedelta(days=rng.randrange(0, 365)),
                    status=Interview.Status.DRAFT,
                    ease_of_satisfying=rng.randint(1, 5),
                )
                for stakeholder in rng.sample(stakeholders, max(1, round(count * INTERVIEW_SHARE)))
            ],
            batch_size=2000,
        )
    ids["stakeholders"] = [stakeholder.pk for stakeholder in stakeholders]
    return {}
