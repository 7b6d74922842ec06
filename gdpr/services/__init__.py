"""Every write on the data register: keyword-only, validated with full_clean(), one transaction.

The DPO's review moves an entry draft → in review → approved or changes requested; any change
to an approved entry sends it back to review. Each save is kept by django-simple-history; the
services name the user and the reason when they know them."""

from .base import (
    REOPENED,
    REVIEW_INTERVAL,
)
from .register import (
    data_item_create,
    data_item_delete,
    data_item_review,
    data_item_submit,
    data_item_update,
    dpia_screening_record,
    processing_activity_create,
    processing_activity_delete,
    processing_activity_review,
    processing_activity_submit,
    processing_activity_update,
    processor_create,
    processor_delete,
    processor_update,
)
from .requirements import (
    requirement_update,
    requirements_sync,
)
from .respondents import (
    SEARCH_CAP,
    SEARCH_MIN_LENGTH,
    RespondentMatches,
    respondent_access_log,
    respondent_erase,
    respondent_export,
    respondent_view,
    respondents_find,
    respondents_purge_expired,
)

__all__ = [
    "REOPENED",
    "REVIEW_INTERVAL",
    "SEARCH_CAP",
    "SEARCH_MIN_LENGTH",
    "RespondentMatches",
    "data_item_create",
    "data_item_delete",
    "data_item_review",
    "data_item_submit",
    "data_item_update",
    "dpia_screening_record",
    "processing_activity_create",
    "processing_activity_delete",
    "processing_activity_review",
    "processing_activity_submit",
    "processing_activity_update",
    "processor_create",
    "processor_delete",
    "processor_update",
    "requirement_update",
    "requirements_sync",
    "respondent_access_log",
    "respondent_erase",
    "respondent_export",
    "respondent_view",
    "respondents_find",
    "respondents_purge_expired",
]
