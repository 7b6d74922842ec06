"""The data register's models, by concern; the app and its migrations import them from here."""

from .compliance import (
    DPIA_CRITERIA,
    DPIA_THRESHOLD,
    REQUIREMENT_FIELDS,
    SCREENING_FIELDS,
    DPIAScreening,
    Requirement,
    RespondentAccess,
)
from .register import (
    ACTIVITY_FIELDS,
    DATA_ITEM_FIELDS,
    PROCESSOR_FIELDS,
    Article9Condition,
    DataItem,
    LegalBasis,
    ProcessingActivity,
    Processor,
    Reviewed,
    ReviewStatus,
    SecurityMeasure,
    TransferSafeguard,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "DATA_ITEM_FIELDS",
    "DPIA_CRITERIA",
    "DPIA_THRESHOLD",
    "PROCESSOR_FIELDS",
    "REQUIREMENT_FIELDS",
    "SCREENING_FIELDS",
    "Article9Condition",
    "DPIAScreening",
    "DataItem",
    "LegalBasis",
    "ProcessingActivity",
    "Processor",
    "Requirement",
    "RespondentAccess",
    "ReviewStatus",
    "Reviewed",
    "SecurityMeasure",
    "TransferSafeguard",
]
