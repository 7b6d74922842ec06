"""Parcours' own GDPR: finding, exporting and expiring respondents."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from ..models import Case, Invitation, Respondent, ServiceEvent


def respondent_search(*, query: str) -> QuerySet[Respondent]:
    """Respondents whose e-mail or external reference starts with `query` (or is `query`),
    any case; erased respondents, whose address and reference are blank, never match."""
    query = query.strip()
    if not query:
        return Respondent.objects.none()
    return Respondent.objects.filter(
        Q(email__istartswith=query) | Q(external_ref__istartswith=query)
    ).order_by("external_ref", "pk")


def respondent_identify(*, query: str) -> Respondent:
    """The one respondent whose e-mail or reference is `query` or, failing that, the only one
    whose e-mail or reference begins with it; ValidationError saying why otherwise. For the
    roles that read respondents only (feedback.privacy): a match tells who a person is."""
    matches = respondent_search(query=query)
    query = query.strip()
    exact = list(matches.filter(Q(email__iexact=query) | Q(external_ref__iexact=query))[:2])
    found = exact if len(exact) == 1 else list(matches[:2])
    if not found:
        raise ValidationError(
            _("No customer has an e-mail address or reference beginning with this."),
            code="no_match",
        )
    if len(found) > 1:
        raise ValidationError(
            _("Several customers match: type more of their e-mail address or reference."),
            code="several",
        )
    return found[0]


def respondent_references(*, respondent_ids) -> dict[int, str]:
    """The external reference of each respondent still known and not erased, by id."""
    return dict(
        Respondent.objects.filter(pk__in=set(respondent_ids), erased_at__isnull=True).values_list(
            "pk", "external_ref"
        )
    )


def respondents_expired(*, before: datetime) -> list[int]:
    """The respondents not erased yet, created before `before` with no service event since:
    the ones retention erases."""
    return list(
        Respondent.objects.filter(created_at__lt=before, erased_at__isnull=True)
        .exclude(
            Exists(ServiceEvent.objects.filter(respondent=OuterRef("pk"), received_at__gte=before))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def respondent_export(*, respondent_id: int) -> dict:
    """Everything Parcours holds about a respondent, ready for JSON: the respondent, their
    service events, invitations with responses, and cases with their recovery survey and log."""
    respondent = Respondent.objects.get(pk=respondent_id)
    events = ServiceEvent.objects.filter(respondent_id=respondent_id).select_related(
        "stage", "touchpoint"
    )
    invitations = Invitation.objects.filter(respondent_id=respondent_id).select_related(
        "rule", "response"
    )
    cases = (
        Case.objects.filter(respondent_id=respondent_id)
        .select_related("stage", "recovery_survey")
        .prefetch_related("log_entries", "replies")
    )

    def when(value):
        return value.isoformat() if value else None

    def amount(value):
        return None if value is None else f"{value:.2f}"

    def response(invitation):
        answer = getattr(invitation, "response", None)
        if answer is None:
            return None
        return {
            "nps": answer.nps,
            "csat": answer.csat,
            "ces": answer.ces,
            "comment": answer.comment,
            "language": answer.language,
            "submitted_at": when(answer.submitted_at),
        }

    def recovery(case):
        survey = getattr(case, "recovery_survey", None)
        if survey is None:
            return None
        return {
            "status": survey.status,
            "sent_at": when(survey.sent_at),
            "score": survey.score,
            "comment": survey.comment,
            "answered_at": when(survey.answered_at),
        }

    return {
        "respondent": {
            "id": respondent.pk,
            "external_ref": respondent.external_ref,
            "email": respondent.email,
            "language": respondent.language,
            "unsubscribed_at": when(respondent.unsubscribed_at),
            "created_at": when(respondent.created_at),
        },
        "service_events": [
            {
                "id": event.pk,
                "stage": str(event.stage),
                "touchpoint": str(event.touchpoint) if event.touchpoint else None,
                "occurred_at": when(event.occurred_at),
                "source": event.source,
                "idempotency_key": event.idempotency_key,
            }
            for event in events
        ],
        "invitations": [
            {
                "id": invitation.pk,
                "rule": str(invitation.rule),
                "status": invitation.status,
                "suppression_reason": invitation.suppression_reason,
                "sent_at": when(invitation.sent_at),
                "reminded_at": when(invitation.reminded_at),
                "answered_at": when(invitation.answered_at),
                "response": response(invitation),
            }
            for invitation in invitations
        ],
        "cases": [
            {
                "id": case.pk,
                "title": case.title,
                "channel": case.channel,
                "description": case.description,
                "contact_name": case.contact_name,
                "contact_email": case.contact_email,
                "contact_phone": case.contact_phone,
                "stage": str(case.stage),
                "status": case.status,
                "category": case.category,
                "severity": case.severity,
                "due_at": when(case.due_at),
                "harm_amount": amount(case.harm_amount),
                "compensation_offered": amount(case.compensation_offered),
                "distributive_justice": case.distributive_justice,
                "procedural_justice": case.procedural_justice,
                "interactional_justice": case.interactional_justice,
                "recontacted_at": when(case.recontacted_at),
                "opened_at": when(case.created_at),
                "double_failure_at": when(case.double_failure_at),
                "recovery_survey": recovery(case),
                "log": [
                    {"at": when(entry.at), "text": entry.text} for entry in case.log_entries.all()
                ],
                "replies": [
                    {
                        "written_at": when(reply.created_at),
                        "status": reply.status,
                        "text": reply.text,
                    }
                    for reply in case.replies.all()
                ],
            }
            for case in cases
        ],
    }


# Reads for gdpr (added by the gdpr helper)


def respondent_get(*, respondent_id: int) -> Respondent:
    """One respondent; Respondent.DoesNotExist when there is none."""
    return Respondent.objects.get(pk=respondent_id)
