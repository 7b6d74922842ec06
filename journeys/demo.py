"""The demo organisation's journeys: the car-rental example of DOMAIN.md, as-is and to-be."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.models import User

from . import services
from .models import Action, Journey, MomentOfTruth, Observation, Persona, Stage, Touchpoint

PERSONA_NAME = "Business traveller renting a car"
AS_IS_NAME = "Car rental — business trip"
TO_BE_NAME = "Car rental — business trip (to-be)"

W, APP, MAIL, PHONE, DESK, SMS, CHAT = (
    Touchpoint.Channel.WEBSITE,
    Touchpoint.Channel.MOBILE_APP,
    Touchpoint.Channel.EMAIL,
    Touchpoint.Channel.PHONE,
    Touchpoint.Channel.COUNTER,
    Touchpoint.Channel.SMS,
    Touchpoint.Channel.CHAT,
)
FRONT, BACK = Touchpoint.Lane.FRONT_STAGE, Touchpoint.Lane.BACK_STAGE
DAY, WEEK, MONTH = (
    Touchpoint.VolumePeriod.DAY,
    Touchpoint.VolumePeriod.WEEK,
    Touchpoint.VolumePeriod.MONTH,
)

# code, name, place, funnel phase, goal, expectations, emotion, touchpoints
# (name, channel, lane, volume, period, tools)
STAGES = [
    (
        "A",
        "Discover offers online",
        "at home",
        "awareness",
        "Find a rental company that serves the destination airport.",
        "Clear prices and availability at first glance.",
        1,
        [
            ("Search-engine ad", W, FRONT, 4200, WEEK, "Ad platform"),
            ("Offers page", W, FRONT, 9800, WEEK, "Website CMS"),
            ("Campaign newsletter", MAIL, FRONT, 15000, MONTH, "E-mailing tool"),
        ],
    ),
    (
        "B",
        "Compare offers",
        "at home",
        "consideration",
        "Choose the best value for a business trip.",
        "Comparable categories, visible insurance and fees.",
        0,
        [
            ("Vehicle comparison page", W, FRONT, 6100, WEEK, "Website CMS"),
            ("Live chat with an adviser", CHAT, FRONT, 350, WEEK, "Chat tool"),
        ],
    ),
    (
        "C",
        "Pre-book a car",
        "at home",
        "purchase",
        "Hold a car for the trip dates.",
        "A quick form that remembers the company account.",
        -1,
        [
            ("Pre-booking form", W, FRONT, 2300, WEEK, "Booking engine"),
            ("Pre-booking in the app", APP, FRONT, 900, WEEK, "Mobile app"),
            ("Fleet availability check", W, BACK, 3200, WEEK, "Fleet management system"),
        ],
    ),
    (
        "D",
        "Book and pay",
        "at home",
        "purchase",
        "Confirm the booking and pay with the company card.",
        "An invoice addressed to the company, a clear confirmation.",
        0,
        [
            ("Payment page", W, FRONT, 1900, WEEK, "Payment provider"),
            ("Booking confirmation", MAIL, FRONT, 1900, WEEK, "E-mailing tool"),
            ("Booking call centre", PHONE, FRONT, 1200, WEEK, "Telephony, booking engine"),
            ("Fraud screening", W, BACK, 1900, WEEK, "Payment provider"),
        ],
    ),
    (
        "E",
        "Arrive at the airport",
        "airport",
        "service_use",
        "Find the rental counter quickly after landing.",
        "Clear signs, a reminder with the counter's location.",
        -1,
        [
            ("Pick-up reminder", SMS, FRONT, 270, DAY, "SMS gateway"),
            ("Airport signage", DESK, FRONT, None, "", ""),
        ],
    ),
    (
        "F",
        "Pick up at the counter",
        "airport",
        "service_use",
        "Get the keys and leave without waiting.",
        "No queue, no upselling, documents checked fast.",
        -2,
        [
            ("Counter check-in", DESK, FRONT, 260, DAY, "Counter software"),
            ("Deposit on the card", DESK, FRONT, 260, DAY, "Payment terminal"),
            ("Contract preparation", DESK, BACK, 260, DAY, "Counter software"),
        ],
    ),
    (
        "G",
        "Take the car in the car park",
        "car park",
        "service_use",
        "Find the car, check it and drive off.",
        "A clean car, in the announced category, easy to find.",
        1,
        [
            ("Bay number on the contract", DESK, FRONT, 260, DAY, "Counter software"),
            ("Car preparation and cleaning", DESK, BACK, 300, DAY, "Fleet management system"),
            ("Damage check in the app", APP, FRONT, 120, DAY, "Mobile app"),
        ],
    ),
    (
        "H",
        "Return the car",
        "car park",
        "loyalty_advocacy",
        "Drop the car and catch the flight.",
        "A fast check-in, the invoice by e-mail, no surprise fees.",
        1,
        [
            ("Return check by an agent", DESK, FRONT, 250, DAY, "Handheld terminal"),
            ("Final invoice", MAIL, FRONT, 250, DAY, "Billing system"),
            ("Satisfaction survey", MAIL, FRONT, 250, DAY, "Parcours"),
        ],
    ),
]

# The touchpoints where the customer gives personal data (the GDPR table of DOMAIN.md).
PERSONAL_DATA_TOUCHPOINTS = {
    "Offers page",
    "Pre-booking form",
    "Pre-booking in the app",
    "Payment page",
    "Booking call centre",
    "Counter check-in",
    "Damage check in the app",
}

# stage code, touchpoint name (or None), description, criticality, standard
MOMENTS = [
    (
        "D",
        "Payment page",
        "Payment goes through at the first attempt",
        MomentOfTruth.Criticality.MEDIUM,
        "Payment accepted in under 30 seconds",
    ),
    (
        "F",
        "Counter check-in",
        "Key handover at the counter",
        MomentOfTruth.Criticality.HIGH,
        "Car handed over in under 10 minutes",
    ),
    (
        "G",
        "Car preparation and cleaning",
        "The customer discovers the car",
        MomentOfTruth.Criticality.HIGH,
        "Car clean and in the booked category or better",
    ),
    (
        "H",
        "Return check by an agent",
        "Return check without surprise fees",
        MomentOfTruth.Criticality.MEDIUM,
        "Final invoice sent within 1 hour of return",
    ),
]

IRRITANT, ENCHANTMENT = Observation.Kind.IRRITANT, Observation.Kind.ENCHANTMENT
CUSTOMER, EMPLOYEE = Observation.Side.CUSTOMER, Observation.Side.EMPLOYEE
INTERVIEW, SURVEY, SEEN = (
    Observation.Source.INTERVIEW,
    Observation.Source.SURVEY,
    Observation.Source.OBSERVATION,
)

# stage code, kind, side, description, source, severity
OBSERVATIONS = [
    ("A", ENCHANTMENT, CUSTOMER, "Prices shown with all fees from the first page", SURVEY, 1),
    ("B", IRRITANT, CUSTOMER, "Insurance options hard to compare between categories", SURVEY, 2),
    ("C", IRRITANT, CUSTOMER, "The form asks again for the company details", SURVEY, 2),
    (
        "C",
        IRRITANT,
        EMPLOYEE,
        "Pre-bookings without a flight number need a call back",
        INTERVIEW,
        2,
    ),
    ("D", ENCHANTMENT, EMPLOYEE, "Call-centre staff can fix a booking in one call", INTERVIEW, 1),
    ("E", IRRITANT, CUSTOMER, "Counter not signposted in terminal 2", SEEN, 2),
    ("F", IRRITANT, CUSTOMER, "Twenty-minute queue at the counter at peak time", SURVEY, 3),
    (
        "F",
        IRRITANT,
        EMPLOYEE,
        "Agents must re-enter the booking in the counter software",
        INTERVIEW,
        3,
    ),
    ("F", ENCHANTMENT, CUSTOMER, "Friendly agents who know the region", SURVEY, 1),
    ("G", ENCHANTMENT, CUSTOMER, "Cars are clean and recent", SURVEY, 1),
    ("G", IRRITANT, EMPLOYEE, "Cleaning team short-staffed on Monday mornings", INTERVIEW, 2),
    ("H", ENCHANTMENT, EMPLOYEE, "Return agents like the handheld terminal", INTERVIEW, 1),
    ("H", IRRITANT, CUSTOMER, "Fuel charge found on the invoice days later", SURVEY, 2),
]

# stage code (or None), title, description, priority, status, due in days
ACTIONS = [
    (
        "F",
        "Express counter for pre-paid business bookings",
        "Open a dedicated counter lane at peak hours.",
        Action.Priority.FIRST,
        Action.Status.IN_PROGRESS,
        30,
    ),
    (
        "F",
        "Send bookings to the counter software automatically",
        "Remove the double entry agents complain about.",
        Action.Priority.FIRST,
        Action.Status.TODO,
        60,
    ),
    (
        "E",
        "Add the counter's location to the pick-up SMS",
        "",
        Action.Priority.SECOND,
        Action.Status.DONE,
        -10,
    ),
    (
        "H",
        "Show the fuel charge at the return check",
        "The agent's terminal prints the final amount before the customer leaves.",
        Action.Priority.SECOND,
        Action.Status.TODO,
        90,
    ),
]


@transaction.atomic
def load_demo(*, owner: User) -> str:
    """Creates the demo persona, the as-is car-rental journey and its to-be copy; a second
    run finds them by name and changes nothing. Returns the line load_demo prints."""
    as_is = Journey.objects.filter(name=AS_IS_NAME).first()
    if as_is is None:
        as_is = _load_as_is(owner=owner)
    to_be = Journey.objects.filter(name=TO_BE_NAME).first()
    if to_be is None:
        to_be = _load_to_be(as_is=as_is, owner=owner)
    return f"Demo journeys: “{as_is}” and “{to_be}”"


def _load_as_is(*, owner: User) -> Journey:
    persona = Persona.objects.filter(name=PERSONA_NAME).first() or services.persona_create(
        name=PERSONA_NAME,
        description=(
            "A sales engineer who flies to client sites twice a month and rents a car at the "
            "airport; the company pays, the traveller chooses."
        ),
        buying_role="user",
        specific_needs=["performance", "comfort", "security"],
        civile_needs=["consideration", "individualisation"],
    )
    journey = services.journey_create(
        name=AS_IS_NAME,
        persona=persona,
        state=Journey.State.AS_IS,
        owner=owner,
        description="Booking and renting a car at the airport for a business trip, as it is today.",
    )
    stages: dict[str, Stage] = {}
    touchpoints: dict[str, Touchpoint] = {}
    for code, name, place, phase, goal, expectations, emotion, items in STAGES:
        stage = services.stage_create(
            journey=journey,
            code=code,
            name=name,
            place=place,
            funnel_phase=phase,
            customer_goal=goal,
            expectations=expectations,
            emotion_score=emotion,
        )
        stages[code] = stage
        for tp_name, channel, lane, volume, period, tools in items:
            touchpoints[tp_name] = services.touchpoint_create(
                stage=stage,
                name=tp_name,
                channel=channel,
                lane=lane,
                volume=volume,
                volume_period=period,
                tools=tools,
                collects_personal_data=tp_name in PERSONAL_DATA_TOUCHPOINTS,
            )
    for code, tp_name, description, criticality, standard in MOMENTS:
        services.moment_of_truth_create(
            stage=stages[code],
            touchpoint=touchpoints[tp_name] if tp_name else None,
            description=description,
            criticality=criticality,
            standard=standard,
        )
    for code, kind, side, description, source, severity in OBSERVATIONS:
        services.observation_create(
            stage=stages[code],
            kind=kind,
            side=side,
            description=description,
            source=source,
            severity=severity,
        )
    # The cross matrix's pair: the retyping at the counter explains the queue.
    by_text = {o.description: o for o in Observation.objects.filter(stage__journey=journey)}
    services.observation_link(
        observation=by_text["Agents must re-enter the booking in the counter software"],
        explains=[by_text["Twenty-minute queue at the counter at peak time"]],
    )
    today = timezone.localdate()
    for code, title, description, priority, status, due_in in ACTIONS:
        services.action_create(
            journey=journey,
            stage=stages[code] if code else None,
            title=title,
            description=description,
            priority=priority,
            owner=owner,
            due_date=_due(today, due_in),
            status=status,
        )
    return journey


def _due(today: date, days: int) -> date:
    return today + timedelta(days=days)


def _load_to_be(*, as_is: Journey, owner: User) -> Journey:
    to_be = services.journey_duplicate(journey=as_is, name=TO_BE_NAME, owner=owner)
    services.journey_update(
        journey=to_be,
        data={
            "description": (
                "The target journey: express counter for pre-paid bookings, digital check-in "
                "in the app, and the invoice at the return check."
            )
        },
    )
    stages = {stage.code: stage for stage in to_be.stages.all()}
    services.touchpoint_create(
        stage=stages["E"],
        name="Digital check-in in the app",
        channel=Touchpoint.Channel.MOBILE_APP,
        volume=150,
        volume_period=Touchpoint.VolumePeriod.DAY,
        tools="Mobile app",
        collects_personal_data=True,
    )
    services.touchpoint_create(
        stage=stages["F"],
        name="Express counter lane",
        channel=Touchpoint.Channel.COUNTER,
        position=1,
        volume=120,
        volume_period=Touchpoint.VolumePeriod.DAY,
        tools="Counter software",
    )
    for code, score in (("E", 1), ("F", 1), ("C", 0)):
        services.stage_update(stage=stages[code], data={"emotion_score": score})
    services.observation_create(
        stage=stages["F"],
        kind=Observation.Kind.ENCHANTMENT,
        side=Observation.Side.CUSTOMER,
        description="Keys in hand five minutes after reaching the counter",
        source=Observation.Source.OTHER,
        severity=1,
    )
    return to_be
