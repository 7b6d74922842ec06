"""After a complaint and after praise: the recovery survey a resolved case sends its customer
(once per case; a low answer reopens the case as a double failure), and the promoter's
follow-up e-mail inviting a public review (once per response). Both are exempt from the
fatigue window, never from unsubscribing, suppression or erasure."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import events

from ..models import (
    Case,
    CaseLogEntry,
    CustomerEmailStatus,
    PromoterFollowUp,
    RecoverySurvey,
    Respondent,
    Response,
    ReviewLink,
)
from ..selectors import DOUBLE_FAILURE_MAX_SCORE, PROMOTER_MIN_NPS
from .cases import case_deadline
from .dispatch import invitations_dispatch_request
from .links import InvalidLink, recovery_from_token
from .respondents import respondent_reachable


def _log(case_id: int, text, **params) -> None:
    # The log is the staff's: in the site's language, even from the customer's French page.
    with translation.override(settings.LANGUAGE_CODE):
        CaseLogEntry.objects.create(
            case_id=case_id,
            author=None,
            text=str(text) % {name: str(value) for name, value in params.items()}
            if params
            else str(text),
        )


@transaction.atomic
def recovery_survey_schedule(*, case: Case, now: datetime | None = None) -> RecoverySurvey | None:
    """Queues the case's recovery survey to its known customer, once per case whatever the
    times it is resolved; None when there is no one to ask, or no longer the right to."""
    if case.respondent_id is None:
        return None
    respondent = Respondent.objects.get(pk=case.respondent_id)
    if not respondent_reachable(respondent):
        return None
    now = now or timezone.now()
    send_after = now + timedelta(seconds=settings.FEEDBACK_RECOVERY_SURVEY_DELAY_SECONDS)
    survey, created = RecoverySurvey.objects.get_or_create(
        case=case,
        defaults={
            "respondent": respondent,
            "send_after": send_after,
            "expires_at": send_after + timedelta(days=settings.FEEDBACK_RECOVERY_SURVEY_DAYS),
            "nonce": secrets.token_hex(16),
        },
    )
    if created:
        _log(case.pk, _("Recovery survey queued for the customer."))
        invitations_dispatch_request()
    return survey


def _reopen_as_double_failure(*, case_id: int, score: int, now: datetime) -> None:
    """The customer is unhappy with how their complaint was handled: the case is open again,
    one severity step higher (critical at most), due as that severity says, its deadline's
    steps to be taken again."""
    case = Case.objects.select_for_update().get(pk=case_id)
    severity = min(case.severity + 1, Case.Severity.CRITICAL)
    Case.objects.filter(pk=case_id).update(
        status=Case.Status.OPEN,
        severity=severity,
        double_failure_at=now,
        due_at=case_deadline(severity=severity, opened_at=now),
        overdue_since=None,
        due_soon_notified_at=None,
        escalation_level=Case.Escalation.NONE,
        escalated_at=None,
    )
    _log(
        case_id,
        _(
            "Double failure: the customer rated the handling %(score)s/5. Case reopened, "
            "severity %(before)s → %(after)s."
        ),
        score=score,
        before=Case.Severity(case.severity).label,
        after=Case.Severity(severity).label,
    )


@transaction.atomic
def recovery_answer_submit(*, token: str, score: int, comment: str = "") -> RecoverySurvey:
    """Stores the customer's answer once (InvalidLink for a used, expired or wrong link); at
    DOUBLE_FAILURE_MAX_SCORE or below the case reopens as a double failure. The case's owner
    is told either way."""
    survey = recovery_from_token(token=token)
    survey.score, survey.comment = score, comment or ""
    survey.full_clean(exclude=["case", "respondent", "nonce", "status"], validate_unique=False)
    now = timezone.now()
    claimed = RecoverySurvey.objects.filter(
        pk=survey.pk, status=CustomerEmailStatus.SENT, expires_at__gt=now
    ).update(
        status=CustomerEmailStatus.ANSWERED,
        score=survey.score,
        comment=survey.comment,
        language=survey.respondent.language,
        answered_at=now,
    )
    if claimed != 1:
        raise InvalidLink
    survey.refresh_from_db()
    if survey.score <= DOUBLE_FAILURE_MAX_SCORE:
        _reopen_as_double_failure(case_id=survey.case_id, score=survey.score, now=now)
    else:
        _log(survey.case_id, _("The customer rated the handling %(score)s/5."), score=score)
    events.announce("case.recovery_answered", case_id=survey.case_id, score=survey.score)
    return survey


@transaction.atomic
def promoter_follow_up_schedule(
    *, response: Response, journey_id: int, now: datetime
) -> PromoterFollowUp | None:
    """Queues the review invitation of a promoter (NPS 9-10) whose journey e-mails them,
    once per response; None otherwise."""
    if response.nps is None or response.nps < PROMOTER_MIN_NPS:
        return None
    if not ReviewLink.objects.filter(
        journey_id=journey_id, active=True, follow_up_email=True
    ).exists():
        return None
    respondent = response.invitation.respondent
    if not respondent_reachable(respondent):
        return None
    follow_up, _created = PromoterFollowUp.objects.get_or_create(
        response=response,
        defaults={
            "respondent": respondent,
            "send_after": now
            + timedelta(seconds=settings.FEEDBACK_PROMOTER_FOLLOW_UP_DELAY_SECONDS),
        },
    )
    return follow_up
