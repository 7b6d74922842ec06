"""Every write on feedback: keyword-only, one transaction each.

Dispatch: the database is the source of truth and every e-mail is a row that moves forward
through conditional UPDATEs, so re-running a task, or two workers running it at once, never
sends an invitation twice:

1. claim: in a short transaction, `select_for_update(skip_locked=True)` picks due
   `scheduled` rows and turns them into `sending` (with `claimed_at`); a concurrent run skips
   the locked rows and, after commit, no longer sees them as `scheduled`.
2. send: outside any transaction, one e-mail per claimed row.
3. mark: `UPDATE … SET status='sent' WHERE id=… AND status='sending'`, retried for up to
   `MARK_PATIENCE` while the database cannot be reached (a restart of PostgreSQL must not
   turn an e-mail already accepted by the mail server into a second one).

A worker killed between 1 and 3 leaves rows in `sending`; once `SENDING_LEASE` has passed
(longer than the task's hard time limit, so the killed run cannot still be sending) they go
back to `scheduled`. The only window for a duplicate is the worker's death after the mail
server accepted the message and before the one-row UPDATE of step 3: SMTP offers nothing
better. One SMTP connection serves up to MESSAGES_PER_CONNECTION e-mails. Reminders are
claimed before they are sent (at most once: a lost reminder costs less than a repeated one).
"""

import csv
import io
import logging
import secrets
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.validators import validate_email
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.models import User
from core.services import instance_apply
from journeys import services as journeys_services
from journeys.models import Action, Stage, Touchpoint
from stakeholders import selectors as stakeholders_selectors

from .models import (
    Case,
    CaseLogEntry,
    DissatisfactionRisk,
    FollowUpRule,
    Invitation,
    Language,
    Respondent,
    Response,
    ServiceEvent,
    SurveyTemplate,
)
from .selectors import RECURRING_CASE_MINIMUM

logger = logging.getLogger(__name__)

SURVEY_SALT = "feedback.survey"
UNSUBSCRIBE_SALT = "feedback.unsubscribe"
SENDING_LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MARK_PATIENCE = timedelta(minutes=2)
MESSAGES_PER_CONNECTION = 100
IDLE_CONNECTION_SECONDS = 30
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


# Templates and rules


def survey_template_create(**data) -> SurveyTemplate:
    """Creates a survey template."""
    template = SurveyTemplate()
    instance_apply(template, data, SURVEY_TEMPLATE_FIELDS)
    return template


def survey_template_update(*, template: SurveyTemplate, data: dict[str, Any]) -> SurveyTemplate:
    """Changes a survey template."""
    instance_apply(template, data, SURVEY_TEMPLATE_FIELDS)
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
    instance_apply(rule, data, FOLLOW_UP_RULE_FIELDS)
    return rule


def follow_up_rule_update(*, rule: FollowUpRule, data: dict[str, Any]) -> FollowUpRule:
    """Changes a rule; invitations already created keep their times."""
    for field, value in data.items():
        setattr(rule, field, value)
    _check_rule(rule)
    instance_apply(rule, data, FOLLOW_UP_RULE_FIELDS)
    return rule


@transaction.atomic
def follow_up_rule_delete(*, rule: FollowUpRule) -> None:
    """Deletes a rule with its invitations and their answers, which moves the scores."""
    journeys_services.journey_scores_changed(journey_id=rule.stage.journey_id)
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
        transaction.on_commit(_dispatch_nudge, robust=True)
    return event, True


def _dispatch_nudge() -> None:
    """Asks a worker to send now rather than at beat's next tick. Best effort: with the
    broker down the event is already recorded, so the nudge fails fast (no retry, logged by
    the robust on_commit) and beat sends the invitation within a minute."""
    from .tasks import invitations_dispatch_task

    invitations_dispatch_task.apply_async(retry=False)


# The CSV upload of service events: the same ingestion as the API, all or nothing.

SERVICE_EVENTS_MAX_PER_BATCH = 1000
EVENT_CSV_COLUMNS = (
    "idempotency_key",
    "external_ref",
    "email",
    "language",
    "stage_code",
    "touchpoint",
    "occurred_at",
)
EVENT_CSV_REQUIRED_COLUMNS = ("idempotency_key", "external_ref", "stage_code", "occurred_at")


@dataclass
class EventImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = dataclass_field(default_factory=list)
    created: bool = False
    invitations: int = 0


@dataclass
class EventImportResult:
    rows: list[EventImportRow]
    file_errors: list[str] = dataclass_field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def created(self) -> int:
        return sum(row.created for row in self.rows)

    @property
    def already_received(self) -> int:
        return sum(not row.created for row in self.rows)


def _event_row_arguments(
    values: dict[str, str], stages: dict[str, Stage], touchpoints: dict[tuple[int, str], int]
) -> tuple[dict[str, Any], list[str]]:
    """The keyword arguments of service_event_ingest for one CSV row, or its errors."""
    errors = []
    for column in EVENT_CSV_REQUIRED_COLUMNS:
        if not values[column]:
            errors.append(_("%(column)s: this column is required.") % {"column": column})
    arguments: dict[str, Any] = {
        "idempotency_key": values["idempotency_key"],
        "external_ref": values["external_ref"],
        "email": values["email"],
        "language": values["language"] or Language.EN,
    }
    for column, limit in (("idempotency_key", 200), ("external_ref", 100), ("email", 254)):
        if len(values[column]) > limit:
            errors.append(
                _("%(column)s: at most %(limit)d characters.") % {"column": column, "limit": limit}
            )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(
                _("email: “%(value)s” is not an e-mail address.") % {"value": values["email"]}
            )
    if arguments["language"] not in Language.values:
        errors.append(
            _("language: “%(value)s” is not one of %(choices)s.")
            % {"value": values["language"], "choices": ", ".join(Language.values)}
        )
    stage = stages.get(values["stage_code"])
    if values["stage_code"] and stage is None:
        errors.append(
            _("stage_code: no stage “%(code)s” in this journey.") % {"code": values["stage_code"]}
        )
    if stage is not None:
        arguments["stage_id"] = stage.pk
        arguments["touchpoint_id"] = None
        if values["touchpoint"]:
            arguments["touchpoint_id"] = touchpoints.get((stage.pk, values["touchpoint"].lower()))
            if arguments["touchpoint_id"] is None:
                errors.append(
                    _("touchpoint: no touchpoint “%(name)s” at stage %(code)s.")
                    % {"name": values["touchpoint"], "code": stage.code}
                )
    if values["occurred_at"]:
        try:
            occurred_at = parse_datetime(values["occurred_at"])
        except ValueError:
            occurred_at = None
        if occurred_at is None:
            errors.append(
                _("occurred_at: “%(value)s” is not a date and time such as 2026-11-20 18:30.")
                % {"value": values["occurred_at"]}
            )
        elif timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        arguments["occurred_at"] = occurred_at
    return arguments, errors


@transaction.atomic
def service_events_import_csv(
    *, journey_id: int, source: str, text: str, dry_run: bool = False
) -> EventImportResult:
    """Records the service events of a CSV file (EVENT_CSV_COLUMNS; stages by code within the
    journey, touchpoints by name within the stage) through service_event_ingest, with
    `source` as their source system: a key already received creates nothing. Saves nothing
    unless every row is valid; with dry_run, checks everything and saves nothing."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in EVENT_CSV_REQUIRED_COLUMNS if name not in header]
    if missing:
        return EventImportResult(
            rows=[],
            file_errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    reader.fieldnames = header
    stages = {stage.code: stage for stage in Stage.objects.filter(journey_id=journey_id)}
    touchpoints = {
        (stage_id, name.lower()): pk
        for pk, stage_id, name in Touchpoint.objects.filter(
            stage__journey_id=journey_id
        ).values_list("pk", "stage_id", "name")
    }
    result = EventImportResult(rows=[])
    first_line_of_key: dict[str, int] = {}
    created: dict[int, EventImportRow] = {}
    for line, raw in enumerate(reader, start=2):
        if len(result.rows) == SERVICE_EVENTS_MAX_PER_BATCH:
            result.file_errors.append(
                _("At most %(count)d rows per file: split it.")
                % {"count": SERVICE_EVENTS_MAX_PER_BATCH}
            )
            break
        values = {column: (raw.get(column) or "").strip() for column in EVENT_CSV_COLUMNS}
        row = EventImportRow(line=line, values=values)
        result.rows.append(row)
        arguments, row.errors = _event_row_arguments(values, stages, touchpoints)
        key = values["idempotency_key"]
        if key in first_line_of_key:
            row.errors.append(
                _("idempotency_key: already used on line %(line)d of this file.")
                % {"line": first_line_of_key[key]}
            )
        elif key:
            first_line_of_key[key] = line
        if row.errors:
            continue
        try:
            event, row.created = service_event_ingest(source=source, **arguments)
        except ValidationError as error:
            row.errors.extend(error.messages)
            continue
        if row.created:
            created[event.pk] = row
    scheduled = (
        Invitation.objects.filter(event_id__in=created, status=Invitation.Status.SCHEDULED)
        .values("event")
        .order_by()
        .annotate(count=Count("pk"))
        .values_list("event", "count")
    )
    for event_id, count in scheduled:
        created[event_id].invitations = count
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        # The rolled-back transaction also drops the dispatch nudges queued on commit.
        transaction.set_rollback(True)
    return result


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


def message_id(*, invitation: Invitation, reminder: bool) -> str:
    """The Message-ID of an invitation's e-mail or of its reminder, the same at every try."""
    domain = urlsplit(settings.PARCOURS_BASE_URL).hostname or "localhost"
    kind = "reminder" if reminder else "survey"
    return f"<parcours.invitation.{invitation.pk}.{kind}@{domain}>"


def _email_message(*, invitation: Invitation, reminder: bool) -> EmailMultiAlternatives:
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
            # One id per invitation and kind of e-mail: should a crash between the mail
            # server's acceptance and our UPDATE make us send it again, mail clients that
            # deduplicate by Message-ID show it once.
            "Message-ID": message_id(invitation=invitation, reminder=reminder),
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


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


class _BatchMailer:
    """The batch's mail connection: opened by the first message (a server out of reach fails
    that message, not the batch) and kept for the next ones, but renewed after
    MESSAGES_PER_CONNECTION messages or IDLE_CONNECTION_SECONDS without one (mail servers cap
    both and drop the connection), and after any error."""

    def __init__(self):
        self.connection = mailers.default
        self.sent = 0
        self.last_used = 0.0

    def send(self, message: EmailMultiAlternatives) -> None:
        idle = time.monotonic() - self.last_used > IDLE_CONNECTION_SECONDS
        if self.sent >= MESSAGES_PER_CONNECTION or (self.sent and idle):
            self.close()
        self.connection.open()
        self.connection.send_messages([message])
        self.sent += 1
        self.last_used = time.monotonic()

    def close(self) -> None:
        self.connection.close()
        self.sent = 0


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
    mailer = _BatchMailer()
    try:
        _invitations_send(mailer, now=now, limit=limit, counts=counts)
        _reminders_send(mailer, now=now, limit=limit, counts=counts)
    finally:
        mailer.close()
    return counts


def _invitations_send(
    mailer: _BatchMailer, *, now: datetime, limit: int, counts: dict[str, int]
) -> None:
    claimed = _claim(
        _due_for_sending(now),
        limit,
        status=Invitation.Status.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    for invitation in Invitation.objects.select_related(
        "respondent", "event__stage", "rule"
    ).filter(pk__in=claimed):
        try:
            mailer.send(_email_message(invitation=invitation, reminder=False))
        except Exception as error:
            logger.warning("invitation %s not sent: %s", invitation.pk, error)
            mailer.close()  # the next message opens a fresh connection
            counts["failed"] += 1
            give_up = invitation.attempts >= MAX_ATTEMPTS
            _sending_mark(
                invitation,
                status=Invitation.Status.FAILED if give_up else Invitation.Status.SCHEDULED,
                # Back-off: 2, 4, 8, 16 minutes.
                send_after=now + timedelta(minutes=2**invitation.attempts),
                claimed_at=None,
                error=str(error)[:1000],
            )
            continue
        sent_at = timezone.now()
        reminder_days = invitation.rule.reminder_after_days
        counts["sent"] += _sending_mark(
            invitation,
            status=Invitation.Status.SENT,
            sent_at=sent_at,
            claimed_at=None,
            error="",
            reminder_due_at=sent_at + timedelta(days=reminder_days) if reminder_days else None,
        )


def _reminders_send(
    mailer: _BatchMailer, *, now: datetime, limit: int, counts: dict[str, int]
) -> None:
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
            mailer.send(_email_message(invitation=invitation, reminder=True))
            counts["reminded"] += 1
        except Exception as error:
            logger.warning("reminder of invitation %s not sent: %s", invitation.pk, error)
            mailer.close()


def _sending_mark(invitation: Invitation, **changes) -> int:
    """Step 3 of dispatch: moves a `sending` row on. While the database cannot be reached it
    tries again, waiting longer each time, for up to MARK_PATIENCE; then gives up (the row
    stays `sending` and the lease brings it back)."""
    give_up_at = time.monotonic() + MARK_PATIENCE.total_seconds()
    pause = 0.25
    while True:
        try:
            return Invitation.objects.filter(
                pk=invitation.pk, status=Invitation.Status.SENDING
            ).update(**changes)
        except (OperationalError, InterfaceError):
            if time.monotonic() + pause > give_up_at:
                raise
            logger.warning("invitation %s: database unreachable, marking again", invitation.pk)
            connection.close_if_unusable_or_obsolete()
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


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
        # The journey's row first: deleting a stage also locks it before the invitations.
        journeys_services.journey_scores_changed(journey_id=invitation.event.stage.journey_id)
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


def case_default_owner(*, stage: Stage, touchpoint_id: int | None = None) -> User | None:
    """Who handles a complaint about the stage: the active user whose e-mail is that of the
    stakeholder responsible for the touchpoint (the event's first, then the stage's in
    order), or else the journey's owner."""
    emails = [
        email.lower()
        for email in stakeholders_selectors.responsible_stakeholder_emails(
            stage_id=stage.pk, touchpoint_id=touchpoint_id
        )
    ]
    users: dict[str, User] = {}
    if emails:
        for user in (
            User.objects.filter(is_active=True)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .order_by("-pk")
        ):
            users[user.email_lower] = user  # the lowest pk wins, as with .first()
    found = next((users[email] for email in emails if email in users), None)
    return found if found is not None else stage.journey.owner


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
        owner=case_default_owner(
            stage=stage, touchpoint_id=response.invitation.event.touchpoint_id
        ),
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


def case_create(
    *,
    stage: Stage,
    title: str,
    owner: User | None = None,
    category: str = "",
    severity: int = Case.Severity.MEDIUM,
    due_at: datetime | None = None,
    harm_amount: Decimal | None = None,
) -> Case:
    """Opens a case entered by hand (a complaint by phone, letter or at the counter); due
    within FEEDBACK_CASE_DUE_HOURS unless told, owned by the stage's default owner unless
    told."""
    case = Case(
        stage=stage,
        title=title,
        owner=owner if owner is not None else case_default_owner(stage=stage),
        category=category,
        severity=severity,
        due_at=due_at or timezone.now() + timedelta(hours=settings.FEEDBACK_CASE_DUE_HOURS),
        harm_amount=harm_amount,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def recurring_cause_to_action(*, stage_id: int, category: str, owner: User | None = None) -> Action:
    """Turns a recurring cause (the cases of one dissatisfaction risk at one stage not yet in
    the plan) into an improvement action of the journey, and links those cases to it. The
    cases' row locks make a second click wait, then find nothing left to turn."""
    case_ids = list(
        Case.objects.select_for_update()
        .filter(stage_id=stage_id, category=category, improvement_action__isnull=True)
        .values_list("pk", flat=True)
    )
    if len(case_ids) < RECURRING_CASE_MINIMUM:
        raise ValidationError(
            _("Fewer than %(count)d cases of this kind are left outside the plan.")
            % {"count": RECURRING_CASE_MINIMUM}
        )
    stage = Stage.objects.select_related("journey").get(pk=stage_id)
    risk = DissatisfactionRisk(category).label
    action = journeys_services.action_create(
        journey=stage.journey,
        stage=stage,
        title=_("Recurring complaints: %(risk)s") % {"risk": risk},
        description=_(
            "%(count)d complaint cases at this stage were classified as “%(risk)s”. "
            "Find the cause and fix it."
        )
        % {"count": len(case_ids), "risk": risk},
        priority=Action.Priority.FIRST,
        owner=owner,
    )
    Case.objects.filter(pk__in=case_ids).update(improvement_action=action)
    return action


def case_update(*, case: Case, data: dict[str, Any], author: User | None = None) -> Case:
    """Changes a case; a status change is written to its log."""
    before = case.get_status_display()
    old_status = case.status
    instance_apply(case, data, CASE_FIELDS)
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


# Parcours' own GDPR: erasure on request and retention (the gdpr app logs who did what).

ERASED_REF_PREFIX = "erased-"
ERASED_TEXT = "[erased]"


def _respondents_erase(respondent_ids: list[int]) -> None:
    """Blanks the personal data of these respondents and what they wrote; their answers'
    scores stay, attached to a reference that identifies no one."""
    Respondent.objects.filter(pk__in=respondent_ids).update(
        email="", external_ref=Concat(Value(ERASED_REF_PREFIX), Cast("pk", CharField()))
    )
    Response.objects.filter(invitation__respondent_id__in=respondent_ids).update(comment="")
    # A delivery error can quote the e-mail address.
    Invitation.objects.filter(respondent_id__in=respondent_ids).update(error="")
    CaseLogEntry.objects.filter(case__respondent_id__in=respondent_ids).update(text=ERASED_TEXT)


@transaction.atomic
def respondent_erase(*, respondent_id: int) -> None:
    """Erases one respondent's personal data; responses stay, anonymised, so scores hold."""
    Respondent.objects.select_for_update().get(pk=respondent_id)
    _respondents_erase([respondent_id])


@transaction.atomic
def respondents_purge_expired(*, before: datetime) -> list[int]:
    """Erases the respondents created before `before` with no service event since; returns
    their ids."""
    expired = list(
        Respondent.objects.filter(created_at__lt=before)
        .exclude(external_ref__startswith=ERASED_REF_PREFIX)
        .exclude(
            Exists(ServiceEvent.objects.filter(respondent=OuterRef("pk"), received_at__gte=before))
        )
        .values_list("pk", flat=True)
    )
    _respondents_erase(expired)
    return expired
