"""The demo organisation's journeys: the car-rental example of DOMAIN.md, as-is and to-be, in
English or in French. The tables below hold what every language shares (codes, channels,
volumes, scores); `content_en` and `content_fr` hold the words, under the same keys."""

from datetime import date, timedelta
from decimal import Decimal
from types import ModuleType

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.comments import services as comment_services
from core.models import User

from .. import services
from ..models import (
    Action,
    BuyingRole,
    DissatisfactionRisk,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    ShareLink,
    Stage,
    Touchpoint,
)
from . import content_en, content_fr

CONTENT: dict[str, ModuleType] = {"en": content_en, "fr": content_fr}
# The English demo's journeys, which the end-to-end tests open by name.
AS_IS_NAME = content_en.AS_IS["name"]
TO_BE_NAME = content_en.TO_BE["name"]

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

# code, funnel phase, emotion, touchpoints (key, channel, lane, volume, period)
STAGES = [
    (
        "A",
        "awareness",
        1,
        [
            ("search_ad", W, FRONT, 4200, WEEK),
            ("offers_page", W, FRONT, 9800, WEEK),
            ("newsletter", MAIL, FRONT, 15000, MONTH),
        ],
    ),
    (
        "B",
        "consideration",
        0,
        [("comparison_page", W, FRONT, 6100, WEEK), ("chat", CHAT, FRONT, 350, WEEK)],
    ),
    (
        "C",
        "purchase",
        -1,
        [
            ("pre_booking_form", W, FRONT, 2300, WEEK),
            ("pre_booking_app", APP, FRONT, 900, WEEK),
            ("availability_check", W, BACK, 3200, WEEK),
        ],
    ),
    (
        "D",
        "purchase",
        0,
        [
            ("payment_page", W, FRONT, 1900, WEEK),
            ("confirmation", MAIL, FRONT, 1900, WEEK),
            ("call_centre", PHONE, FRONT, 1200, WEEK),
            ("fraud_screening", W, BACK, 1900, WEEK),
        ],
    ),
    (
        "E",
        "service_use",
        -1,
        [("pick_up_reminder", SMS, FRONT, 270, DAY), ("signage", DESK, FRONT, None, "")],
    ),
    (
        "F",
        "service_use",
        -2,
        [
            ("counter_check_in", DESK, FRONT, 260, DAY),
            ("deposit", DESK, FRONT, 260, DAY),
            ("contract", DESK, BACK, 260, DAY),
        ],
    ),
    (
        "G",
        "service_use",
        1,
        [
            ("bay_number", DESK, FRONT, 260, DAY),
            ("car_preparation", DESK, BACK, 300, DAY),
            ("damage_check", APP, FRONT, 120, DAY),
        ],
    ),
    (
        "H",
        "loyalty_advocacy",
        1,
        [
            ("return_check", DESK, FRONT, 250, DAY),
            ("final_invoice", MAIL, FRONT, 250, DAY),
            ("survey", MAIL, FRONT, 250, DAY),
        ],
    ),
]

# The touchpoints where the customer gives personal data (the GDPR table of DOMAIN.md).
PERSONAL_DATA_TOUCHPOINTS = {
    "offers_page",
    "pre_booking_form",
    "pre_booking_app",
    "payment_page",
    "call_centre",
    "counter_check_in",
    "damage_check",
}

# stage code, touchpoint, moment of truth, criticality
MOMENTS = [
    ("D", "payment_page", "payment", MomentOfTruth.Criticality.MEDIUM),
    ("F", "counter_check_in", "key_handover", MomentOfTruth.Criticality.HIGH),
    ("G", "car_preparation", "car_discovered", MomentOfTruth.Criticality.HIGH),
    ("H", "return_check", "return_check", MomentOfTruth.Criticality.MEDIUM),
    # Not yet given a standard: the journey health panel lists it.
    ("E", "signage", "counter_found", MomentOfTruth.Criticality.HIGH),
]

# The measurable standards: comparison and target (per month).
STANDARD_TARGETS = {
    "key_handover": {"comparison": MomentOfTruth.Comparison.AT_MOST, "target": Decimal("10")},
}

# action → the moment whose standard it should move, and its target
ACTION_MEASURES = {"express_counter": ("key_handover", Decimal("10"))}

R = DissatisfactionRisk
# The dissatisfaction risks the demo's moments of truth and observations run, by key.
RISKS = {
    "key_handover": [R.TEMPORAL, R.KNOW_HOW],
    "car_discovered": [R.SENSORY, R.SECURITY],
    "return_check": [R.FINANCIAL],
    "counter_found": [R.SPACE, R.PSYCHOLOGICAL],
    "insurance_compared": [R.COGNITIVE, R.FINANCIAL],
    "company_details_again": [R.OPERATIONAL],
    "counter_not_signposted": [R.SPACE],
    "queue": [R.TEMPORAL],
    "double_entry": [R.OPERATIONAL, R.TEMPORAL],
    "cleaning_short_staffed": [R.SENSORY],
    "fuel_charge_later": [R.FINANCIAL, R.ETHICAL],
}

IRRITANT, ENCHANTMENT = Observation.Kind.IRRITANT, Observation.Kind.ENCHANTMENT
CUSTOMER, EMPLOYEE = Observation.Side.CUSTOMER, Observation.Side.EMPLOYEE
INTERVIEW, SURVEY, SEEN = (
    Observation.Source.INTERVIEW,
    Observation.Source.SURVEY,
    Observation.Source.OBSERVATION,
)

# stage code, observation, kind, side, source, severity
OBSERVATIONS = [
    ("A", "all_fees_shown", ENCHANTMENT, CUSTOMER, SURVEY, 1),
    ("B", "insurance_compared", IRRITANT, CUSTOMER, SURVEY, 2),
    ("C", "company_details_again", IRRITANT, CUSTOMER, SURVEY, 2),
    ("C", "no_flight_number", IRRITANT, EMPLOYEE, INTERVIEW, 2),
    ("D", "one_call_fix", ENCHANTMENT, EMPLOYEE, INTERVIEW, 1),
    ("E", "counter_not_signposted", IRRITANT, CUSTOMER, SEEN, 2),
    ("F", "queue", IRRITANT, CUSTOMER, SURVEY, 3),
    ("F", "double_entry", IRRITANT, EMPLOYEE, INTERVIEW, 3),
    ("F", "friendly_agents", ENCHANTMENT, CUSTOMER, SURVEY, 1),
    ("G", "clean_cars", ENCHANTMENT, CUSTOMER, SURVEY, 1),
    ("G", "cleaning_short_staffed", IRRITANT, EMPLOYEE, INTERVIEW, 2),
    ("H", "handheld_liked", ENCHANTMENT, EMPLOYEE, INTERVIEW, 1),
    ("H", "fuel_charge_later", IRRITANT, CUSTOMER, SURVEY, 2),
]

# employee observation → the customer observations it explains
LINKS = {"double_entry": ["queue"]}

# stage code (or None), action, priority, status, due in days
ACTIONS = [
    # Started and done in the past by the stakeholders' demo, once the KPI that feeds the key
    # handover's standard has its measurements: its before and after show a gain.
    ("F", "express_counter", Action.Priority.FIRST, Action.Status.TODO, 30),
    ("F", "bookings_to_counter", Action.Priority.FIRST, Action.Status.TODO, 60),
    ("E", "counter_in_sms", Action.Priority.SECOND, Action.Status.DONE, -10),
    ("H", "fuel_at_return", Action.Priority.SECOND, Action.Status.TODO, 90),
]


def loaded_language() -> str | None:
    """The language the demo journeys were loaded in, found by their names; None before the
    first load."""
    for language, content in CONTENT.items():
        names = [content.AS_IS["name"], content.TO_BE["name"]]
        if Journey.objects.filter(name__in=names).exists():
            return language
    return None


def as_is_journey(*, language: str) -> Journey | None:
    """The demo's as-is journey in that language, which the other apps' demos build on."""
    return Journey.objects.filter(name=CONTENT[language].AS_IS["name"]).first()


def demo_moment(*, journey: Journey, language: str, key: str) -> MomentOfTruth | None:
    """The demo journey's moment of truth under its key in MOMENTS."""
    description, _standard = CONTENT[language].MOMENTS[key]
    return MomentOfTruth.objects.filter(stage__journey=journey, description=description).first()


def demo_action(*, journey: Journey, language: str, key: str) -> Action | None:
    """The demo journey's action under its key in ACTIONS."""
    title, _description = CONTENT[language].ACTIONS[key]
    return Action.objects.filter(journey=journey, title=title).first()


def touchpoints_by_key(*, journey: Journey, language: str) -> dict[str, Touchpoint]:
    """The demo journey's touchpoints under the keys of the tables above."""
    keys = {name: key for key, (name, _tools) in CONTENT[language].TOUCHPOINTS.items()}
    return {
        keys[touchpoint.name]: touchpoint
        for touchpoint in Touchpoint.objects.filter(stage__journey=journey)
        if touchpoint.name in keys
    }


@transaction.atomic
def load_demo(*, owner: User, language: str) -> str:
    """Creates the demo persona, the as-is car-rental journey and its to-be copy in that
    language; a second run finds them by name and changes nothing. Returns the line load_demo
    prints."""
    content = CONTENT[language]
    as_is = as_is_journey(language=language)
    if as_is is None:
        as_is = _load_as_is(content, owner=owner)
        _load_comments(content, journey=as_is, owner=owner, language=language)
    to_be = Journey.objects.filter(name=content.TO_BE["name"]).first()
    if to_be is None:
        to_be = _load_to_be(content, as_is=as_is, owner=owner)
    share_link = _share_link(content, journey=as_is, owner=owner)
    return (
        f"Demo journeys: “{as_is}” and “{to_be}”; "
        f"its share link: {reverse('shared:map', args=[share_link.token])}"
    )


def _share_link(content: ModuleType, *, journey: Journey, owner: User) -> ShareLink:
    """The as-is map's read-only link for the steering committee (found again by its label,
    renewed once it expired or was revoked)."""
    share_link = ShareLink.objects.filter(journey=journey, label=content.SHARE_LINK_LABEL).first()
    if share_link is not None and share_link.is_active:
        return share_link
    return services.share_link_create(
        journey=journey, created_by=owner, days=90, label=content.SHARE_LINK_LABEL
    )


def _load_comments(content: ModuleType, *, journey: Journey, owner: User, language: str) -> None:
    """The threads on the as-is map, with mentions (told in the inbox); one resolved. A
    demo user missing (the journeys' demo loaded alone) is replaced by the owner."""
    users = {user.username: user for user in User.objects.filter(username__in=["claire", "ines"])}
    touchpoints = touchpoints_by_key(journey=journey, language=language)
    for key, author, text, replies, resolved in content.COMMENTS:
        thread = comment_services.comment_post(
            author=users.get(author, owner), target=touchpoints[key], body=text
        )
        for reply_author, reply in replies:
            comment_services.comment_post(
                author=users.get(reply_author, owner),
                target=touchpoints[key],
                body=reply,
                parent=thread,
            )
        if resolved:
            comment_services.comment_resolve(comment=thread, user=users.get(author, owner))


def _load_as_is(content: ModuleType, *, owner: User) -> Journey:
    persona = Persona.objects.filter(name=content.PERSONA["name"]).first()
    if persona is None:
        persona = services.persona_create(
            **content.PERSONA,
            buying_role="user",
            specific_needs=["performance", "comfort", "security"],
            civile_needs=["consideration", "individualisation"],
        )
    journey = services.journey_create(
        **content.AS_IS, persona=persona, state=Journey.State.AS_IS, owner=owner
    )
    stages: dict[str, Stage] = {}
    touchpoints: dict[str, Touchpoint] = {}
    for code, phase, emotion, items in STAGES:
        name, place, goal, expectations = content.STAGES[code]
        stages[code] = services.stage_create(
            journey=journey,
            code=code,
            name=name,
            place=place,
            funnel_phase=phase,
            customer_goal=goal,
            expectations=expectations,
            emotion_score=emotion,
        )
        for key, channel, lane, volume, period in items:
            tp_name, tools = content.TOUCHPOINTS[key]
            touchpoints[key] = services.touchpoint_create(
                stage=stages[code],
                name=tp_name,
                channel=channel,
                lane=lane,
                volume=volume,
                volume_period=period,
                tools=tools,
                collects_personal_data=key in PERSONAL_DATA_TOUCHPOINTS,
            )
    moments = {}
    for code, touchpoint, key, criticality in MOMENTS:
        description, standard = content.MOMENTS[key]
        metric, unit = content.MEASURABLE.get(key, ("", ""))
        measurable = {"metric": metric, "unit": unit}
        if key in STANDARD_TARGETS:
            measurable.update(STANDARD_TARGETS[key])
        moments[key] = services.moment_of_truth_create(
            stage=stages[code],
            touchpoint=touchpoints[touchpoint] if touchpoint else None,
            description=description,
            criticality=criticality,
            standard=standard,
            risks=RISKS.get(key, []),
            **measurable,
        )
    observations = {
        key: services.observation_create(
            stage=stages[code],
            kind=kind,
            side=side,
            description=content.OBSERVATIONS[key],
            source=source,
            severity=severity,
            risks=RISKS.get(key, []),
        )
        for code, key, kind, side, source, severity in OBSERVATIONS
    }
    # The cross matrix's pair: the retyping at the counter explains the queue.
    for employee, customers in LINKS.items():
        services.observation_link(
            observation=observations[employee], explains=[observations[key] for key in customers]
        )
    _load_buying_group(content, journey=journey, traveller=persona, stages=stages)
    today = timezone.localdate()
    for code, key, priority, status, due_in in ACTIONS:
        title, description = content.ACTIONS[key]
        services.action_create(
            journey=journey,
            stage=stages[code] if code else None,
            title=title,
            description=description,
            priority=priority,
            owner=owner,
            due_date=_due(today, due_in),
            status=status,
            **_measure(ACTION_MEASURES.get(key), moments),
        )
    return journey


# The buying group: who (the company or the traveller), the buying role in this journey,
# preferred channels, the stages where they matter, SPECIFIC and CIVILE needs there.
BUYING_GROUP = [
    (
        "company",
        BuyingRole.PAYER,
        [Touchpoint.Channel.EMAIL, Touchpoint.Channel.WEBSITE],
        ["B", "D", "H"],
        ["finances", "security"],
        ["limits"],
    ),
    (
        "traveller",
        BuyingRole.USER,
        [Touchpoint.Channel.MOBILE_APP, Touchpoint.Channel.COUNTER],
        ["B", "C", "E", "F", "G", "H"],
        ["comfort", "performance"],
        ["individualisation", "consideration"],
    ),
]


def _load_buying_group(
    content: ModuleType, *, journey: Journey, traveller: Persona, stages: dict[str, Stage]
) -> None:
    """The company pays (and decides on the travel policy), the traveller chooses and rents."""
    company = Persona.objects.filter(name=content.COMPANY_PERSONA["name"]).first()
    if company is None:
        company = services.persona_create(
            **content.COMPANY_PERSONA,
            buying_role=BuyingRole.FINAL_DECISION_MAKER,
            specific_needs=["finances", "security"],
            civile_needs=["limits"],
        )
    personas = {"company": company, "traveller": traveller}
    for who, role, channels, codes, specific, civile in BUYING_GROUP:
        services.buying_group_member_create(
            journey=journey,
            persona=personas[who],
            role=role,
            preferred_channels=channels,
            stages=[stages[code] for code in codes],
            specific_needs=specific,
            civile_needs=civile,
            needs=content.BUYING_GROUP_NEEDS[who],
        )


def _measure(measure: tuple | None, moments: dict[str, MomentOfTruth]) -> dict:
    if measure is None:
        return {}
    moment, target = measure
    return {
        "measure": Action.Measure.STANDARD,
        "measure_moment": moments[moment],
        "measure_target": target,
    }


def _due(today: date, days: int) -> date:
    return today + timedelta(days=days)


def _load_to_be(content: ModuleType, *, as_is: Journey, owner: User) -> Journey:
    to_be = services.journey_duplicate(journey=as_is, name=content.TO_BE["name"], owner=owner)
    services.journey_update(journey=to_be, data={"description": content.TO_BE["description"]})
    # The history page can show what the to-be version changed, and restore the copy.
    services.snapshot_create(journey=to_be, name=content.TO_BE["snapshot"], taken_by=owner)
    stages = {stage.code: stage for stage in to_be.stages.all()}
    name, tools = content.TOUCHPOINTS["digital_check_in"]
    services.touchpoint_create(
        stage=stages["E"],
        name=name,
        channel=Touchpoint.Channel.MOBILE_APP,
        volume=150,
        volume_period=Touchpoint.VolumePeriod.DAY,
        tools=tools,
        collects_personal_data=True,
    )
    name, tools = content.TOUCHPOINTS["express_lane"]
    services.touchpoint_create(
        stage=stages["F"],
        name=name,
        channel=Touchpoint.Channel.COUNTER,
        position=1,
        volume=120,
        volume_period=Touchpoint.VolumePeriod.DAY,
        tools=tools,
    )
    for code, score in (("E", 1), ("F", 1), ("C", 0)):
        services.stage_update(stage=stages[code], data={"emotion_score": score})
    services.observation_create(
        stage=stages["F"],
        kind=Observation.Kind.ENCHANTMENT,
        side=Observation.Side.CUSTOMER,
        description=content.OBSERVATIONS["keys_in_five_minutes"],
        source=Observation.Source.OTHER,
        severity=1,
    )
    return to_be
