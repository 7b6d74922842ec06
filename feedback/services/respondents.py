"""The customer's own requests and Parcours' own GDPR: unsubscribing, erasure on request and
retention (the gdpr app logs who did what)."""

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..models import (
    Case,
    CaseLogEntry,
    CaseReply,
    CustomerEmailStatus,
    Invitation,
    PromoterFollowUp,
    RecoverySurvey,
    Respondent,
    Response,
    ServiceEvent,
    SuppressedAddress,
    Verbatim,
)
from .links import (
    RECOVERY_UNSUBSCRIBE_SALT,
    UNSUBSCRIBE_SALT,
    invitation_from_token,
    recovery_from_token,
)
from .rollups import rollups_recounted
from .verbatims import verbatims_erase

ERASED_TEXT = "[erased]"
ADDRESS_HASH_SALT = "feedback.SuppressedAddress"


def _address_hashes(email: str) -> list[str]:
    """The address's keyed hash under the secret key, then under each fallback key, so a
    key rotation keeps the suppressed addresses."""
    normalised = email.strip().lower()
    return [
        salted_hmac(ADDRESS_HASH_SALT, normalised, secret=secret, algorithm="sha256").hexdigest()
        for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    ]


def _address_suppress(email: str) -> None:
    if email:
        SuppressedAddress.objects.get_or_create(address_hash=_address_hashes(email)[0])


def address_suppressed(*, email: str) -> bool:
    """Whether this address belongs to someone erased or unsubscribed."""
    return (
        bool(email)
        and SuppressedAddress.objects.filter(address_hash__in=_address_hashes(email)).exists()
    )


def respondent_reachable(respondent: Respondent) -> bool:
    """Whether a customer may be e-mailed at all: an address, neither unsubscribed nor
    erased, and not a suppressed address."""
    return (
        bool(respondent.email)
        and respondent.unsubscribed_at is None
        and respondent.erased_at is None
        and not address_suppressed(email=respondent.email)
    )


def _customer_emails_suppress(respondent_id: int) -> None:
    """The respondent's one-off e-mails not sent yet (recovery survey, review invitation)
    will not go."""
    for model in (RecoverySurvey, PromoterFollowUp):
        model.objects.filter(
            respondent_id=respondent_id, status=CustomerEmailStatus.SCHEDULED
        ).update(status=CustomerEmailStatus.SUPPRESSED)


@transaction.atomic
def respondent_unsubscribe(*, token: str, salt: str = UNSUBSCRIBE_SALT) -> Respondent:
    """Marks the customer behind an unsubscribe link (an invitation's, or with
    RECOVERY_UNSUBSCRIBE_SALT a recovery survey's) as unsubscribed, once, and suppresses the
    e-mails not sent yet."""
    if salt == RECOVERY_UNSUBSCRIBE_SALT:
        respondent = recovery_from_token(token=token, salt=salt).respondent
    else:
        respondent = invitation_from_token(token=token, salt=salt).respondent
    now = timezone.now()
    Respondent.objects.filter(pk=respondent.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now
    )
    with rollups_recounted(respondent_ids=[respondent.pk]):
        Invitation.objects.filter(
            respondent_id=respondent.pk, status=Invitation.Status.SCHEDULED
        ).update(
            status=Invitation.Status.SUPPRESSED,
            suppression_reason=Invitation.SuppressionReason.UNSUBSCRIBED,
        )
    _customer_emails_suppress(respondent.pk)
    respondent.refresh_from_db()
    _address_suppress(respondent.email)
    return respondent


@transaction.atomic
def respondent_erase(*, respondent_id: int) -> None:
    """Erases one respondent's personal data and every free text about them, and marks them
    erased; a keyed hash of their address keeps them from being surveyed again. Their
    answers' scores and their cases' amounts stay, attached to no one."""
    respondent = Respondent.objects.select_for_update().get(pk=respondent_id)
    _address_suppress(respondent.email)
    Respondent.objects.filter(pk=respondent_id).update(
        email="", external_ref="", erased_at=Coalesce("erased_at", Value(timezone.now()))
    )
    Response.objects.filter(invitation__respondent_id=respondent_id).update(comment="")
    # A delivery error can quote the e-mail address.
    Invitation.objects.filter(respondent_id=respondent_id).update(error="")
    RecoverySurvey.objects.filter(respondent_id=respondent_id).update(comment="", error="")
    PromoterFollowUp.objects.filter(respondent_id=respondent_id).update(error="")
    _customer_emails_suppress(respondent_id)
    # The key is often a booking or customer number; a random one keeps it unique.
    ServiceEvent.objects.filter(respondent_id=respondent_id).update(
        idempotency_key=Concat(Value("erased:"), Cast(RandomUUID(), CharField()))
    )
    cases = Case.objects.filter(
        Q(respondent_id=respondent_id) | Q(response__invitation__respondent_id=respondent_id)
    )
    verbatims_erase(
        verbatims=Verbatim.objects.filter(
            Q(response__invitation__respondent_id=respondent_id) | Q(case__in=cases)
        ),
        erased_text=ERASED_TEXT,
    )
    _cases_erase(cases)


def _cases_erase(cases) -> None:
    """Blanks every free text and contact detail of the cases, and stops their replies."""
    # Staff type names and phone numbers into a case's title, notes and log.
    CaseLogEntry.objects.filter(case__in=cases).update(text=ERASED_TEXT)
    # A reply not sent yet is never sent: its address and words are gone.
    CaseReply.objects.filter(case__in=cases).update(text=ERASED_TEXT)
    CaseReply.objects.filter(
        case__in=cases, status__in=[CaseReply.Status.PENDING, CaseReply.Status.FAILED]
    ).update(status=CaseReply.Status.SUPPRESSED)
    cases.update(
        title=ERASED_TEXT,
        description="",
        contact_name="",
        contact_email="",
        contact_phone="",
        distributive_justice="",
        procedural_justice="",
        interactional_justice="",
    )


@transaction.atomic
def case_contacts_erase_expired(*, before: datetime) -> int:
    """Erases the complaints of customers no respondent stands for (a phone call, a letter…)
    once closed or resolved and untouched since `before`, as respondent_erase does for a
    known customer; their amounts and risks stay. Returns how many cases were erased."""
    cases = Case.objects.filter(
        respondent__isnull=True,
        response__isnull=True,
        updated_at__lt=before,
        status__in=[Case.Status.RESOLVED, Case.Status.CLOSED],
    ).exclude(title=ERASED_TEXT)
    ids = list(cases.values_list("pk", flat=True))
    erased = Case.objects.filter(pk__in=ids)
    verbatims_erase(verbatims=Verbatim.objects.filter(case__in=erased), erased_text=ERASED_TEXT)
    _cases_erase(erased)
    return len(ids)


@transaction.atomic
def respondents_delete(*, respondents: QuerySet[Respondent]) -> None:
    """Deletes respondents with their events, invitations and answers, and takes those out
    of the score rollups."""
    ids = list(respondents.select_for_update().values_list("pk", flat=True))
    with rollups_recounted(respondent_ids=ids):
        Respondent.objects.filter(pk__in=ids).delete()
