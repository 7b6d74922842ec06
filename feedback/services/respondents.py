"""The customer's own requests and Parcours' own GDPR: unsubscribing, erasure on request and
retention (the gdpr app logs who did what)."""

from datetime import datetime

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from ..models import CaseLogEntry, Invitation, Respondent, Response, ServiceEvent
from .links import UNSUBSCRIBE_SALT, invitation_from_token

ERASED_REF_PREFIX = "erased-"
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
