"""Journeys of the generated organisation (`manage.py generate_data`): at scale 1, 20 journeys
of 12 stages with 8 touchpoints each, their moments of truth, observations and actions."""

import itertools
import random
import string
from datetime import timedelta

from django.utils import timezone

from core.generate import scaled
from core.roles import Role

from .models import (
    Action,
    BuyingGroupMember,
    BuyingRole,
    CivileNeed,
    FunnelPhase,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    SpecificNeed,
    Stage,
    Touchpoint,
)

JOURNEYS = 20
PERSONAS = 8
STAGES_PER_JOURNEY = 12
TOUCHPOINTS_PER_STAGE = 8

SEGMENTS = [
    "Business traveller", "Family on holiday", "Student", "Retired couple", "Small business",
    "Key account", "First-time customer", "Loyal customer", "Commuter", "Tourist",
]  # fmt: skip
SERVICES = [
    "Car rental", "Home insurance", "Broadband", "Train ticket", "Hotel stay", "Bank account",
    "Energy contract", "Mobile plan", "Furniture delivery", "Health insurance",
]  # fmt: skip
# name, place, funnel phase, customer goal
STAGE_PATTERNS = [
    ("Discover the offer", "at home", FunnelPhase.AWARENESS, "Find a provider that fits."),
    ("Compare offers", "at home", FunnelPhase.CONSIDERATION, "Choose the best value."),
    ("Ask for advice", "by phone", FunnelPhase.CONSIDERATION, "Get a clear answer fast."),
    ("Get a quote", "at home", FunnelPhase.PURCHASE, "Know the full price."),
    ("Sign up", "online", FunnelPhase.PURCHASE, "Subscribe without friction."),
    ("Pay", "online", FunnelPhase.PURCHASE, "Pay the way the company pays."),
    ("Receive the confirmation", "by e-mail", FunnelPhase.PURCHASE, "Be sure it is booked."),
    ("Start the service", "on site", FunnelPhase.SERVICE_USE, "Get going without waiting."),
    ("Use the service", "on site", FunnelPhase.SERVICE_USE, "Everything works as promised."),
    ("Get help", "by phone", FunnelPhase.SERVICE_USE, "A problem solved first time."),
    ("Receive the invoice", "by e-mail", FunnelPhase.LOYALTY_ADVOCACY, "No surprise."),
    ("Renew or recommend", "at home", FunnelPhase.LOYALTY_ADVOCACY, "Be rewarded for loyalty."),
]  # fmt: skip
TOOLS = ["CRM", "Booking engine", "Website CMS", "Telephony", "Ticketing tool", "Mobile app"]
OBSERVATIONS = {
    Observation.Kind.IRRITANT: [
        "Waited too long",
        "Had to repeat the same information",
        "Price changed at the last step",
        "Could not reach anyone",
    ],
    Observation.Kind.ENCHANTMENT: [
        "Friendly and quick",
        "Remembered my preferences",
        "Clear explanation of the fees",
        "Solved on the first call",
    ],
}


STEP = "journeys"


def generate(*, scale: float, seed: int, ids: dict[str, list[int]]) -> dict[str, int]:
    """Creates the journeys with everything on their maps; adds the journeys' ids."""
    owner_ids = ids[Role.CX_MANAGER]
    rng = random.Random(seed)
    now = timezone.now()
    personas = Persona.objects.bulk_create(
        [
            Persona(
                name=f"{SEGMENTS[number % len(SEGMENTS)]} #{number + 1:03d}",
                description="Generated persona.",
                specific_needs=rng.sample(SpecificNeed.values, 2),
                civile_needs=rng.sample(CivileNeed.values, 2),
            )
            for number in range(scaled(PERSONAS, scale))
        ]
    )
    journeys = []
    for number in range(scaled(JOURNEYS, scale, minimum=4)):
        # Every fourth journey is the to-be copy of the one before it.
        to_be = number % 4 == 3
        service = SERVICES[number % len(SERVICES)]
        journeys.append(
            Journey(
                name=f"{service} — journey {number + 1:04d}" + (" (to-be)" if to_be else ""),
                persona=rng.choice(personas),
                state=Journey.State.TO_BE if to_be else Journey.State.AS_IS,
                owner_id=rng.choice(owner_ids) if owner_ids else None,
                description=f"Generated {service.lower()} journey.",
            )
        )
    journeys = Journey.objects.bulk_create(journeys)
    for previous, journey in itertools.pairwise(journeys):
        if journey.state == Journey.State.TO_BE:
            journey.source_journey = previous
    Journey.objects.bulk_update(
        [journey for journey in journeys if journey.source_journey_id], ["source_journey"]
    )

    stages = Stage.objects.bulk_create(
        [
            Stage(
                journey=journey,
                position=position + 1,
                code=string.ascii_uppercase[position],
                name=name,
                place=place,
                funnel_phase=phase,
                customer_goal=goal,
                expectations="Clear information and no waiting.",
                emotion_score=rng.choice([-2, -1, 0, 1, 2, None]),
            )
            for journey in journeys
            for position, (name, place, phase, goal) in enumerate(
                STAGE_PATTERNS[:STAGES_PER_JOURNEY]
            )
        ],
        batch_size=2000,
    )
    channels = [c for c in Touchpoint.Channel.values if c not in Touchpoint.INTERNAL_CHANNELS]
    touchpoints = Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                stage=stage,
                position=position + 1,
                name=f"{stage.code}{position + 1} {channel.replace('_', ' ')}",
                channel=channel,
                lane=Touchpoint.Lane.BACK_STAGE if position >= 6 else Touchpoint.Lane.FRONT_STAGE,
                volume=rng.randrange(50, 20_000),
                volume_period=rng.choice(Touchpoint.VolumePeriod.values),
                tools=rng.choice(TOOLS),
            )
            for stage in stages
            for position, channel in enumerate(rng.sample(channels, TOUCHPOINTS_PER_STAGE))
        ],
        batch_size=2000,
    )
    by_stage: dict[int, list[Touchpoint]] = {}
    for touchpoint in touchpoints:
        by_stage.setdefault(touchpoint.stage_id, []).append(touchpoint)

    MomentOfTruth.objects.bulk_create(
        [
            MomentOfTruth(
                stage=stage,
                touchpoint=by_stage[stage.pk][0],
                description=f"{stage.name}: the customer decides whether to trust us.",
                criticality=rng.choice(MomentOfTruth.Criticality.values),
                standard="Answered in under 2 minutes.",
            )
            for stage in stages
            if stage.position % 3 == 0
        ],
        batch_size=2000,
    )
    observations = Observation.objects.bulk_create(
        [
            Observation(
                stage=stage,
                kind=kind,
                side=side,
                description=rng.choice(OBSERVATIONS[kind]),
                source=rng.choice(Observation.Source.values),
                severity=rng.randint(1, 3),
            )
            for stage in stages
            for side in Observation.Side.values
            for kind in [rng.choice(Observation.Kind.values)]
        ],
        batch_size=2000,
    )
    Action.objects.bulk_create(
        [
            Action(
                journey_id=observation.stage.journey_id,
                stage=observation.stage,
                title=f"Fix: {observation.description.lower()}",
                priority=rng.randint(1, 3),
                owner_id=rng.choice(owner_ids) if owner_ids else None,
                due_date=(now + timedelta(days=rng.randrange(-30, 120))).date(),
                status=rng.choice(Action.Status.values),
                observation=observation,
            )
            for observation in observations
            if observation.kind == Observation.Kind.IRRITANT
            and observation.side == Observation.Side.CUSTOMER
            and observation.stage.position % 2 == 0
        ],
        batch_size=2000,
    )
    _buying_groups(journeys, stages, personas, channels, rng)
    ids["journeys"] = [journey.pk for journey in journeys]
    return {"journeys": len(journeys)}


def _buying_groups(journeys, stages, personas, channels, rng) -> None:
    """Each journey's persona uses the service at every stage; another persona, where there
    is one, pays at the purchase stages."""
    by_journey: dict[int, list[Stage]] = {}
    for stage in stages:
        by_journey.setdefault(stage.journey_id, []).append(stage)
    groups = []
    for journey in journeys:
        groups.append((journey, journey.persona, BuyingRole.USER, by_journey[journey.pk]))
        payers = [persona for persona in personas if persona.pk != journey.persona_id]
        if payers:
            purchase = [s for s in by_journey[journey.pk] if s.funnel_phase == "purchase"]
            groups.append((journey, rng.choice(payers), BuyingRole.PAYER, purchase))
    members = BuyingGroupMember.objects.bulk_create(
        [
            BuyingGroupMember(
                journey=journey,
                persona=persona,
                role=role,
                preferred_channels=rng.sample(channels, 2),
            )
            for journey, persona, role, _stages in groups
        ],
        batch_size=2000,
    )
    at_stage = BuyingGroupMember.stages.through
    at_stage.objects.bulk_create(
        [
            at_stage(buyinggroupmember_id=member.pk, stage_id=stage.pk)
            for member, (_journey, _persona, _role, member_stages) in zip(
                members, groups, strict=True
            )
            for stage in member_stages
        ],
        batch_size=2000,
    )
