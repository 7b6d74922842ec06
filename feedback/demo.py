"""The demo's follow-up surveys: rules after booking (D) and car return (H) of the car-rental
journey, six months of events, answers and cases. Seeded, so every run draws the same data.
The organisation's own words (template, rules, case notes) are in the demo's language; the
customers answer in theirs, French or English, whatever it is."""

import random
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import User
from journeys import demo as journeys_demo
from journeys.models import Journey

from . import selectors, services
from .models import (
    Case,
    CaseLogEntry,
    CaseReply,
    Channel,
    CustomerEmailStatus,
    DissatisfactionRisk,
    FollowUpRule,
    Invitation,
    JusticeCheck,
    RecoverySurvey,
    Respondent,
    Response,
    ReviewClick,
    ServiceEvent,
    SurveyTemplate,
    Verbatim,
)

SOURCE = "demo-rental-system"
EVENTS = 300
DAYS = 182
SEED = 20261123

# (stage code, share of events, NPS weights 0..10)
RULES = [
    ("H", 0.7, [2, 1, 2, 3, 3, 4, 6, 12, 18, 25, 24]),
    ("D", 0.3, [1, 1, 1, 1, 2, 3, 4, 10, 20, 28, 29]),
]
# The organisation's words, in the demo's language.
CONTENT = {
    "en": {
        "template": "After the rental",
        "rules": {"H": "Survey after car return", "D": "Survey after booking"},
        "distributive_justice": "Voucher of 75 % of the fuel charge.",
        "procedural_justice": "Called back within 24 hours.",
        "interactional_justice": "Apologised; customer thanked the agent.",
        "log_entry": "Customer called back; apology made.",
        "phoned_title": "Child seat missing at pick-up",
        "posted_title": "Public post: nobody at the return desk",
        "reply_sent": "Reply e-mailed to the customer.",
    },
    "fr": {
        "template": "Après la location",
        "rules": {
            "H": "Enquête après le retour de la voiture",
            "D": "Enquête après la réservation",
        },
        "distributive_justice": "Bon d’achat de 75 % des frais de carburant.",
        "procedural_justice": "Client rappelé sous 24 heures.",
        "interactional_justice": "Excuses présentées ; le client a remercié l’agent.",
        "log_entry": "Client rappelé ; excuses présentées.",
        "phoned_title": "Siège enfant absent au départ",
        "posted_title": "Publication publique : personne au comptoir de retour",
        "reply_sent": "Réponse envoyée au client par e-mail.",
    },
}
COMMENTS = {
    "low": [
        "Queued twenty minutes at the counter.",
        "A fuel charge appeared on the invoice days later.",
        "Nobody could tell me where to leave the car.",
        "Le paiement a échoué deux fois.",
        "Personne au comptoir à mon arrivée.",
    ],
    "high": [
        "Quick return, friendly agent.",
        "Booking took two minutes.",
        "Voiture propre et récente.",
        "",
    ],
}


def loaded_language() -> str | None:
    """The language the demo's follow-up rules were loaded in, found by their names; None
    before the first load."""
    for language, content in CONTENT.items():
        if FollowUpRule.objects.filter(name__in=content["rules"].values()).exists():
            return language
    return None


@transaction.atomic
def load_demo(*, owner: User, language: str) -> str:
    """Creates the demo template, rules, events, answers and cases in that language; a second
    run finds the template by name, or the demo's events, and changes nothing. Returns the
    line load_demo prints."""
    content = CONTENT[language]
    journey = journeys_demo.as_is_journey(language=language)
    # Loaded already when either is there: the template may since have been renamed, and
    # the demo's customers changed, which a second load must leave alone.
    if (
        journey is None
        or SurveyTemplate.objects.filter(name=content["template"]).exists()
        or ServiceEvent.objects.filter(source=SOURCE).exists()
    ):
        return "Demo feedback: 0 new service events"
    stages = {stage.code: stage for stage in journey.stages.all()}
    template = services.survey_template_create(
        name=content["template"],
        asks_nps=True,
        asks_csat=True,
        asks_ces=True,
        asks_comment=True,
        thank_you_en="Thank you! Our rental team reads every answer.",
        thank_you_fr="Merci ! Notre équipe location lit chaque réponse.",
    )
    rules = {
        code: services.follow_up_rule_create(
            name=content["rules"][code],
            stage=stages[code],
            template=template,
            delay_minutes=60 if code == "H" else 30,
            reminder_after_days=3,
            expires_after_days=14,
            fatigue_days=30,
        )
        for code, _share, _weights in RULES
    }
    rng = random.Random(SEED)
    now = timezone.now()
    respondents = Respondent.objects.bulk_create(
        [
            Respondent(
                external_ref=f"DEMO-{number:04d}",
                email=f"customer{number:04d}@example.com",
                language=rng.choice(["fr", "fr", "en"]),
            )
            for number in range(1, 221)
        ]
    )
    # A separate draw, so that the touchpoints leave the rest of the data set as it was.
    touchpoint_rng = random.Random(SEED + 1)
    front_stage = {
        code: list(stage.touchpoints.filter(lane="front_stage").order_by("position"))
        for code, stage in stages.items()
    }
    events, plans = [], []
    for number in range(EVENTS):
        code, _share, weights = rng.choices(RULES, weights=[r[1] for r in RULES])[0]
        occurred_at = now - timedelta(days=DAYS * (EVENTS - number) / EVENTS, hours=rng.random())
        respondent = rng.choice(respondents)
        events.append(
            ServiceEvent(
                respondent=respondent,
                stage=stages[code],
                touchpoint=touchpoint_rng.choice(front_stage[code]) if front_stage[code] else None,
                occurred_at=occurred_at,
                source=SOURCE,
                idempotency_key=f"demo-{number:05d}",
            )
        )
        plans.append((code, weights))
    events = ServiceEvent.objects.bulk_create(events)

    last_sent: dict[int, object] = {}
    invitations, answers = [], []
    for event, (code, weights) in zip(events, plans, strict=True):
        rule = rules[code]
        send_after = event.occurred_at + timedelta(minutes=rule.delay_minutes)
        invitation = Invitation(
            event=event,
            rule=rule,
            respondent=event.respondent,
            send_after=send_after,
            expires_at=send_after + timedelta(days=rule.expires_after_days),
            nonce=secrets.token_hex(16),
        )
        previous = last_sent.get(event.respondent_id)
        if previous and send_after - previous < timedelta(days=rule.fatigue_days):
            invitation.status = Invitation.Status.SUPPRESSED
            invitation.suppression_reason = Invitation.SuppressionReason.FATIGUE
        elif send_after > now:
            invitation.status = Invitation.Status.SCHEDULED
        else:
            last_sent[event.respondent_id] = send_after
            invitation.sent_at = send_after
            answered_at = None
            if rng.random() < 0.55:
                answered_at = send_after + timedelta(hours=rng.randint(1, 60))
            # An answer due after now is not given yet: never an answer from tomorrow.
            if answered_at and answered_at <= now:
                invitation.status = Invitation.Status.ANSWERED
                invitation.answered_at = answered_at
                answers.append((invitation, weights))
            elif invitation.expires_at <= now:
                invitation.status = Invitation.Status.EXPIRED
            else:
                invitation.status = Invitation.Status.SENT
                invitation.reminder_due_at = send_after + timedelta(days=3)
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)

    responses = []
    for invitation, weights in answers:
        nps = rng.choices(range(11), weights=weights)[0]
        csat = max(1, min(5, round(nps / 2.2) + rng.choice([-1, 0, 0, 1])))
        ces = max(1, min(7, 8 - round(nps * 0.6) + rng.choice([-1, 0, 1])))
        responses.append(
            Response(
                invitation=invitation,
                nps=nps,
                csat=csat,
                ces=ces,
                comment=rng.choice(
                    COMMENTS["low" if nps <= selectors.DETRACTOR_MAX_NPS else "high"]
                ),
                language=invitation.respondent.language,
                submitted_at=invitation.answered_at,
            )
        )
    responses = Response.objects.bulk_create(responses)
    services.rollups_rebuild()
    _promoters_review(journey, responses)
    _verbatims_for_the_committee(
        services.verbatims_record_for_responses(responses=responses), owner
    )

    cases = []
    risks = [
        DissatisfactionRisk.TEMPORAL,
        DissatisfactionRisk.FINANCIAL,
        DissatisfactionRisk.OPERATIONAL,
        DissatisfactionRisk.ATTITUDE,
        DissatisfactionRisk.KNOW_HOW,
    ]
    for response in responses:
        if not services.response_needs_case(response):
            continue
        due_at = response.submitted_at + timedelta(
            seconds=settings.FEEDBACK_CASE_DEADLINE_SECONDS["medium"]
        )
        old = now - response.submitted_at > timedelta(days=10)
        harm = Decimal(rng.choice([0, 25, 40, 60, 120]))
        stage = response.invitation.event.stage
        cases.append(
            Case(
                response=response,
                respondent=response.invitation.respondent,
                channel=Channel.SURVEY,
                language=response.language,
                stage=stage,
                owner=owner,
                title=f"{stage.code}. {stage.name} — NPS {response.nps}",
                category=rng.choice(risks),
                severity=services.response_severity(response),
                status=rng.choice([Case.Status.CLOSED, Case.Status.CLOSED, Case.Status.RESOLVED])
                if old
                else rng.choice([Case.Status.OPEN, Case.Status.IN_PROGRESS]),
                due_at=due_at,
                harm_amount=harm if harm else None,
                compensation_offered=(harm * Decimal("0.75")).quantize(Decimal("0.01"))
                if harm and old
                else None,
                distributive_justice=content["distributive_justice"] if old else "",
                procedural_justice=content["procedural_justice"] if old else "",
                interactional_justice=content["interactional_justice"] if old else "",
                recontacted_at=response.submitted_at + timedelta(hours=20) if old else None,
            )
        )
    cases = Case.objects.bulk_create(cases)
    # Opened with the answer, not on the day the demo loads.
    for case in cases:
        case.created_at = case.response.submitted_at
    Case.objects.bulk_update(cases, ["created_at"])
    CaseLogEntry.objects.bulk_create(
        [
            CaseLogEntry(case=case, author=owner, text=content["log_entry"])
            for case in cases
            if case.status in (Case.Status.CLOSED, Case.Status.RESOLVED)
        ]
    )
    _escalate(cases, now=now)
    _recovery(cases)
    _complaints_from_channels(stages, owner=owner, now=now, content=content)
    return f"Demo feedback: {len(events)} new service events"


def _complaints_from_channels(stages: dict, *, owner: User, now, content: dict) -> None:
    """Two complaints from outside the surveys, from customers Parcours does not know: a
    phone call at the car park, whose offer is below its compensation guideline, and a post
    on social media, answered by an e-mail already sent."""
    phoned = services.case_create(
        stage=stages["G"],
        channel=Channel.PHONE,
        title=content["phoned_title"],
        description=(
            "Le client a appelé du parking : le siège enfant réservé n'était pas dans la "
            "voiture, il a dû en louer un sur place."
        ),
        language="fr",
        contact_name="M. Durand",
        contact_phone="+33 6 00 00 00 00",
        owner=owner,
        category=DissatisfactionRisk.SECURITY,
        severity=Case.Severity.HIGH,
        harm_amount=Decimal("60.00"),
        author=owner,
    )
    services.case_update(
        case=phoned,
        data={
            "customer_annual_value": Decimal("2400.00"),
            "inconvenience": Case.Inconvenience.SEVERE,
            "substitutability": Case.Substitutability.LOW,
            "compensation_offered": Decimal("30.00"),
            "justice_checks": [JusticeCheck.TREATMENT_LISTENED, JusticeCheck.TREATMENT_APOLOGISED],
        },
        author=owner,
    )
    posted = services.case_create(
        stage=stages["H"],
        channel=Channel.SOCIAL_MEDIA,
        title=content["posted_title"],
        description="Returned my car at 7am, nobody at the desk, keys left in a box. Not great.",
        language="en",
        contact_name="@frequent_flyer_jo",
        contact_email="jo.traveller@example.com",
        owner=owner,
        category=DissatisfactionRisk.TEMPORAL,
        severity=Case.Severity.MEDIUM,
        author=owner,
    )
    reply = services.case_reply_write(
        case=posted,
        author=owner,
        text=(
            "Hello Jo,\n\nThank you for telling us. Our return desk now opens at 6:30, and we "
            "have refunded your last fuel charge.\n\nThe Parcours Location team"
        ),
    )
    # Written two hours ago and sent at once: the demo has no worker, so it is marked sent.
    written = now - timedelta(hours=2)
    CaseReply.objects.filter(pk=reply.pk).update(
        status=CaseReply.Status.SENT, created_at=written, sent_at=written
    )
    CaseLogEntry.objects.filter(case=posted).update(at=written)
    CaseLogEntry.objects.create(case=posted, author=None, text=content["reply_sent"])
    CaseLogEntry.objects.filter(case=posted, author=None).update(at=written)
    for case, hours in ((phoned, 3), (posted, 5)):
        Case.objects.filter(pk=case.pk).update(created_at=now - timedelta(hours=hours))
        Verbatim.objects.filter(case=case).update(said_at=now - timedelta(hours=hours))


def _verbatims_for_the_committee(verbatims: list, owner: User) -> None:
    """Pins the latest two comments in French and in English, the ones a CX manager brings to
    the committee, and turns the latest French complaint into an observation on the map."""
    latest = sorted(verbatims, key=lambda verbatim: verbatim.said_at, reverse=True)
    for language in ("fr", "en"):
        for verbatim in [v for v in latest if v.language == language][:2]:
            services.verbatim_pin(verbatim=verbatim, user=owner)
    low = [v for v in latest if v.language == "fr" and v.nps is not None and v.nps <= 6]
    if low:
        services.verbatim_to_observation(verbatim=low[0])


REVIEW_URL = "https://www.example.com/reviews/car-rental"


def _promoters_review(journey: Journey, responses: list) -> None:
    """The journey invites its promoters to a review page; a third of them clicked."""
    link = services.review_link_set(journey=journey, url=REVIEW_URL)
    promoters = [r for r in responses if r.nps is not None and r.nps >= 9]
    ReviewClick.objects.bulk_create(
        ReviewClick(link=link, response=response) for response in promoters[::3]
    )


def _escalate(cases: list[Case], *, now) -> None:
    """What the deadline checks do on their first run: the open cases past their deadline
    are flagged and their owner told; the oldest has waited long enough to be escalated to
    the journey's escalation contact."""
    waiting = sorted(
        (case for case in cases if case.status in Case.OPEN_STATUSES), key=lambda c: c.due_at
    )
    if waiting:
        late = now - timedelta(seconds=settings.FEEDBACK_CASE_ESCALATION_SECONDS + 3600)
        Case.objects.filter(pk=waiting[0].pk, due_at__gt=late).update(due_at=late)
    services.cases_flag_overdue(now=now)


# (score, comment) of the two recovery answers: a customer won back, and a double failure.
RECOVERY_ANSWERS = [
    (5, "Refunded the same day, thank you."),
    (1, "Toujours pas remboursé, trois semaines après."),
]


def _recovery(cases: list[Case]) -> None:
    """The customers of the two latest resolved cases answer the recovery survey their
    resolution sent: one is won back, the other rates the handling 1 and its case reopens
    as a double failure; the owner is told of both."""
    resolved = sorted(
        (case for case in cases if case.status == Case.Status.RESOLVED),
        key=lambda case: case.due_at,
        reverse=True,
    )
    for case, (score, comment) in zip(resolved, RECOVERY_ANSWERS, strict=False):
        survey = services.recovery_survey_schedule(case=case)
        if survey is None:
            continue
        RecoverySurvey.objects.filter(pk=survey.pk).update(
            status=CustomerEmailStatus.SENT, sent_at=timezone.now()
        )
        services.recovery_answer_submit(
            token=services.recovery_token(survey=survey), score=score, comment=comment
        )
