"""Parcours' own GDPR: a respondent's access and erasure requests, and retention."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from core.models import User
from feedback import selectors as feedback_selectors
from feedback import services as feedback_services

from ..models import (
    RespondentAccess,
)
from .base import logger

# Parcours' own GDPR: a respondent's access and erasure requests, and retention.


# A search needs this many characters: a shorter prefix would list almost everyone.
SEARCH_MIN_LENGTH = 3
# At most this many matches are counted and paged through; more asks for a longer prefix.
SEARCH_CAP = 100
SEARCH_PER_PAGE = 20

Place = RespondentAccess.Place


def respondent_access_log(
    *, respondent_id: int, user: User, action: str, place: str = ""
) -> RespondentAccess:
    """Logs a DPO's access to one respondent's personal data, and where it happened."""
    return RespondentAccess.objects.create(
        respondent_id=respondent_id, user=user, action=action, place=place
    )


@dataclass
class RespondentMatches:
    """One page of a search's matches: only these respondents were read, and logged."""

    respondents: list
    count: int
    capped: bool
    page: int
    pages: int

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


@transaction.atomic
def respondents_find(
    *, query: str, user: User, page: int = 1, place: str = Place.SEARCH
) -> RespondentMatches:
    """The respondents whose e-mail or external reference starts with `query`, one page of
    them; each respondent shown is logged once. Four queries."""
    query = query.strip()
    if len(query) < SEARCH_MIN_LENGTH:
        raise ValidationError(
            {
                "q": ngettext(
                    "Type at least %(count)d character of the address or reference.",
                    "Type at least %(count)d characters of the address or reference.",
                    SEARCH_MIN_LENGTH,
                )
                % {"count": SEARCH_MIN_LENGTH}
            }
        )
    matches = feedback_selectors.respondent_search(query=query)
    # Ids only: the personal data of the matches not shown is never read.
    ids = list(matches.values_list("pk", flat=True)[: SEARCH_CAP + 1])
    capped = len(ids) > SEARCH_CAP
    ids = ids[:SEARCH_CAP]
    pages = max(1, -(-len(ids) // SEARCH_PER_PAGE))
    page = min(max(page, 1), pages)
    shown_ids = ids[(page - 1) * SEARCH_PER_PAGE : page * SEARCH_PER_PAGE]
    shown = list(matches.filter(pk__in=shown_ids)) if shown_ids else []
    RespondentAccess.objects.bulk_create(
        RespondentAccess(
            respondent_id=respondent.pk,
            user=user,
            action=RespondentAccess.Action.VIEWED,
            place=place,
        )
        for respondent in shown
    )
    return RespondentMatches(
        respondents=shown, count=len(ids), capped=capped, page=page, pages=pages
    )


@transaction.atomic
def respondent_view(*, respondent_id: int, user: User, place: str = Place.ERASE_PAGE):
    """One respondent, for a page that shows their reference or e-mail; the view is logged.
    Respondent.DoesNotExist when there is none."""
    respondent = feedback_selectors.respondent_get(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.VIEWED, place=place
    )
    return respondent


@transaction.atomic
def respondent_export(*, respondent_id: int, user: User, place: str = Place.EXPORT) -> dict:
    """Everything held about a respondent (the right of access), logged."""
    data = feedback_selectors.respondent_export(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.EXPORTED, place=place
    )
    return data


@transaction.atomic
def respondent_erase(*, respondent_id: int, user: User, place: str = Place.ERASE_PAGE) -> None:
    """Erases a respondent's personal data (the right to erasure), logged; their answers stay,
    anonymised, so scores do not move."""
    feedback_services.respondent_erase(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.ERASED, place=place
    )


def respondents_purge_expired() -> int:
    """Erases the personal data of respondents not seen for the retention period, each in
    its own transaction with its log line, then the complaints of customers no respondent
    stands for, closed as long ago; returns how many respondents were erased."""
    cutoff = timezone.now() - timedelta(days=30 * settings.GDPR_RESPONDENT_RETENTION_MONTHS)
    if cases := feedback_services.case_contacts_erase_expired(before=cutoff):
        logger.info("Retention purge: %s complaints without a respondent erased.", cases)
    purged = 0
    for respondent_id in feedback_selectors.respondents_expired(before=cutoff):
        try:
            with transaction.atomic():
                feedback_services.respondent_erase(respondent_id=respondent_id)
                RespondentAccess.objects.create(
                    respondent_id=respondent_id,
                    action=RespondentAccess.Action.PURGED,
                    place=Place.RETENTION,
                )
        # One respondent's failure must not keep the others' data. The error's text can
        # quote the row: only its class is logged.
        except Exception as error:
            logger.error(
                "Retention purge: respondent %s was not erased (%s).",
                respondent_id,
                type(error).__name__,
            )
            continue
        purged += 1
    return purged
