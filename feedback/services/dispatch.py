"""Sending the invitations and their reminders, through the core outbox (core/outbox.py
tells how a row is claimed, sent and marked so that no e-mail goes twice).

The only window for a duplicate is the worker's death after the mail server accepted the
message and before the one-row UPDATE that marks it: SMTP offers nothing better. One SMTP
connection serves up to MESSAGES_PER_CONNECTION e-mails. Reminders are claimed before they
are sent (at most once: a lost reminder costs less than a repeated one).
"""

import logging
import smtplib
import time
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

import feedback.services
from core import selectors as core_selectors
from core.models import Organisation
from core.outbox import Outbox

from ..models import CustomerEmailStatus, Invitation, PromoterFollowUp, RecoverySurvey
from .customer_mail import promoter_message, recovery_message
from .links import ANSWERABLE, invitation_links
from .respondents import respondent_reachable
from .rollups import rollup_invitation_sent

logger = logging.getLogger(__name__)

SENDING_LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MARK_PATIENCE = timedelta(minutes=2)
MESSAGES_PER_CONNECTION = 100
IDLE_CONNECTION_SECONDS = 30

OUTBOX = Outbox(
    model=Invitation,
    pending=Invitation.Status.SCHEDULED,
    claimed=Invitation.Status.SENDING,
    failed=Invitation.Status.FAILED,
    lease=SENDING_LEASE,
    max_attempts=MAX_ATTEMPTS,
    mark_patience=MARK_PATIENCE,
)
# The one-off e-mails to customers (customer_mail.py), sent by the same runs.
RECOVERY_OUTBOX, PROMOTER_OUTBOX = (
    Outbox(
        model=model,
        pending=CustomerEmailStatus.SCHEDULED,
        claimed=CustomerEmailStatus.SENDING,
        failed=CustomerEmailStatus.FAILED,
        lease=SENDING_LEASE,
        max_attempts=MAX_ATTEMPTS,
        mark_patience=MARK_PATIENCE,
    )
    for model in (RecoverySurvey, PromoterFollowUp)
)


# The `run` command's mail backends: e-mails stay on this machine, so the "Sent e-mails" page
# may show their live links. With any other backend they reach real customers, and showing
# their links would let staff answer or unsubscribe in a customer's name.
DEVELOPMENT_MAIL_BACKENDS = frozenset(
    f"django.core.mail.backends.{name}.EmailBackend" for name in ("console", "filebased", "locmem")
)


def mail_is_for_development() -> bool:
    """True when e-mails go to the console, files or memory, never to a mail server."""
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    return backend in DEVELOPMENT_MAIL_BACKENDS


def message_id(*, invitation: Invitation, reminder: bool) -> str:
    """The Message-ID of an invitation's e-mail or of its reminder, the same at every try."""
    domain = urlsplit(settings.PARCOURS_BASE_URL).hostname or "localhost"
    kind = "reminder" if reminder else "survey"
    return f"<parcours.invitation.{invitation.pk}.{kind}@{domain}>"


def _send_error(error: Exception) -> str:
    """What is kept of a failed send: the error's class and SMTP code. Never the server's
    text, which quotes the recipient's address."""
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code = next(iter(error.recipients.values()))[0]
    name = type(error).__name__
    return f"{name} ({code})" if isinstance(code, int) else name


def _email_message(
    *, invitation: Invitation, reminder: bool, organisation: Organisation
) -> EmailMultiAlternatives:
    respondent = invitation.respondent
    links = invitation_links(invitation=invitation)
    context = {
        **links,
        "invitation": invitation,
        "stage": invitation.event.stage,
        "reminder": reminder,
        "organisation": organisation,
        # Mail clients fetch the logo from this site (their own cache, or the customer's
        # choice to show images): lighter than a copy attached to every e-mail.
        "logo_url": (
            settings.PARCOURS_BASE_URL.rstrip("/") + organisation.logo_path
            if organisation.logo_path
            else ""
        ),
    }
    with translation.override(respondent.language):
        subject = render_to_string("feedback/email/invitation_subject.txt", context).strip()
        text = render_to_string("feedback/email/invitation.txt", context)
        html = render_to_string("feedback/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=organisation.email_sender(),
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


class _BatchMailer:
    """The batch's mail connection: opened by the first message (a server out of reach fails
    that message, not the batch) and kept for the next ones, but renewed after
    MESSAGES_PER_CONNECTION messages or IDLE_CONNECTION_SECONDS without one (mail servers cap
    both and drop the connection), and after any error."""

    def __init__(self):
        self.connection = mailers.default
        self.sent = 0
        self.last_used = 0.0
        # Read from the package, where it is published and where a test turns it down.
        self.per_connection = feedback.services.MESSAGES_PER_CONNECTION

    def send(self, message: EmailMultiAlternatives) -> None:
        idle = time.monotonic() - self.last_used > IDLE_CONNECTION_SECONDS
        if self.sent >= self.per_connection or (self.sent and idle):
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
    counts = {
        "expired": 0,
        "recovered": 0,
        "sent": 0,
        "failed": 0,
        "reminded": 0,
        "recovery_surveys": 0,
        "promoter_follow_ups": 0,
    }
    counts["expired"] = Invitation.objects.filter(
        status__in=[Invitation.Status.SCHEDULED, *ANSWERABLE], expires_at__lte=now
    ).update(status=Invitation.Status.EXPIRED, reminder_due_at=None)
    counts["recovered"] = OUTBOX.recover(now=now)
    mailer = _BatchMailer()
    # Read once per batch, from the database: a worker keeps no copy of the settings page.
    organisation = core_selectors.organisation_stored()
    try:
        _invitations_send(mailer, now=now, limit=limit, counts=counts, organisation=organisation)
        _reminders_send(mailer, now=now, limit=limit, counts=counts, organisation=organisation)
        for outbox, build, related, key in (
            (RECOVERY_OUTBOX, _recovery_build, ("respondent",), "recovery_surveys"),
            (
                PROMOTER_OUTBOX,
                _promoter_build,
                ("respondent", "response__invitation__event__stage"),
                "promoter_follow_ups",
            ),
        ):
            counts[key] = _customer_emails_send(
                mailer,
                outbox=outbox,
                build=build,
                related=related,
                now=now,
                limit=limit,
                organisation=organisation,
            )
    finally:
        mailer.close()
    return counts


def _dispatch_nudge() -> None:
    """Asks a worker to send now rather than at beat's next tick. Best effort: with the
    broker down the event is already recorded, so the nudge fails fast (no retry, logged by
    the robust on_commit) and beat sends the invitation within a minute."""
    from ..tasks import invitations_dispatch_task

    invitations_dispatch_task.apply_async(retry=False)


@transaction.atomic
def invitations_dispatch_request() -> None:
    """Asks a worker to send what is due, once the current transaction commits: the web
    request never talks to the mail server."""
    transaction.on_commit(_dispatch_nudge, robust=True)


def _invitations_send(
    mailer: _BatchMailer,
    *,
    now: datetime,
    limit: int,
    counts: dict[str, int],
    organisation: Organisation,
) -> None:
    claimed = OUTBOX.claim_due(
        queryset=OUTBOX.due(now=now).filter(expires_at__gt=now), now=now, limit=limit
    )
    for invitation in Invitation.objects.select_related(
        "respondent", "event__stage", "rule"
    ).filter(pk__in=claimed):
        try:
            mailer.send(
                _email_message(invitation=invitation, reminder=False, organisation=organisation)
            )
        except Exception as error:
            reason = _send_error(error)
            logger.warning("invitation %s not sent: %s", invitation.pk, reason)
            mailer.close()  # the next message opens a fresh connection
            counts["failed"] += 1
            OUTBOX.retry_later(row=invitation, now=now, changes={"error": reason})
            continue
        sent_at = timezone.now()
        reminder_days = invitation.rule.reminder_after_days
        counts["sent"] += OUTBOX.mark(
            pk=invitation.pk,
            changes={
                "status": Invitation.Status.SENT,
                "sent_at": sent_at,
                "error": "",
                "reminder_due_at": (
                    sent_at + timedelta(days=reminder_days) if reminder_days else None
                ),
            },
            also=partial(rollup_invitation_sent, invitation=invitation, sent_at=sent_at),
        )


def _reminders_send(
    mailer: _BatchMailer,
    *,
    now: datetime,
    limit: int,
    counts: dict[str, int],
    organisation: Organisation,
) -> None:
    reminders = OUTBOX.claim(
        queryset=Invitation.objects.filter(
            status=Invitation.Status.SENT, reminder_due_at__lte=now, expires_at__gt=now
        ),
        limit=limit,
        changes={
            "status": Invitation.Status.REMINDED,
            "reminded_at": now,
            "reminder_due_at": None,
        },
    )
    for invitation in Invitation.objects.select_related("respondent", "event__stage").filter(
        pk__in=reminders
    ):
        try:
            mailer.send(
                _email_message(invitation=invitation, reminder=True, organisation=organisation)
            )
            counts["reminded"] += 1
        except Exception as error:
            logger.warning(
                "reminder of invitation %s not sent: %s", invitation.pk, _send_error(error)
            )
            mailer.close()


def _recovery_build(row: RecoverySurvey, organisation: Organisation):
    return recovery_message(survey=row, organisation=organisation)


def _promoter_build(row: PromoterFollowUp, organisation: Organisation):
    return promoter_message(follow_up=row, organisation=organisation)


def _customer_emails_send(
    mailer: _BatchMailer,
    *,
    outbox: Outbox,
    build,
    related: tuple[str, ...],
    now: datetime,
    limit: int,
    organisation: Organisation,
) -> int:
    """Claims, sends and marks one outbox of one-off e-mails; returns how many went. A
    customer who unsubscribed, was erased or whose address is suppressed since the e-mail
    was queued gets none: it is marked suppressed."""
    outbox.recover(now=now)
    claimed = outbox.claim_due(queryset=outbox.due(now=now), now=now, limit=limit)
    sent = 0
    for row in outbox.rows.select_related(*related).filter(pk__in=claimed):
        message = build(row, organisation) if respondent_reachable(row.respondent) else None
        if message is None:
            outbox.mark(pk=row.pk, changes={"status": CustomerEmailStatus.SUPPRESSED})
            continue
        try:
            mailer.send(message)
        except Exception as error:
            reason = _send_error(error)
            logger.warning("%s %s not sent: %s", outbox.model._meta.model_name, row.pk, reason)
            mailer.close()
            outbox.retry_later(row=row, now=now, changes={"error": reason})
            continue
        sent += outbox.mark(
            pk=row.pk,
            changes={"status": CustomerEmailStatus.SENT, "sent_at": timezone.now(), "error": ""},
        )
    return sent
