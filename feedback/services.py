"""Every write on feedback: keyword-only, one transaction each.

Dispatch: the database is the source of truth and every e-mail is a row that moves forward
through conditional UPDATEs, so re-running a task, or two workers running it at once, never
sends an invitation twice:

1. claim: in a short transaction, `select_for_update(skip_locked=True)` picks due
   `scheduled` rows and turns them into `sending` (with `claimed_at`); a concurrent run skips
   the locked rows and, after commit, no longer sees them as `scheduled`.
2. send: outside any transaction, one e-mail per claimed row.
3. mark: `UPDATE … SET status='sent' WHERE id=… AND status='sending'`.

A worker killed between 1 and 3 leaves rows in `sending`; once `SENDING_LEASE` has passed
(longer than the task's hard time limit, so the killed run cannot still be sending) they go
back to `scheduled`. The only window for a duplicate is a crash after the mail server accepted
the message and before the one-row UPDATE of step 3: SMTP offers nothing better. Reminders are
claimed before they are sent (at most once: a lost reminder costs less than a repeated one).
"""

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.models import User
from journeys.models import Stage, Touchpoint

from .models import (
    Case,
    CaseLogEntry,
    FollowUpRule,
    Invitation,
    Respondent,
    Response,
    ServiceEvent,
    SurveyTemplate,
)

logger = logging.getLogger(__name__)

SURVEY_SALT = "feedback.survey"
UNSUBSCRIBE_SALT = "feedback.unsubscribe"
SENDING_LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
ANSWERABLE = (Invitation.Status.SENT, Invitation.Status.REMINDED)

SURVEY_TEMPLATE_FIELDS = (
    "name",
    "asks_nps",
    "asks_csat",
    "asks_ces",
    "asks_comment",
    "nps_wording_en",
    "nps_wording_fr",
    "csat_wording_en",
    "csat_wording_fr",
    "ces_wording_en",
    "ces_wording_fr",
    "comment_wording_en",
    "comment_wording_fr",
    "thank_you_en",
    "thank_you_fr",
)
FOLLOW_UP_RULE_FIELDS = (
    "name",
    "stage",
    "touchpoint",
    "template",
    "delay_minutes",
    "reminder_after_days",
    "expires_after_days",
    "fatigue_days",
    "active",
)
CASE_FIELDS = (
    "title",
    "owner",
    "category",
    "severity",
    "status",
    "due_at",
    "harm_amount",
    "compensation_offered",
    "distributive_justice",
    "procedural_justice",
    "interactional_justice",
    "recontacted_at",
)


class InvalidLink(Exception):
    """The link is tampered, expired or already used; the page never says which."""


def _apply(instance, data: dict[str, Any], fields) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()


# Templates and rules


def survey_template_create(**data) -> SurveyTemplate:
    """Creates a survey template."""
    template = SurveyTemplate()
    _apply(template, data, SURVEY_TEMPLATE_FIELDS)
    return template


def survey_template_update(*, template: SurveyTemplate, data: dict[str, Any]) -> SurveyTemplate:
    """Changes a survey template."""
    _apply(template, data, SURVEY_TEMPLATE_FIELDS)
    return template


def survey_template_delete(*, template: SurveyTemplate) -> None:
    """Deletes a template no rule uses (the database refuses otherwise)."""
    template.delete()


def _check_rule(rule: FollowUpRule) -> None:
    if rule.touchpoint_id and rule.touchpoint.stage_id != rule.stage_id:
        raise ValidationError({"touchpoint": "The touchpoint belongs to another stage."})


def follow_up_rule_create(**data) -> FollowUpRule:
    """Creates a follow-up rule."""
    rule = FollowUpRule()
    for field, value in data.items():
        setattr(rule, field, value)
    _check_rule(rule)
    _apply(rule, data, FOLLOW_UP_RULE_FIELDS)
    return rule


def follow_up_rule_update(*, rule: FollowUpRule, data: dict[str, Any]) -> FollowUpRule:
    """Changes a rule; invitations already created keep their times."""
    for field, value in data.items():
        setattr(rule, field, value)
    _check_rule(rule)
    _apply(rule, data, FOLLOW_UP_RULE_FIELDS)
    return rule


def follow_up_rule_delete(*, rule: FollowUpRule) -> None:
    """Deletes a rule with its invitations."""
    rule.delete()


# Ingestion


def _respondent_upsert(*, external_ref: str, email: str, language: str) -> Respondent:
    respondent, created = Respondent.objects.get_or_create(
        external_ref=external_ref, defaults={"email": email, "language": language}
    )
    if not created and (respondent.email, respondent.language) != (email, language):
        respondent.email, respondent.language = email, language
        respondent.save(update_fields=["email", "language"])
    return respondent


def _invitation_for(
    *, event: ServiceEvent, rule: FollowUpRule, respondent: Respondent, now: datetime
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
    if respondent.unsubscribed_at is not None:
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


def service_event_ingest(
    *,
    source: str,
    idempotency_key: str,
    external_ref: str,
    email: str = "",
    language: str = "en",
    stage_id: int,
    touchpoint_id: int | None = None,
    occurred_at: datetime,
) -> tuple[ServiceEvent, bool]:
    """Records a service event and its invitations; a repeated (source, key) returns the
    event already recorded, with `created` False, and creates nothing."""
    existing = ServiceEvent.objects.filter(source=source, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    stage = Stage.objects.filter(pk=stage_id).first()
    if stage is None:
        raise ValidationError({"stage_id": "No such stage."})
    if (
        touchpoint_id is not None
        and not Touchpoint.objects.filter(pk=touchpoint_id, stage_id=stage_id).exists()
    ):
        raise ValidationError({"touchpoint_id": "No such touchpoint at this stage."})
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
            rules = FollowUpRule.objects.filter(active=True, stage_id=stage_id).filter(
                Q(touchpoint__isnull=True) | Q(touchpoint_id=touchpoint_id)
            )
            due_now = False
            for rule in rules.order_by("id"):
                invitation = _invitation_for(event=event, rule=rule, respondent=respondent, now=now)
                invitation.save()
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
        from .tasks import invitations_dispatch_task

        transaction.on_commit(invitations_dispatch_task.delay)
    return event, True


# Dispatch


def invitation_token(*, invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=SURVEY_SALT, compress=True)


def unsubscribe_token(*, invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=UNSUBSCRIBE_SALT, compress=True)


def _absolute(path: str) -> str:
    return settings.PARCOURS_BASE_URL.rstrip("/") + path


def invitation_links(*, invitation: Invitation) -> dict[str, str]:
    """The survey and unsubscribe links of an invitation's e-mail."""
    return {
        "survey_url": _absolute(
            reverse("survey:answer", args=[invitation_token(invitation=invitation)])
        ),
        "unsubscribe_url": _absolute(
            reverse("survey:unsubscribe", args=[unsubscribe_token(invitation=invitation)])
        ),
    }


def _email_send(*, invitation: Invitation, reminder: bool) -> None:
    respondent = invitation.respondent
    links = invitation_links(invitation=invitation)
    context = {
        **links,
        "invitation": invitation,
        "stage": invitation.event.stage,
        "reminder": reminder,
    }
    with translation.override(respondent.language):
        subject = render_to_string("feedback/email/invitation_subject.txt", context).strip()
        text = render_to_string("feedback/email/invitation.txt", context)
        html = render_to_string("feedback/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[respondent.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _claim(queryset, limit: int, **changes) -> list[int]:
    with transaction.atomic():
        ids = list(
            queryset.select_for_update(skip_locked=True)
            .order_by("send_after", "id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Invitation.objects.filter(pk__in=ids).update(**changes)
    return ids


def _due_for_sending(now: datetime):
    return Invitation.objects.filter(
        status=Invitation.Status.SCHEDULED, send_after__lte=now, expires_at__gt=now
    )


def invitations_dispatch_due(*, limit: int = 100) -> dict[str, int]:
    """Expires, recovers, sends and reminds what is due; returns how many of each."""
    now = timezone.now()
    counts = {"expired": 0, "recovered": 0, "sent": 0, "failed": 0, "reminded": 0}
    counts["expired"] = Invitation.objects.filter(
        status__in=[Invitation.Status.SCHEDULED, *ANSWERABLE], expires_at__lte=now
    ).update(status=Invitation.Status.EXPIRED, reminder_due_at=None)
    counts["recovered"] = Invitation.objects.filter(
        status=Invitation.Status.SENDING, claimed_at__lt=now - SENDING_LEASE
    ).update(status=Invitation.Status.SCHEDULED, claimed_at=None)

    claimed = _claim(
        _due_for_sending(now),
        limit,
        status=Invitation.Status.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    invitations = Invitation.objects.select_related("respondent", "event__stage", "rule").filter(
        pk__in=claimed
    )
    for invitation in invitations:
        try:
            _email_send(invitation=invitation, reminder=False)
        except Exception as error:
            logger.warning("invitation %s not sent: %s", invitation.pk, error)
            counts["failed"] += 1
            give_up = invitation.attempts >= MAX_ATTEMPTS
            Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.SENDING).update(
                status=Invitation.Status.FAILED if give_up else Invitation.Status.SCHEDULED,
                # Back-off: 2, 4, 8, 16 minutes.
                send_after=now + timedelta(minutes=2**invitation.attempts),
                claimed_at=None,
                error=str(error)[:1000],
            )
            continue
        sent_at = timezone.now()
        reminder_days = invitation.rule.reminder_after_days
        counts["sent"] += Invitation.objects.filter(
            pk=invitation.pk, status=Invitation.Status.SENDING
        ).update(
            status=Invitation.Status.SENT,
            sent_at=sent_at,
            claimed_at=None,
            error="",
            reminder_due_at=sent_at + timedelta(days=reminder_days) if reminder_days else None,
        )

    reminders = _claim(
        Invitation.objects.filter(
            status=Invitation.Status.SENT, reminder_due_at__lte=now, expires_at__gt=now
        ),
        limit,
        status=Invitation.Status.REMINDED,
        reminded_at=now,
        reminder_due_at=None,
    )
    for invitation in Invitation.objects.select_related("respondent", "event__stage").filter(
        pk__in=reminders
    ):
        try:
            _email_send(invitation=invitation, reminder=True)
            counts["reminded"] += 1
        except Exception as error:
            logger.warning("reminder of invitation %s not sent: %s", invitation.pk, error)
    return counts


# Answers


def invitation_from_token(*, token: str, salt: str = SURVEY_SALT) -> Invitation:
    """The invitation a signed link names; InvalidLink when the signature or nonce is wrong."""
    try:
        invitation_id, nonce = signing.loads(token, salt=salt)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    invitation = (
        Invitation.objects.select_related("respondent", "rule__template", "event__stage")
        .filter(pk=invitation_id, nonce=nonce)
        .first()
    )
    if invitation is None:
        raise InvalidLink
    return invitation


def invitation_answerable(*, token: str) -> Invitation:
    """The invitation behind a survey link that can still be answered, or InvalidLink."""
    invitation = invitation_from_token(token=token)
    if invitation.status not in ANSWERABLE or invitation.expires_at <= timezone.now():
        raise InvalidLink
    return invitation


def response_needs_case(response: Response) -> bool:
    return (
        (response.nps is not None and response.nps <= 6)
        or (response.csat is not None and response.csat <= 2)
        or (response.ces is not None and response.ces >= 6)
    )


def response_severity(response: Response) -> int:
    if (response.nps is not None and response.nps <= 3) or response.csat == 1 or response.ces == 7:
        return Case.Severity.HIGH
    return Case.Severity.MEDIUM


def response_submit(*, token: str, answers: dict[str, Any]) -> Response:
    """Stores the answers of a valid link once; the link is used up by this response. Of two
    concurrent submissions the second waits on the row lock of the first's UPDATE, then finds
    the status no longer answerable and gets InvalidLink."""
    invitation = invitation_from_token(token=token)
    template = invitation.rule.template
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, status__in=ANSWERABLE, expires_at__gt=now
        ).update(status=Invitation.Status.ANSWERED, answered_at=now, reminder_due_at=None)
        if claimed != 1:
            raise InvalidLink
        response = Response(
            invitation=invitation,
            nps=answers.get("nps") if template.asks_nps else None,
            csat=answers.get("csat") if template.asks_csat else None,
            ces=answers.get("ces") if template.asks_ces else None,
            comment=(answers.get("comment") or "") if template.asks_comment else "",
            language=invitation.respondent.language,
            submitted_at=now,
        )
        response.full_clean(exclude=["invitation"])
        response.save()
        if response_needs_case(response):
            case_open_for_response(response=response, stage=invitation.event.stage, now=now)
    return response


def case_open_for_response(*, response: Response, stage: Stage, now: datetime) -> Case:
    """Opens the case a low score calls for, due within FEEDBACK_CASE_DUE_HOURS."""
    scores = ", ".join(
        f"{label} {value}"
        for label, value in (("NPS", response.nps), ("CSAT", response.csat), ("CES", response.ces))
        if value is not None
    )
    return Case.objects.create(
        response=response,
        respondent=response.invitation.respondent,
        stage=stage,
        title=f"{stage.code}. {stage.name} — {scores}"[:200],
        severity=response_severity(response),
        due_at=now + timedelta(hours=settings.FEEDBACK_CASE_DUE_HOURS),
    )


def respondent_unsubscribe(*, token: str) -> Respondent:
    """Marks the customer behind an unsubscribe link as unsubscribed, once, and suppresses
    the invitations not sent yet."""
    invitation = invitation_from_token(token=token, salt=UNSUBSCRIBE_SALT)
    now = timezone.now()
    with transaction.atomic():
        Respondent.objects.filter(pk=invitation.respondent_id, unsubscribed_at__isnull=True).update(
            unsubscribed_at=now
        )
        Invitation.objects.filter(
            respondent_id=invitation.respondent_id, status=Invitation.Status.SCHEDULED
        ).update(
            status=Invitation.Status.SUPPRESSED,
            suppression_reason=Invitation.SuppressionReason.UNSUBSCRIBED,
        )
    invitation.respondent.refresh_from_db()
    return invitation.respondent


# Cases


def case_update(*, case: Case, data: dict[str, Any], author: User | None = None) -> Case:
    """Changes a case; a status change is written to its log."""
    before = case.get_status_display()
    old_status = case.status
    _apply(case, data, CASE_FIELDS)
    if case.status != old_status:
        CaseLogEntry.objects.create(
            case=case, author=author, text=f"{before} → {case.get_status_display()}"
        )
    return case


def case_log_add(*, case: Case, author: User | None, text: str) -> CaseLogEntry:
    """Adds an action to a case's log."""
    entry = CaseLogEntry(case=case, author=author, text=text)
    entry.full_clean()
    entry.save()
    return entry


def cases_flag_overdue() -> int:
    """Stamps open cases past their deadline; returns how many were newly flagged."""
    now = timezone.now()
    return Case.objects.filter(
        status__in=Case.OPEN_STATUSES, due_at__lt=now, overdue_since__isnull=True
    ).update(overdue_since=now)
