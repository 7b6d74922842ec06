"""Service events in, invitations out: the intake shared by the API and the CSV upload."""

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from journeys import selectors as journey_selectors
from journeys.models import Stage

from ..models import FollowUpRule, Invitation, Respondent, ServiceEvent
from .dispatch import _dispatch_nudge
from .respondents import address_suppressed
from .rollups import rollup_invitation_created

SERVICE_EVENTS_MAX_PER_BATCH = 1000


def _respondent_upsert(*, external_ref: str, email: str, language: str) -> Respondent:
    respondent, created = Respondent.objects.get_or_create(
        external_ref=external_ref, defaults={"email": email, "language": language}
    )
    if not created and (respondent.email, respondent.language) != (email, language):
        respondent.email, respondent.language = email, language
        respondent.save(update_fields=["email", "language"])
    return respondent


def _invitation_for(
    *, event: ServiceEvent, rule: FollowUpRule, respondent: Respondent, spared: bool, now: datetime
) -> Invitation:
    """A scheduled invitation, or a suppressed one with the reason the customer is spared."""
    send_after = event.occurred_at + timedelta(minutes=rule.delay_minutes)
    invitation = Invitation(
        event=event,
        rule=rule,
        respondent=respondent,
        send_after=send_after,
        expires_at=max(send_after, now) + timedelta(days=rule.expires_after_days),
        nonce=secrets.token_hex(16),
    )
    reason = ""
    if spared:
        reason = Invitation.SuppressionReason.UNSUBSCRIBED
    elif not respondent.email:
        reason = Invitation.SuppressionReason.NO_EMAIL
    elif (
        Invitation.objects.filter(
            respondent=respondent,
            sent_at__gte=now - timedelta(days=rule.fatigue_days),
        ).exists()
        # A pending invitation counts too: two events an hour apart must not both send.
        or Invitation.objects.filter(
            respondent=respondent,
            status__in=[Invitation.Status.SCHEDULED, Invitation.Status.SENDING],
        ).exists()
    ):
        reason = Invitation.SuppressionReason.FATIGUE
    if reason:
        invitation.status = Invitation.Status.SUPPRESSED
        invitation.suppression_reason = reason
    return invitation


def _stage_find(*, stage_id: int | None, journey_id: int | None, stage_code: str) -> Stage:
    """The event's stage, by id or by journey and code; its absence is an error under
    "stage", the name the API and the forms give it."""
    if stage_id is not None:
        stage = journey_selectors.stage_find(stage_id=stage_id)
        if stage is None:
            raise ValidationError({"stage": "No such stage."})
        return stage
    if journey_id is None or not stage_code:
        raise ValidationError({"stage": "Give the stage's id, or its journey and code."})
    stage = (
        journey_selectors.journey_stages(journey_id=journey_id)
        .select_related("journey")
        .filter(code=stage_code)
        .first()
    )
    if stage is None:
        raise ValidationError(
            {"stage": f"No stage with the code “{stage_code}” in journey {journey_id}."}
        )
    return stage


@transaction.atomic
def service_event_ingest(
    *,
    source: str,
    idempotency_key: str,
    external_ref: str,
    email: str = "",
    language: str = "en",
    stage_id: int | None = None,
    journey_id: int | None = None,
    stage_code: str = "",
    touchpoint_id: int | None = None,
    occurred_at: datetime,
) -> tuple[ServiceEvent, bool]:
    """Records a service event and its invitations; a repeated (source, key) returns the
    event already recorded, with `created` False, and creates nothing. The stage is given by
    its id, or by its journey's id and its code in that journey."""
    if not external_ref.strip():
        # A blank reference is an erased respondent's.
        raise ValidationError({"external_ref": "This field may not be blank."})
    existing = ServiceEvent.objects.filter(source=source, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    stage = _stage_find(stage_id=stage_id, journey_id=journey_id, stage_code=stage_code)
    if (
        touchpoint_id is not None
        and not journey_selectors.touchpoint_options(stage_id=stage.pk)
        .filter(pk=touchpoint_id)
        .exists()
    ):
        raise ValidationError({"touchpoint": "No such touchpoint at this stage."})
    now = timezone.now()
    try:
        with transaction.atomic():
            respondent = _respondent_upsert(
                external_ref=external_ref, email=email, language=language
            )
            event = ServiceEvent.objects.create(
                respondent=respondent,
                stage=stage,
                touchpoint_id=touchpoint_id,
                occurred_at=occurred_at,
                source=source,
                idempotency_key=idempotency_key,
            )
            # The lock serialises two events of one customer, so the fatigue check of the
            # second sees the first one's invitation.
            Respondent.objects.select_for_update().filter(pk=respondent.pk).first()
            respondent.refresh_from_db(fields=["unsubscribed_at"])
            rules = list(
                FollowUpRule.objects.filter(active=True, stage_id=stage.pk)
                .filter(Q(touchpoint__isnull=True) | Q(touchpoint_id=touchpoint_id))
                .order_by("id")
            )
            # Unsubscribed, or the address of someone erased or unsubscribed under another
            # reference.
            spared = bool(rules) and (
                respondent.unsubscribed_at is not None or address_suppressed(email=email)
            )
            due_now = False
            for rule in rules:
                invitation = _invitation_for(
                    event=event, rule=rule, respondent=respondent, spared=spared, now=now
                )
                invitation.save()
                rollup_invitation_created(invitation=invitation)
                due_now |= (
                    invitation.status == Invitation.Status.SCHEDULED
                    and invitation.send_after <= now
                )
    except IntegrityError:
        # Another request recorded the same key between our look-up and our insert: the
        # unique constraint, not the look-up, decides.
        event = ServiceEvent.objects.filter(source=source, idempotency_key=idempotency_key).first()
        if event is None:
            raise
        return event, False
    if due_now:
        transaction.on_commit(_dispatch_nudge, robust=True)
    return event, True


@dataclass
class IngestedEvent:
    """One event of a batch: recorded (or found again), with its invitations, or refused."""

    event: ServiceEvent | None = None
    created: bool = False
    error: ValidationError | None = None
    invitations: list[Invitation] = dataclass_field(default_factory=list)


@transaction.atomic
def service_events_ingest_batch(
    *, events: Sequence[Mapping[str, Any]], stop_at_first_error: bool = False
) -> list[IngestedEvent]:
    """Records up to SERVICE_EVENTS_MAX_PER_BATCH events (each the keywords of
    service_event_ingest), all or nothing: a refused event rolls the whole batch back and
    carries its error, or with stop_at_first_error raises it. Every recorded event comes
    with its invitations, read in one query."""
    if len(events) > SERVICE_EVENTS_MAX_PER_BATCH:
        raise ValidationError(f"At most {SERVICE_EVENTS_MAX_PER_BATCH} events per batch.")
    results = []
    for arguments in events:
        try:
            event, created = service_event_ingest(**arguments)
        except ValidationError as error:
            if stop_at_first_error:
                raise
            results.append(IngestedEvent(error=error))
            continue
        results.append(IngestedEvent(event=event, created=created))
    if any(result.error for result in results):
        transaction.set_rollback(True)
        return results
    invitations: dict[int, list[Invitation]] = {}
    for invitation in Invitation.objects.filter(
        event__in=[result.event for result in results]
    ).order_by("id"):
        invitations.setdefault(invitation.event_id, []).append(invitation)
    for result in results:
        result.invitations = invitations.get(result.event.pk, [])
    return results
