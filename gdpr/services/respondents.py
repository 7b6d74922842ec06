"""Parcours' own GDPR: a respondent's access and erasure requests, and retention."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import User
from feedback import selectors as feedback_selectors
from feedback import services as feedback_services

from ..models import (
    RespondentAccess,
)
from .base import logger

# Parcours' own GDPR: a respondent's access and erasure requests, and retention.


def respondent_access_log(*, respondent_id: int, user: User, action: str) -> RespondentAccess:
    """Logs a DPO's access to one respondent's personal data."""
    return RespondentAccess.objects.create(respondent_id=respondent_id, user=user, action=action)


@transaction.atomic
def respondents_find(*, query: str, user: User) -> list:
    """The respondents whose e-mail or external reference is `query`, each view logged."""
    found = list(feedback_selectors.respondent_search(query=query))
    RespondentAccess.objects.bulk_create(
        RespondentAccess(
            respondent_id=respondent.pk, user=user, action=RespondentAccess.Action.VIEWED
        )
        for respondent in found
    )
    return found


@transaction.atomic
def respondent_view(*, respondent_id: int, user: User):
    """One respondent, for a page that shows their reference or e-mail; the view is logged.
    Respondent.DoesNotExist when there is none."""
    respondent = feedback_selectors.respondent_get(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.VIEWED
    )
    return respondent


@transaction.atomic
def respondent_export(*, respondent_id: int, user: User) -> dict:
    """Everything held about a respondent (the right of access), logged."""
    data = feedback_selectors.respondent_export(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.EXPORTED
    )
    return data


@transaction.atomic
def respondent_erase(*, respondent_id: int, user: User) -> None:
    """Erases a respondent's personal data (the right to erasure), logged; their answers stay,
    anonymised, so scores do not move."""
    feedback_services.respondent_erase(respondent_id=respondent_id)
    respondent_access_log(
        respondent_id=respondent_id, user=user, action=RespondentAccess.Action.ERASED
    )


def respondents_purge_expired() -> int:
    """Erases the personal data of respondents not seen for the retention period, each in
    its own transaction with its log line; returns how many were erased."""
    cutoff = timezone.now() - timedelta(days=30 * settings.GDPR_RESPONDENT_RETENTION_MONTHS)
    purged = 0
    for respondent_id in feedback_selectors.respondents_expired(before=cutoff):
        try:
            with transaction.atomic():
                feedback_services.respondent_erase(respondent_id=respondent_id)
                RespondentAccess.objects.create(
                    respondent_id=respondent_id, action=RespondentAccess.Action.PURGED
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
