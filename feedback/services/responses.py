"""A customer's answers, stored once per link; a low one opens a case, a promoter's may
queue an invitation to review."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from core import events
from journeys import services as journeys_services

from ..models import Invitation, Response
from .cases import case_open_for_response, response_needs_case
from .links import ANSWERABLE, InvalidLink, invitation_from_token
from .recovery import promoter_follow_up_schedule
from .rollups import rollup_response_add
from .verbatims import verbatim_record_for_response


@transaction.atomic
def response_submit(
    *, token: str, answers: dict[str, Any], invitation: Invitation | None = None
) -> Response:
    """Stores the answers of a valid link once; the link is used up by this response. Of two
    concurrent submissions the second waits on the row lock of the first's UPDATE, then finds
    the status no longer answerable and gets InvalidLink. `invitation`, when the caller has
    just read it from the same token, spares reading it again: the claim decides anyway."""
    if invitation is None:
        invitation = invitation_from_token(token=token)
    template = invitation.rule.template
    now = timezone.now()
    journey_id = invitation.event.stage.journey_id
    # The journey's row first: deleting a stage also locks it before the invitations.
    journeys_services.journey_scores_changed(journey_id=journey_id)
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
    # The claim above makes this the link's only answer, and the fields' validators check
    # the ranges the constraints repeat: no need to ask the database before the INSERT.
    response.full_clean(exclude=["invitation"], validate_unique=False, validate_constraints=False)
    response.save()
    rollup_response_add(response=response, invitation=invitation)
    verbatim_record_for_response(response=response)
    events.announce("response.stored", response_id=response.pk, journey_id=journey_id)
    if response_needs_case(response):
        case_open_for_response(response=response, stage=invitation.event.stage, now=now)
    promoter_follow_up_schedule(response=response, journey_id=journey_id, now=now)
    return response
