"""The demo organisation's stakeholders: the car-rental example of DOMAIN.md, with the four
employees, two subcontractors under SLA, their KPIs and incentives, and three interviews, in
English or in French. The tables below hold what every language shares (people, channels,
volumes, targets, measurements); `content_en` and `content_fr` hold the words, under the same
keys."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from core.models import User
from journeys import demo as journeys_demo
from journeys.models import Journey, Stage, Touchpoint

from .. import services
from ..models import KPI, Incentive, Office, SLAObjective, Stakeholder
from . import content_en, content_fr

CONTENT: dict[str, ModuleType] = {"en": content_en, "fr": content_fr}
FRONT, BACK = Office.FRONT, Office.BACK
INTERNAL, EXTERNAL = Stakeholder.Kind.INTERNAL, Stakeholder.Kind.EXTERNAL
C = Touchpoint.Channel

# name, kind, office, e-mail, involvements (stage code, office, channels, volume, period)
STAKEHOLDERS = [
    (
        "Sophie Bernard",
        INTERNAL,
        FRONT,
        "sophie.bernard@rental.example",
        [
            ("A", FRONT, [C.WEBSITE, C.EMAIL], 9800, "week"),
            ("B", FRONT, [C.WEBSITE, C.CHAT], 350, "week"),
            ("D", BACK, [C.WEBSITE], 1200, "week"),
        ],
    ),
    (
        "Karim Haddad",
        INTERNAL,
        FRONT,
        "karim.haddad@rental.example",
        [("F", FRONT, [C.COUNTER], 180, "day"), ("H", FRONT, [C.COUNTER], 170, "day")],
    ),
    (
        "Julie Petit",
        INTERNAL,
        BACK,
        "julie.petit@rental.example",
        [("G", BACK, [], 190, "day"), ("H", BACK, [], 170, "day")],
    ),
    (
        "Thomas Garnier",
        INTERNAL,
        FRONT,
        "thomas.garnier@rental.example",
        [("C", FRONT, [C.PHONE, C.EMAIL], 60, "day"), ("F", FRONT, [C.COUNTER], 90, "day")],
    ),
    (
        "Propreté Express",
        EXTERNAL,
        BACK,
        "contact@proprete-express.example",
        [("G", BACK, [], 190, "day")],
    ),
    (
        "Navette Aéro",
        EXTERNAL,
        FRONT,
        "exploitation@navette-aero.example",
        [("E", FRONT, [C.SMS], 400, "day")],
    ),
]

# stakeholder, KPI, target, current, direction, alignment
KPIS = [
    (
        "Thomas Garnier",
        "calls_per_day",
        "60",
        "64",
        KPI.Direction.HIGHER_IS_BETTER,
        KPI.Alignment.DISSONANT,
    ),
    (
        "Karim Haddad",
        "counter_wait",
        "10",
        "17",
        KPI.Direction.LOWER_IS_BETTER,
        KPI.Alignment.ALIGNED,
    ),
    (
        "Sophie Bernard",
        "online_conversion",
        "4.5",
        "3.9",
        KPI.Direction.HIGHER_IS_BETTER,
        KPI.Alignment.NEUTRAL,
    ),
    (
        "Julie Petit",
        "cars_ready",
        "98",
        "95",
        KPI.Direction.HIGHER_IS_BETTER,
        KPI.Alignment.ALIGNED,
    ),
]

# stakeholder, type, incentive, KPI it is driven by, rewards satisfaction
INCENTIVES = [
    ("Thomas Garnier", Incentive.Type.PERFORMANCE_BONUS, "call_bonus", "calls_per_day", False),
    ("Karim Haddad", Incentive.Type.REWARD, "counter_award", "counter_wait", True),
    ("Sophie Bernard", Incentive.Type.COMMISSION, "insurance_commission", None, False),
]

# stakeholder, contract reference, comparison, target, monthly values (oldest first)
SLAS = [
    (
        "Propreté Express",
        "CT-2025-014",
        SLAObjective.Comparison.AT_LEAST,
        "98",
        [
            "98.5",
            "99.1",
            "97.2",
            "98.4",
            "98.9",
            "96.5",
            "98.0",
            "99.0",
            "97.8",
            "98.6",
            "99.2",
            "98.3",
        ],
    ),
    (
        "Navette Aéro",
        "CT-2025-021",
        SLAObjective.Comparison.AT_MOST,
        "10",
        ["8.5", "9.0", "9.8", "12.4", "9.1", "8.7", "11.2", "9.5", "9.9", "8.8", "9.3", "10.0"],
    ),
]


def loaded_language() -> str | None:
    """The language the demo stakeholders were loaded in, found by their titles; None before
    the first load."""
    for language, content in CONTENT.items():
        titles = [title for title, _organisation, _tools in content.STAKEHOLDERS.values()]
        if Stakeholder.objects.filter(name__in=content.STAKEHOLDERS, title__in=titles).exists():
            return language
    return None


def _answers(content: ModuleType, stages: dict[str, Stage], complete: bool) -> dict:
    words = content.INTERVIEW
    answers = {
        "stages": {
            str(stages["F"].pk): {
                "role": words["role_at_pick_up"],
                "irritants": [words["irritant_at_pick_up"]],
                "enchantments": [words["enchantment_at_pick_up"]],
                "severity": 3,
            },
            str(stages["C"].pk): {
                "role": words["role_at_pre_booking"],
                "irritants": [],
                "enchantments": [],
                "severity": 2,
            },
        },
        "channels_and_volumes": words["channels_and_volumes"],
        "tools": "",
        "kpis": [],
        "incentives": [],
        "blockers": "",
        "suggestions": "",
    }
    if complete:
        kpi_name, unit, _rationale = content.KPIS["calls_per_day"]
        _name, population, calculation = content.INCENTIVES["call_bonus"]
        answers.update(
            tools=words["tools"],
            kpis=[
                {
                    "name": kpi_name,
                    "unit": unit,
                    "direction": "higher_is_better",
                    "target": "60",
                }
            ],
            incentives=[
                {
                    "type": "performance_bonus",
                    "eligible_population": population,
                    "calculation": calculation,
                }
            ],
            blockers=words["blockers"],
            suggestions=words["suggestions"],
        )
    return answers


@transaction.atomic
def load_demo(*, owner: User, language: str) -> str:
    """Creates the demo stakeholders on the as-is demo journey, in that language; a second run
    finds them by name and changes nothing. Returns the line load_demo prints."""
    content = CONTENT[language]
    names = [row[0] for row in STAKEHOLDERS]
    existing = {s.name: s for s in Stakeholder.objects.filter(name__in=names)}
    if len(existing) == len(names):
        return f"Demo stakeholders: {len(names)}"
    journey = journeys_demo.as_is_journey(language=language)
    stages = {stage.code: stage for stage in Stage.objects.filter(journey=journey)}
    created: dict[str, Stakeholder] = {}
    for name, kind, office, email, involvements in STAKEHOLDERS:
        title, organisation, tools = content.STAKEHOLDERS[name]
        stakeholder = existing.get(name) or services.stakeholder_create(
            kind=kind,
            name=name,
            title=title,
            organisation=organisation,
            office=office,
            email=email,
            # The CX manager answers for the subcontractors: told of each SLA breach.
            owner=owner if kind == Stakeholder.Kind.EXTERNAL else None,
        )
        created[name] = stakeholder
        if name in existing:
            continue
        for code, involvement_office, channels, volume, period in involvements:
            services.involvement_create(
                stakeholder=stakeholder,
                stage=stages[code],
                office=involvement_office,
                channels=list(channels),
                volume=volume,
                volume_period=period,
                tools=tools[code],
            )
    new = {name for name in names if name not in existing}
    kpis = {}
    for name, key, target, current, direction, alignment in KPIS:
        if name in new:
            kpi_name, unit, rationale = content.KPIS[key]
            kpis[key] = services.kpi_create(
                stakeholder=created[name],
                name=kpi_name,
                unit=unit,
                target=Decimal(target),
                current_value=Decimal(current),
                direction=direction,
                alignment=alignment,
                rationale=rationale,
            )
    for name, type_, key, kpi, rewards in INCENTIVES:
        if name in new:
            incentive_name, population, calculation = content.INCENTIVES[key]
            services.incentive_create(
                stakeholder=created[name],
                type=type_,
                name=incentive_name,
                eligible_population=population,
                calculation=calculation,
                kpi=kpis.get(kpi),
                rewards_customer_satisfaction=rewards,
            )
    first_month = (timezone.localdate().replace(day=1) - timedelta(days=365)).replace(day=1)
    for name, reference, comparison, target, values in SLAS:
        if name not in new:
            continue
        service, metric, unit = content.SLAS[reference]
        sla = services.sla_create(
            stakeholder=created[name],
            service=service,
            contract_reference=reference,
            valid_from=first_month,
        )
        objective = services.sla_objective_create(
            sla=sla, metric=metric, unit=unit, comparison=comparison, target=Decimal(target)
        )
        month = first_month
        for value in values:
            services.measurement_record(
                objective=objective, period_start=month, value=Decimal(value)
            )
            month = (month + timedelta(days=32)).replace(day=1)
    if "Thomas Garnier" in new:
        _load_interviews(content, created, journey, stages)
    return f"Demo stakeholders: {len(names)}"


def _load_interviews(
    content: ModuleType, created: dict[str, Stakeholder], journey: Journey, stages: dict
) -> None:
    interviewer = User.objects.get(username="ines")
    manager = User.objects.get(username="claire")
    today = timezone.localdate()

    def when(days: int) -> datetime:
        return timezone.make_aware(datetime.combine(today - timedelta(days=days), time(10)))

    draft = services.interview_create(
        stakeholder=created["Karim Haddad"],
        interviewer=interviewer,
        scheduled_at=when(1),
        journey=journey,
    )
    services.interview_save_draft(
        interview=draft, answers=_answers(content, stages, complete=False)
    )
    submitted = services.interview_create(
        stakeholder=created["Julie Petit"],
        interviewer=interviewer,
        scheduled_at=when(5),
        journey=journey,
    )
    services.interview_submit(
        interview=submitted, answers=_answers(content, stages, complete=True), ease_of_satisfying=3
    )
    validated = services.interview_create(
        stakeholder=created["Thomas Garnier"],
        interviewer=interviewer,
        scheduled_at=when(20),
        journey=journey,
    )
    services.interview_submit(
        interview=validated, answers=_answers(content, stages, complete=True), ease_of_satisfying=2
    )
    services.interview_validate(interview=validated, validated_by=manager)
