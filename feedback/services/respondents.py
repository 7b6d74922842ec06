"""The customer's own requests and Parcours' own GDPR: unsubscribing, erasure on request and
retention (the gdpr app logs who did what)."""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import CaseLogEntry, Invitation, Respondent, Response
from .links import UNSUBSCRIBE_SALT, invitation_from_token

ERASED_TEXT = "[erased]"


@transaction.atomic
def respondent_unsubscribe(*, token: str) -> Respondent:
    """Marks the customer behind an unsubscribe link as unsubscribed, once, and suppresses
    the invitations not sent yet."""
    invitation = invitation_from_token(token=token, salt=UNSUBSCRIBE_SALT)
    now = timezone.now()
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


@transaction.atomic
def respondent_erase(*, respondent_id: int) -> None:
    """Erases one respondent's personal data and marks them erased; their answers' scores
    stay, attached to a respondent that identifies no one."""
    Respondent.objects.select_for_update().get(pk=respondent_id)
    Respondent.objects.filter(pk=respondent_id).update(
        email="", external_ref="", erased_at=Coalesce("erased_at", Value(timezone.now()))
    )
    Response.objects.filter(invitation__respondent_id=respondent_id).update(comment="")
    # A delivery error can quote the e-mail address.
    Invitation.objects.filter(respondent_id=respondent_id).update(error="")
    CaseLogEntry.objects.filter(case__respondent_id=respondent_id).update(text=ERASED_TEXT)
