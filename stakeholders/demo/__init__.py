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
from journeys import services as journey_services
from journeys.models import Action, Journey, Stage, Touchpoint, period_start

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
        # Last month's wait breached the SLA: the map shows it on stage E, which it serves.
        ["8.5", "9.0", "9.8", "12.4", "9.1", "8.7", "11.2", "9.5", "9.9", "8.8", "9.3", "11.6"],
    ),
]

# The stages each SLA's service delivers (the map shows a recent breach there only).
SLA_STAGES = {"Propreté Express": ["G"], "Navette Aéro": ["E"]}

# Who answers for each touchpoint of the journey; the others are left for the journey health
# panel to list.
RESPONSIBLES = {
    "Sophie Bernard": [
        "search_ad",
        "offers_page",
        "comparison_page",
        "chat",
        "pre_booking_form",
        "pre_booking_app",
        "payment_page",
        "confirmation",
    ],
    "Thomas Garnier": ["call_centre"],
    "Karim Haddad": ["counter_check_in", "deposit", "contract", "bay_number", "return_check"],
    "Julie Petit": ["availability_check", "damage_check"],
    "Propreté Express": ["car_preparation"],
    "Navette Aéro": ["pick_up_reminder"],
}


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
                "ease": 2,
                "blockers": [words["blocker_booking_not_at_counter"], words["blocker_two_agents"]],
                "suggestions": [words["suggestion_bookings_to_counter"]],
                "channels": ["counter"],
                "volume": 90,
                "volume_period": "day",
            },
            str(stages["C"].pk): {
                "role": words["role_at_pre_booking"],
                "irritants": [],
                "enchantments": [],
                "severity": 2,
                "ease": 3,
                "blockers": [words["blocker_no_flight_number"]],
                "channels": ["phone", "email"],
                "volume": 60,
                "volume_period": "day",
            },
            str(stages["E"].pk): {
                "role": words["role_at_arrival"],
                "irritants": [],
                "enchantments": [],
                "severity": 2,
                "ease": 2,
                "blockers": [words["blocker_no_signpost"]],
                "suggestions": [words["suggestion_signposts"]],
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
            stages=[stages[code] for code in SLA_STAGES.get(name, [])],
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
    touchpoints = journeys_demo.touchpoints_by_key(journey=journey, language=language)
    for name, keys in RESPONSIBLES.items():
        if name in new:
            for key in keys:
                services.touchpoint_responsible_set(
                    touchpoint=touchpoints[key], stakeholder=created[name]
                )
    if "Thomas Garnier" in new:
        _load_interviews(content, created, journey, stages)
    if "counter_wait" in kpis:
        _load_counter_wait(kpis["counter_wait"], journey, language)
    return f"Demo stakeholders: {len(names)}"


# The counter wait (minutes) of the last twelve months, oldest first: the express counter,
# started nine months ago and done eight months ago, brought it under the key handover's
# standard (≤ 10 min), missed since in two of the last six months.
COUNTER_WAIT = ["14", "13.5", "13", "12.5", "12", "9", "8.5", "9", "11", "9.5", "12", "9.5"]


def _load_counter_wait(kpi: KPI, journey: Journey, language: str) -> None:
    """The counter KPI's monthly values, feeding the key handover's standard; the express
    counter action started and done in their months, its before and after from them."""
    this_month = timezone.localdate().replace(day=1)
    months = [period_start("month", this_month, periods=-n) for n in range(12, 0, -1)]
    for month, value in zip(months, COUNTER_WAIT, strict=True):
        services.kpi_measurement_record(kpi=kpi, period_start=month, value=Decimal(value))
    moment = journeys_demo.demo_moment(journey=journey, language=language, key="key_handover")
    services.standard_feed_set(moment=moment, kpi=kpi)
    action = journeys_demo.demo_action(journey=journey, language=language, key="express_counter")
    for status, day in (
        (Action.Status.IN_PROGRESS, months[3] + timedelta(days=4)),
        (Action.Status.DONE, months[4] + timedelta(days=19)),
    ):
        journey_services.action_update(action=action, data={"status": status}, today=day)


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
    # A second validated interview, at the counter: the employee lane shows a mean of two.
    counter = services.interview_create(
        stakeholder=created["Karim Haddad"],
        interviewer=interviewer,
        scheduled_at=when(40),
        journey=journey,
    )
    services.interview_submit(
        interview=counter, answers=_counter_answers(content, stages), ease_of_satisfying=3
    )
    services.interview_validate(interview=counter, validated_by=manager)


def _counter_answers(content: ModuleType, stages: dict[str, Stage]) -> dict:
    """The counter manager's interview: the counter (F) and the car return (H)."""
    words = content.INTERVIEW
    answers = _answers(content, stages, complete=True)
    answers["stages"] = {
        str(stages["F"].pk): {
            "role": words["role_running_counter"],
            "ease": 3,
            "blockers": [words["blocker_booking_not_at_counter"], words["blocker_upselling"]],
            "severity": 2,
        },
        str(stages["H"].pk): {
            "role": words["role_at_return"],
            "ease": 4,
            "blockers": [words["blocker_fuel_by_hand"]],
            "enchantments": [words["enchantment_at_return"]],
            "severity": 1,
        },
    }
    answers["kpis"] = [
        dict(answers["kpis"][0], name=words["kpi_upsell_rate"], unit="%", target="15")
    ]
    return answers
