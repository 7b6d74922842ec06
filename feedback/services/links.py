"""The signed links of an invitation's e-mail: the survey and the unsubscribe page."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ..models import Invitation

SURVEY_SALT = "feedback.survey"
UNSUBSCRIBE_SALT = "feedback.unsubscribe"
ANSWERABLE = (Invitation.Status.SENT, Invitation.Status.REMINDED)


class InvalidLink(Exception):
    """The link is tampered, expired or already used; the page never says which."""


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
