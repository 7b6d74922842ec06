"""Follow-up surveys of the generated organisation (`manage.py generate_data`): at scale 1,
200,000 service events over the last year, one invitation each, 100,000 responses and 5,000
complaint cases. The big tables are written with COPY in chunks, so memory stays flat."""

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.generate import chunks, insert_rows, reserve_ids, scaled
from core.roles import Role
from journeys.models import Stage, Touchpoint

from . import selectors, services
from .models import (
    Case,
    Channel,
    DissatisfactionRisk,
    FollowUpRule,
    Invitation,
    Respondent,
    Response,
    ServiceEvent,
    SurveyTemplate,
)

RESPONSES = 100_000
INVITATIONS_PER_RESPONSE = 2
RESPONDENTS = 40_000
CASES = 5_000
RULE_STAGE_POSITIONS = (5, 8, 10)
SOURCE = "generator"
DAYS = 365

# NPS weights 0..10: about 25 % detractors, 45 % promoters.
NPS_WEIGHTS = [2, 1, 2, 3, 4, 5, 8, 12, 18, 24, 21]
COMMENTS = ["", "", "", "", "Too long at the counter.", "Great service.", "Invoice unclear."]
TEMPLATES = [
    # name, asks NPS, CSAT, CES, comment
    ("Generated survey: NPS and comment", True, False, False, True),
    ("Generated survey: full", True, True, True, True),
    ("Generated survey: CSAT and CES", False, True, True, False),
]


STEP = "feedback"


def generate(*, scale: float, seed: int, ids: dict[str, list[int]]) -> dict[str, int]:
    """Creates templates, rules, respondents, events, invitations, responses and cases;
    returns how many of the big ones."""
    journey_ids, owner_ids = ids["journeys"], ids[Role.CX_MANAGER]
    rng = random.Random(seed)
    now = timezone.now()
    templates = [
        SurveyTemplate.objects.create(
            name=name, asks_nps=nps, asks_csat=csat, asks_ces=ces, asks_comment=comment
        )
        for name, nps, csat, ces, comment in TEMPLATES
    ]
    stages = list(
        Stage.objects.filter(journey_id__in=journey_ids, position__in=RULE_STAGE_POSITIONS)
    )
    rules = FollowUpRule.objects.bulk_create(
        [
            FollowUpRule(
                name=f"Survey after “{stage.name}”",
                stage=stage,
                template=rng.choice(templates),
                delay_minutes=rng.choice([30, 60, 240]),
                reminder_after_days=rng.choice([None, 3]),
                expires_after_days=14,
                fatigue_days=30,
            )
            for stage in stages
        ]
    )
    touchpoints: dict[int, list[int]] = {}
    for touchpoint_id, stage_id in Touchpoint.objects.filter(
        stage__in=[stage.pk for stage in stages]
    ).values_list("id", "stage_id"):
        touchpoints.setdefault(stage_id, []).append(touchpoint_id)
    template_of = {template.pk: template for template in templates}

    respondent_count = scaled(RESPONDENTS, scale, minimum=10)
    first_respondent = reserve_ids(Respondent, respondent_count)
    insert_rows(
        Respondent,
        ["id", "external_ref", "email", "language", "unsubscribed_at", "created_at"],
        (
            (
                first_respondent + number,
                f"GEN-{number:08d}",
                "" if number % 50 == 0 else f"customer{number:08d}@mail.example",
                "fr" if number % 3 else "en",
                now - timedelta(days=rng.randrange(1, DAYS)) if number % 100 == 1 else None,
                now - timedelta(days=DAYS + 1),
            )
            for number in range(respondent_count)
        ),
    )
    respondent_languages = ("en", "fr", "fr")  # by number % 3, as above

    response_count = scaled(RESPONSES, scale, minimum=20)
    event_count = response_count * INVITATIONS_PER_RESPONSE
    first_event = reserve_ids(ServiceEvent, event_count)
    first_invitation = reserve_ids(Invitation, event_count)
    first_response = reserve_ids(Response, response_count)
    detractors = []
    answered = 0
    for numbers in chunks(event_count):
        events, invitations, responses = [], [], []
        for number in numbers:
            rule = rules[number % len(rules)]
            respondent_number = rng.randrange(respondent_count)
            respondent_id = first_respondent + respondent_number
            touchpoint_id = rng.choice(touchpoints[rule.stage_id]) if number % 4 == 0 else None
            occurred_at = now - timedelta(
                days=DAYS * (event_count - number) / event_count, minutes=rule.delay_minutes + 5
            )
            event_id = first_event + number
            events.append(
                (
                    event_id,
                    respondent_id,
                    rule.stage_id,
                    touchpoint_id,
                    occurred_at,
                    SOURCE,
                    f"gen-{number:09d}",
                    occurred_at + timedelta(seconds=2),
                )
            )
            send_after = occurred_at + timedelta(minutes=rule.delay_minutes)
            expires_at = send_after + timedelta(days=rule.expires_after_days)
            sent_at = answered_at = reminded_at = None
            reason = ""
            if number % INVITATIONS_PER_RESPONSE == 0:
                status = Invitation.Status.ANSWERED
                sent_at = send_after
                answered_at = send_after + timedelta(hours=rng.randint(1, 72))
            elif number % 10 == 1:
                status = Invitation.Status.SUPPRESSED
                reason = Invitation.SuppressionReason.FATIGUE
            else:
                sent_at = send_after
                if expires_at <= now:
                    status = Invitation.Status.EXPIRED
                elif rule.reminder_after_days:
                    status = Invitation.Status.REMINDED
                    reminded_at = sent_at + timedelta(days=rule.reminder_after_days)
                else:
                    status = Invitation.Status.SENT
            invitation_id = first_invitation + number
            invitations.append(
                (
                    invitation_id,
                    event_id,
                    rule.pk,
                    respondent_id,
                    status,
                    reason,
                    send_after,
                    expires_at,
                    sent_at,
                    reminded_at,
                    answered_at,
                    f"{rng.getrandbits(128):032x}",
                    occurred_at,
                )
            )
            if answered_at is None:
                continue
            template = template_of[rule.template_id]
            nps = rng.choices(range(11), weights=NPS_WEIGHTS)[0]
            response_id = first_response + answered
            answered += 1
            responses.append(
                (
                    response_id,
                    invitation_id,
                    nps if template.asks_nps else None,
                    max(1, min(5, round(nps / 2.2) + rng.choice((-1, 0, 1))))
                    if template.asks_csat
                    else None,
                    max(1, min(7, 8 - round(nps * 0.6) + rng.choice((-1, 0, 1))))
                    if template.asks_ces
                    else None,
                    rng.choice(COMMENTS) if template.asks_comment else "",
                    respondent_languages[respondent_number % 3],
                    answered_at,
                )
            )
            if nps <= selectors.DETRACTOR_MAX_NPS:
                detractors.append((response_id, respondent_id, rule.stage_id, answered_at, nps))
        insert_rows(
            ServiceEvent,
            [
                "id",
                "respondent",
                "stage",
                "touchpoint",
                "occurred_at",
                "source",
                "idempotency_key",
                "received_at",
            ],
            events,
        )
        insert_rows(
            Invitation,
            [
                "id",
                "event",
                "rule",
                "respondent",
                "status",
                "suppression_reason",
                "send_after",
                "expires_at",
                "sent_at",
                "reminded_at",
                "answered_at",
                "nonce",
                "created_at",
            ],
            invitations,
        )
        insert_rows(
            Response,
            ["id", "invitation", "nps", "csat", "ces", "comment", "language", "submitted_at"],
            responses,
        )

    cases = _cases(rng, detractors, scaled(CASES, scale), owner_ids, now)
    if connection.vendor == "postgresql":
        # Statistics of the rows just inserted (this transaction's own rows count), or the
        # planner takes the tables for empty and joins a million answers by nested loops.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE feedback_serviceevent, feedback_invitation, feedback_response")
    services.rollups_rebuild()
    return {
        "respondents": respondent_count,
        "service events": event_count,
        "invitations": event_count,
        "responses": answered,
        "cases": cases,
    }


def _cases(rng, detractors, count, owner_ids, now) -> int:
    stage_names = dict(Stage.objects.values_list("id", "name"))
    chosen = rng.sample(detractors, min(count, len(detractors)))
    due = timedelta(seconds=settings.FEEDBACK_CASE_DEADLINE_SECONDS["medium"])
    open_cutoff = now - timedelta(days=30)
    rows = []
    for response_id, respondent_id, stage_id, submitted_at, nps in chosen:
        old = submitted_at < open_cutoff
        harm = Decimal(rng.choice([0, 25, 40, 60, 120]))
        rows.append(
            (
                response_id,
                respondent_id,
                Channel.SURVEY,
                stage_id,
                rng.choice(owner_ids) if owner_ids else None,
                f"{stage_names[stage_id]} — NPS {nps}"[:200],
                rng.choice(DissatisfactionRisk.values),
                Case.Severity.HIGH if nps <= 3 else Case.Severity.MEDIUM,
                rng.choice([Case.Status.RESOLVED, Case.Status.CLOSED])
                if old
                else rng.choice([Case.Status.OPEN, Case.Status.IN_PROGRESS]),
                submitted_at + due,
                harm or None,
                (harm * Decimal("0.75")).quantize(Decimal("0.01")) if harm and old else None,
                submitted_at,
                submitted_at,
            )
        )
    return insert_rows(
        Case,
        [
            "response",
            "respondent",
            "channel",
            "stage",
            "owner",
            "title",
            "category",
            "severity",
            "status",
            "due_at",
            "harm_amount",
            "compensation_offered",
            "created_at",
            "updated_at",
        ],
        rows,
    )
