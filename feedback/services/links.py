"""The signed links of the e-mails to customers: the survey (an invitation's or a recovery
survey's) and the unsubscribe page."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ..models import CustomerEmailStatus, Invitation, RecoverySurvey

SURVEY_SALT = "feedback.survey"
UNSUBSCRIBE_SALT = "feedback.unsubscribe"
ANSWERABLE = (Invitation.Status.SENT, Invitation.Status.REMINDED)


class InvalidLink(Exception):
    """The link is tampered, expired or already used; the page never says which."""


def invitation_token(*, invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=SURVEY_SALT, compress=True)


def unsubscribe_token(*, invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=UNSUBSCRIBE_SALT, compress=True)


def absolute_url(path: str) -> str:
    return settings.PARCOURS_BASE_URL.rstrip("/") + path


def invitation_links(*, invitation: Invitation) -> dict[str, str]:
    """The survey and unsubscribe links of an invitation's e-mail."""
    return {
        "survey_url": absolute_url(
            reverse("survey:answer", args=[invitation_token(invitation=invitation)])
        ),
        "unsubscribe_url": absolute_url(
            reverse("survey:unsubscribe", args=[unsubscribe_token(invitation=invitation)])
        ),
    }


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


RECOVERY_SALT = "feedback.recovery"
RECOVERY_UNSUBSCRIBE_SALT = "feedback.recovery.unsubscribe"


def recovery_token(*, survey: RecoverySurvey, salt: str = RECOVERY_SALT) -> str:
    """The signed key of a recovery survey's answer link (or, with
    RECOVERY_UNSUBSCRIBE_SALT, of its unsubscribe link)."""
    return signing.dumps([survey.pk, survey.nonce], salt=salt, compress=True)


def recovery_links(*, survey: RecoverySurvey) -> dict[str, str]:
    """The answer and unsubscribe links of a recovery survey's e-mail."""
    return {
        "survey_url": absolute_url(
            reverse("survey:recovery", args=[recovery_token(survey=survey)])
        ),
        "unsubscribe_url": absolute_url(
            reverse(
                "survey:recovery_unsubscribe",
                args=[recovery_token(survey=survey, salt=RECOVERY_UNSUBSCRIBE_SALT)],
            )
        ),
    }


def recovery_from_token(*, token: str, salt: str = RECOVERY_SALT) -> RecoverySurvey:
    """The recovery survey a signed link names; InvalidLink when the signature or nonce is
    wrong."""
    try:
        survey_id, nonce = signing.loads(token, salt=salt)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    survey = (
        RecoverySurvey.objects.select_related("respondent", "case__stage")
        .filter(pk=survey_id, nonce=nonce)
        .first()
    )
    if survey is None:
        raise InvalidLink
    return survey


def recovery_answerable(*, token: str) -> RecoverySurvey:
    """The recovery survey behind a link that can still be answered, or InvalidLink."""
    survey = recovery_from_token(token=token)
    if survey.status != CustomerEmailStatus.SENT or survey.expires_at <= timezone.now():
        raise InvalidLink
    return survey
