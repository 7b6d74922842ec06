"""Replies to the customer of a complaint case: written on the case page or through the API,
e-mailed by a worker through the core outbox (claimed, sent, marked: never twice), each
step logged on the case.

The e-mail is plain text, the words as written (no greeting or formula added), with a subject
in the customer's language. Its address is read when it is sent, not when it is written: the
respondent's (unless erased), else the case's contact e-mail; an address unsubscribed or
erased (services.respondents.address_suppressed) is never written to. Without one, the reply
is kept on the case, marked as not sent.
"""

import logging
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import selectors as core_selectors
from core.models import User
from core.outbox import Outbox

from ..models import Case, CaseLogEntry, CaseReply
from .dispatch import _send_error
from .respondents import address_suppressed

logger = logging.getLogger(__name__)

REPLY_OUTBOX = Outbox(
    model=CaseReply,
    pending=CaseReply.Status.PENDING,
    claimed=CaseReply.Status.SENDING,
    failed=CaseReply.Status.FAILED,
)


def case_reply_address(case: Case) -> str:
    """Where a reply to the case's customer goes: the known respondent's address (none once
    they are erased), else the contact e-mail typed on the case; "" when there is none."""
    respondent = case.respondent
    if respondent is not None and respondent.erased_at is None and respondent.email:
        return respondent.email
    if respondent is not None and respondent.erased_at is not None:
        return ""
    return case.contact_email


def case_reply_status(case: Case) -> str:
    """What writing a reply now would do: PENDING (it will be e-mailed), NO_ADDRESS or
    SUPPRESSED (it will be kept, not sent)."""
    address = case_reply_address(case)
    if not address:
        return CaseReply.Status.NO_ADDRESS
    if address_suppressed(email=address):
        return CaseReply.Status.SUPPRESSED
    return CaseReply.Status.PENDING


def _log_text(status: str) -> str:
    return {
        CaseReply.Status.PENDING: _("Reply to the customer written; it will be e-mailed."),
        CaseReply.Status.SENT: _("Reply e-mailed to the customer."),
        CaseReply.Status.FAILED: _("The reply could not be e-mailed to the customer."),
        CaseReply.Status.NO_ADDRESS: _(
            "Reply to the customer kept, not sent: no e-mail address is known."
        ),
        CaseReply.Status.SUPPRESSED: _(
            "Reply to the customer kept, not sent: the customer unsubscribed or was erased."
        ),
    }[status]


def _sending_requested() -> None:
    """Asks a worker to send now rather than at beat's next tick (best effort, as for the
    invitations: beat sends within a minute anyway)."""
    from ..tasks import case_replies_send_task

    case_replies_send_task.apply_async(retry=False)


@transaction.atomic
def case_reply_write(*, case: Case, author: User | None, text: str) -> CaseReply:
    """Writes a reply to the case's customer, in the case's language, logs it, and has it
    e-mailed once the transaction commits; kept, not sent, when no address may be used."""
    status = case_reply_status(case)
    reply = CaseReply(
        case=case,
        author=author,
        text=text,
        language=case.language,
        status=status,
        send_after=timezone.now(),
    )
    reply.full_clean()
    reply.save()
    CaseLogEntry.objects.create(case=case, author=author, text=_log_text(status))
    if status == CaseReply.Status.PENDING:
        transaction.on_commit(_sending_requested, robust=True)
    return reply


def reply_message_id(reply: CaseReply) -> str:
    """The reply's Message-ID, the same at every try."""
    domain = urlsplit(settings.PARCOURS_BASE_URL).hostname or "localhost"
    return f"<parcours.case-reply.{reply.pk}@{domain}>"


def reply_email(reply: CaseReply, *, address: str, sender: str, organisation_name: str):
    """The reply as a plain-text e-mail in the customer's language."""
    with translation.override(reply.language):
        subject = (
            _("Our reply to your message — %(organisation)s") % {"organisation": organisation_name}
            if organisation_name
            else _("Our reply to your message")
        )
    return EmailMessage(
        subject=subject,
        body=reply.text,
        from_email=sender,
        to=[address],
        headers={"Message-ID": reply_message_id(reply)},
    )


def _mark_and_log(reply: CaseReply, *, changes: dict, status: str) -> int:
    with transaction.atomic():
        marked = REPLY_OUTBOX.mark(pk=reply.pk, changes={"status": status, **changes})
        if marked:
            CaseLogEntry.objects.create(case_id=reply.case_id, author=None, text=_log_text(status))
    return marked


def case_replies_send_due(*, limit: int = 100, now: datetime | None = None) -> int:
    """Sends the replies due, each once; returns how many went. A reply whose address was
    erased or suppressed since it was written is kept, not sent."""
    now = now or timezone.now()
    REPLY_OUTBOX.recover(now=now)
    claimed = REPLY_OUTBOX.claim_due(queryset=REPLY_OUTBOX.due(now=now), now=now, limit=limit)
    if not claimed:
        return 0
    organisation = core_selectors.organisation_stored()
    sender, name = organisation.email_sender(), organisation.name
    sent = 0
    connection = mailers.default
    for reply in CaseReply.objects.select_related("case__respondent").filter(pk__in=claimed):
        # Logged in the installation's language, as the other automatic entries.
        with translation.override(settings.LANGUAGE_CODE):
            status = case_reply_status(reply.case)
            if status != CaseReply.Status.PENDING:
                _mark_and_log(reply, changes={}, status=status)
                continue
            message = reply_email(
                reply, address=case_reply_address(reply.case), sender=sender, organisation_name=name
            )
            try:
                connection.send_messages([message])
            except Exception as error:
                reason = _send_error(error)
                logger.warning("case reply %s not sent: %s", reply.pk, reason)
                REPLY_OUTBOX.retry_later(row=reply, now=timezone.now(), changes={"error": reason})
                if reply.attempts >= REPLY_OUTBOX.max_attempts:
                    CaseLogEntry.objects.create(
                        case_id=reply.case_id,
                        author=None,
                        text=_log_text(CaseReply.Status.FAILED),
                    )
                continue
            sent += _mark_and_log(
                reply,
                changes={"sent_at": timezone.now(), "error": ""},
                status=CaseReply.Status.SENT,
            )
    return sent
