"""Rows the benchmark and the drills add to the generated organisation."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.generate import insert_rows, reserve_ids
from feedback.models import FollowUpRule, Invitation, Respondent, ServiceEvent, SurveyTemplate
from journeys.models import Stage


def immediate_rule(name: str) -> FollowUpRule:
    """A rule with no delay, alone on its stage: the stage's events are due at once, and
    invite through this rule only."""
    stage = Stage.objects.filter(follow_up_rules__isnull=True).order_by("pk").first()
    return FollowUpRule.objects.create(
        name=name,
        stage=stage,
        template=SurveyTemplate.objects.order_by("pk").first(),
        delay_minutes=0,
        expires_after_days=14,
        fatigue_days=0,
    )


@transaction.atomic
def due_invitations(count: int, prefix: str) -> list[str]:
    """`count` new customers, each with one invitation due now; returns their addresses."""
    rule = immediate_rule(f"Bench: {prefix}")
    now = timezone.now()
    first_respondent = reserve_ids(Respondent, count)
    first_event = reserve_ids(ServiceEvent, count)
    emails = [f"{prefix}-{number:06d}@mail.example" for number in range(count)]
    insert_rows(
        Respondent,
        ["id", "external_ref", "email"],
        ((first_respondent + n, f"{prefix}-{n:06d}", email) for n, email in enumerate(emails)),
    )
    insert_rows(
        ServiceEvent,
        ["id", "respondent", "stage", "occurred_at", "source", "idempotency_key"],
        (
            (first_event + n, first_respondent + n, rule.stage_id, now, "bench", f"{prefix}-{n}")
            for n in range(count)
        ),
    )
    insert_rows(
        Invitation,
        ["event", "rule", "respondent", "status", "send_after", "expires_at", "nonce"],
        (
            (
                first_event + n,
                rule.pk,
                first_respondent + n,
                Invitation.Status.SCHEDULED,
                now - timedelta(minutes=1),
                now + timedelta(days=14),
                secrets.token_hex(16),
            )
            for n in range(count)
        ),
    )
    return emails
