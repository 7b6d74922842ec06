"""The customers' words: recorded as verbatims when they arrive, pinned for the committee,
turned into customer observations on the journey map."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from journeys import services as journeys_services
from journeys.models import Observation

from ..models import Case, Channel, Response, Verbatim, search_normalised

# A low answer gives an irritant, a promoter's an enchantment.
ENCHANTMENT_MIN_NPS = 9
ENCHANTMENT_MIN_CSAT = 4


def verbatim_record_for_response(*, response: Response) -> Verbatim | None:
    """The response's comment as a verbatim, with its scores; none for an empty comment."""
    if not response.comment.strip():
        return None
    event = response.invitation.event
    return Verbatim.objects.create(
        response=response,
        stage_id=event.stage_id,
        touchpoint_id=event.touchpoint_id,
        channel=Channel.SURVEY,
        text=response.comment,
        language=response.language,
        nps=response.nps,
        csat=response.csat,
        ces=response.ces,
        said_at=response.submitted_at,
    )


def verbatims_record_for_responses(*, responses: list[Response]) -> list[Verbatim]:
    """verbatim_record_for_response for many responses (their invitation and event loaded),
    in one insert: the demo's and an import's."""
    return Verbatim.objects.bulk_create(
        Verbatim(
            response=response,
            stage_id=response.invitation.event.stage_id,
            touchpoint_id=response.invitation.event.touchpoint_id,
            channel=Channel.SURVEY,
            text=response.comment,
            search_text=search_normalised(response.comment),
            language=response.language,
            nps=response.nps,
            csat=response.csat,
            ces=response.ces,
            said_at=response.submitted_at,
        )
        for response in responses
        if response.comment.strip()
    )


def verbatim_record_for_case(*, case: Case) -> Verbatim | None:
    """A complaint entered by hand as a verbatim (what the customer said, else its title),
    through the case's channel; a case opened by a survey answer has its comment as verbatim
    already."""
    if case.response_id is not None or not case.title.strip():
        return None
    return Verbatim.objects.create(
        case=case,
        stage_id=case.stage_id,
        channel=case.channel,
        text=case.description.strip() or case.title,
        language=case.language,
        said_at=case.created_at,
    )


@transaction.atomic
def verbatim_pin(*, verbatim: Verbatim, user: User, pinned: bool = True) -> Verbatim:
    """Pins the verbatim for the committee's report, or unpins it."""
    verbatim.pinned_at = timezone.now() if pinned else None
    verbatim.pinned_by = user if pinned else None
    Verbatim.objects.filter(pk=verbatim.pk).update(
        pinned_at=verbatim.pinned_at, pinned_by=verbatim.pinned_by
    )
    return verbatim


def observation_kind_for(verbatim: Verbatim) -> str:
    """An enchantment for a promoter's or a satisfied customer's words, else an irritant."""
    if (verbatim.nps is not None and verbatim.nps >= ENCHANTMENT_MIN_NPS) or (
        verbatim.nps is None and verbatim.csat is not None and verbatim.csat >= ENCHANTMENT_MIN_CSAT
    ):
        return Observation.Kind.ENCHANTMENT
    return Observation.Kind.IRRITANT


@transaction.atomic
def verbatim_to_observation(
    *, verbatim: Verbatim, kind: str | None = None, severity: int = 2
) -> Observation:
    """Turns the verbatim into a customer observation at its stage, once: the verbatim
    links to the observation and the observation back to it. ValidationError when it was
    turned already."""
    locked = Verbatim.objects.select_for_update().select_related("stage").get(pk=verbatim.pk)
    if locked.observation_id is not None:
        raise ValidationError(_("This verbatim is already an observation on the journey map."))
    observation = journeys_services.observation_create(
        stage=locked.stage,
        kind=kind or observation_kind_for(locked),
        side=Observation.Side.CUSTOMER,
        description=locked.text,
        source=(
            Observation.Source.SURVEY
            if locked.response_id is not None
            else Observation.Source.OTHER
        ),
        severity=severity,
    )
    Verbatim.objects.filter(pk=locked.pk).update(observation=observation)
    verbatim.observation = observation
    return observation


def verbatims_erase(*, verbatims: QuerySet[Verbatim], erased_text: str) -> None:
    """Deletes the verbatims (a respondent's erasure) after replacing the words the
    observations made of them copied by `erased_text`."""
    for observation in Observation.objects.filter(verbatim__in=verbatims):
        journeys_services.observation_erase_description(
            observation=observation, erased_text=erased_text
        )
    verbatims.delete()
