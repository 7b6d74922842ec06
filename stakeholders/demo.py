"""The demo organisation's stakeholders: the car-rental example of DOMAIN.md, with the four
employees, two subcontractors under SLA, their KPIs and incentives, and three interviews."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import User
from journeys.models import Journey, Stage, Touchpoint

from . import services
from .models import KPI, Incentive, Office, SLAObjective, Stakeholder

JOURNEY_NAME = "Car rental — business trip"
FRONT, BACK = Office.FRONT, Office.BACK
INTERNAL, EXTERNAL = Stakeholder.Kind.INTERNAL, Stakeholder.Kind.EXTERNAL
C = Touchpoint.Channel

# name, title, department or company, kind, office, e-mail,
# involvements (stage code, office, channels, volume, period, tools)
STAKEHOLDERS = [
    (
        "Sophie Bernard",
        "Website sales manager",
        "E-commerce",
        INTERNAL,
        FRONT,
        "sophie.bernard@rental.example",
        [
            ("A", FRONT, [C.WEBSITE, C.EMAIL], 9800, "week", "Website CMS, e-mailing tool"),
            ("B", FRONT, [C.WEBSITE, C.CHAT], 350, "week", "Chat tool"),
            ("D", BACK, [C.WEBSITE], 1200, "week", "Booking engine, payment platform"),
        ],
    ),
    (
        "Karim Haddad",
        "Airport counter manager",
        "Airport agencies",
        INTERNAL,
        FRONT,
        "karim.haddad@rental.example",
        [
            ("F", FRONT, [C.COUNTER], 180, "day", "Counter software"),
            ("H", FRONT, [C.COUNTER], 170, "day", "Return handheld, counter software"),
        ],
    ),
    (
        "Julie Petit",
        "Fleet manager",
        "Operations",
        INTERNAL,
        BACK,
        "julie.petit@rental.example",
        [
            ("G", BACK, [], 190, "day", "Fleet management system"),
            ("H", BACK, [], 170, "day", "Fleet management system, damage app"),
        ],
    ),
    (
        "Thomas Garnier",
        "Agency employee",
        "Airport agencies",
        INTERNAL,
        FRONT,
        "thomas.garnier@rental.example",
        [
            ("C", FRONT, [C.PHONE, C.EMAIL], 60, "day", "Telephony, CRM"),
            ("F", FRONT, [C.COUNTER], 90, "day", "Counter software"),
        ],
    ),
    (
        "Propreté Express",
        "Vehicle cleaning subcontractor",
        "Propreté Express SAS",
        EXTERNAL,
        BACK,
        "contact@proprete-express.example",
        [("G", BACK, [], 190, "day", "Cleaning checklist app")],
    ),
    (
        "Navette Aéro",
        "Airport shuttle operator",
        "Navette Aéro SARL",
        EXTERNAL,
        FRONT,
        "exploitation@navette-aero.example",
        [("E", FRONT, [C.SMS], 400, "day", "Dispatch software")],
    ),
]

# stakeholder, name, unit, target, current, direction, alignment, rationale
KPIS = [
    (
        "Thomas Garnier",
        "Calls handled per day",
        "calls",
        "60",
        "64",
        KPI.Direction.HIGHER_IS_BETTER,
        KPI.Alignment.DISSONANT,
        "Pushes agents to cut calls short, when a business traveller needs a complete answer.",
    ),
    (
        "Karim Haddad",
        "Average wait at the counter",
        "minutes",
        "10",
        "17",
        KPI.Direction.LOWER_IS_BETTER,
        KPI.Alignment.ALIGNED,
        "The wait is the first irritant customers name at pick-up.",
    ),
    (
        "Sophie Bernard",
        "Online conversion rate",
        "%",
        "4.5",
        "3.9",
        KPI.Direction.HIGHER_IS_BETTER,
        KPI.Alignment.NEUTRAL,
        "Good for sales; says nothing about whether the offer was clear.",
    ),
    (
        "Julie Petit",
        "Cars ready at the booked time",
        "%",
        "98",
        "95",
        KPI.Direction.HIGHER_IS_BETTER,
        KPI.Alignment.ALIGNED,
        "A car that is not ready is a broken promise at the moment of truth.",
    ),
]

# stakeholder, type, name, eligible population, calculation, KPI name, rewards satisfaction
INCENTIVES = [
    (
        "Thomas Garnier",
        Incentive.Type.PERFORMANCE_BONUS,
        "Monthly call-volume bonus",
        "Agency employees on the phone line",
        "€5 per call above 60 a day, paid monthly.",
        "Calls handled per day",
        False,
    ),
    (
        "Karim Haddad",
        Incentive.Type.REWARD,
        "Quarterly counter satisfaction award",
        "Counter teams of each airport",
        "A team dinner for the counter with the best pick-up CSAT of the quarter.",
        "Average wait at the counter",
        True,
    ),
    (
        "Sophie Bernard",
        Incentive.Type.COMMISSION,
        "Insurance upsell commission",
        "Website sales team",
        "2% of the insurance options sold online.",
        None,
        False,
    ),
]

# stakeholder, service, reference, metric, unit, comparison, target, monthly values (oldest first)
SLAS = [
    (
        "Propreté Express",
        "Interior and exterior cleaning of returned cars",
        "CT-2025-014",
        "Cars clean and ready before the next pick-up",
        "%",
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
        "Shuttle between the terminals and the rental car park",
        "CT-2025-021",
        "Average waiting time at the shuttle stop",
        "minutes",
        SLAObjective.Comparison.AT_MOST,
        "10",
        ["8.5", "9.0", "9.8", "12.4", "9.1", "8.7", "11.2", "9.5", "9.9", "8.8", "9.3", "10.0"],
    ),
]


def _answers(stages: dict[str, Stage], complete: bool) -> dict:
    answers = {
        "stages": {
            str(stages["F"].pk): {
                "role": "I hand over the keys and explain the contract at the counter.",
                "irritants": [
                    "The booking made on the website does not reach the counter software; "
                    "we retype everything while the customer waits."
                ],
                "enchantments": ["Regular customers thank us when we remember their preferences."],
                "severity": 3,
                "ease": 2,
                "blockers": [
                    "The website booking does not reach the counter software",
                    "Only two agents at the counter at peak time",
                ],
                "suggestions": ["Send website bookings to the counter automatically"],
                "channels": ["counter"],
                "volume": 90,
                "volume_period": "day",
            },
            str(stages["C"].pk): {
                "role": "I answer pre-booking calls and e-mails.",
                "irritants": [],
                "enchantments": [],
                "severity": 2,
                "ease": 3,
                "blockers": ["Pre-bookings come without a flight number"],
                "channels": ["phone", "email"],
                "volume": 60,
                "volume_period": "day",
            },
            str(stages["E"].pk): {
                "role": "I walk lost customers from the terminal to the counter.",
                "irritants": [],
                "enchantments": [],
                "severity": 2,
                "ease": 2,
                "blockers": ["No signpost to the counter in terminal 2"],
                "suggestions": ["Signposts from the arrivals hall"],
            },
        },
        "channels_and_volumes": "Counter: about 90 customers a day; phone: 60 calls a day.",
        "tools": "",
        "kpis": [],
        "incentives": [],
        "blockers": "",
        "suggestions": "",
    }
    if complete:
        answers.update(
            tools="Counter software, telephony, CRM.",
            kpis=[
                {
                    "name": "Calls handled per day",
                    "unit": "calls",
                    "direction": "higher_is_better",
                    "target": "60",
                }
            ],
            incentives=[
                {
                    "type": "performance_bonus",
                    "eligible_population": "Agency employees on the phone line",
                    "calculation": "€5 per call above 60 a day, paid monthly.",
                }
            ],
            blockers="The call target leaves no time to finish a complicated booking.",
            suggestions="Send website bookings to the counter automatically.",
        )
    return answers


@transaction.atomic
def load_demo(*, owner: User) -> str:
    """Creates the demo stakeholders on the as-is demo journey; a second run finds them by
    name and changes nothing. Returns the line load_demo prints."""
    names = [row[0] for row in STAKEHOLDERS]
    existing = {s.name: s for s in Stakeholder.objects.filter(name__in=names)}
    if len(existing) == len(names):
        return f"Demo stakeholders: {len(names)}"
    journey = Journey.objects.get(name=JOURNEY_NAME)
    stages = {stage.code: stage for stage in Stage.objects.filter(journey=journey)}
    created: dict[str, Stakeholder] = {}
    for name, title, organisation, kind, office, email, involvements in STAKEHOLDERS:
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
        for code, involvement_office, channels, volume, period, tools in involvements:
            services.involvement_create(
                stakeholder=stakeholder,
                stage=stages[code],
                office=involvement_office,
                channels=list(channels),
                volume=volume,
                volume_period=period,
                tools=tools,
            )
    new = {name for name in names if name not in existing}
    kpis = {}
    for name, kpi_name, unit, target, current, direction, alignment, rationale in KPIS:
        if name in new:
            kpis[kpi_name] = services.kpi_create(
                stakeholder=created[name],
                name=kpi_name,
                unit=unit,
                target=Decimal(target),
                current_value=Decimal(current),
                direction=direction,
                alignment=alignment,
                rationale=rationale,
            )
    for name, type_, incentive_name, population, calculation, kpi_name, rewards in INCENTIVES:
        if name in new:
            services.incentive_create(
                stakeholder=created[name],
                type=type_,
                name=incentive_name,
                eligible_population=population,
                calculation=calculation,
                kpi=kpis.get(kpi_name),
                rewards_customer_satisfaction=rewards,
            )
    first_month = (timezone.localdate().replace(day=1) - timedelta(days=365)).replace(day=1)
    for name, service, reference, metric, unit, comparison, target, values in SLAS:
        if name not in new:
            continue
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
        _load_interviews(created, journey, stages)
    return f"Demo stakeholders: {len(names)}"


def _load_interviews(created: dict[str, Stakeholder], journey: Journey, stages: dict) -> None:
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
    services.interview_save_draft(interview=draft, answers=_answers(stages, complete=False))
    submitted = services.interview_create(
        stakeholder=created["Julie Petit"],
        interviewer=interviewer,
        scheduled_at=when(5),
        journey=journey,
    )
    services.interview_submit(
        interview=submitted, answers=_answers(stages, complete=True), ease_of_satisfying=3
    )
    validated = services.interview_create(
        stakeholder=created["Thomas Garnier"],
        interviewer=interviewer,
        scheduled_at=when(20),
        journey=journey,
    )
    services.interview_submit(
        interview=validated, answers=_answers(stages, complete=True), ease_of_satisfying=2
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
        interview=counter, answers=_counter_answers(stages), ease_of_satisfying=3
    )
    services.interview_validate(interview=counter, validated_by=manager)


def _counter_answers(stages: dict[str, Stage]) -> dict:
    """The counter manager's interview: the counter (F) and the car return (H)."""
    answers = _answers(stages, complete=True)
    answers["stages"] = {
        str(stages["F"].pk): {
            "role": "I run the counter team and step in at peak time.",
            "ease": 3,
            "blockers": [
                "The website booking does not reach the counter software",
                "Upselling targets slow the hand-over down",
            ],
            "severity": 2,
        },
        str(stages["H"].pk): {
            "role": "I check the returned cars with the customer.",
            "ease": 4,
            "blockers": ["The fuel level is read by hand"],
            "enchantments": ["Customers like the handheld check-in at return"],
            "severity": 1,
        },
    }
    answers["kpis"] = [dict(answers["kpis"][0], name="Upsell rate", unit="%", target="15")]
    return answers
