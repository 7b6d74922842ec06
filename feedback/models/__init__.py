"""The feedback app's data, by concern; callers import this package (`feedback.models`)."""

from .cases import Case, CaseLogEntry, DissatisfactionRisk
from .recovery import CustomerEmailStatus, PromoterFollowUp, RecoverySurvey
from .reviews import ReviewClick, ReviewLink
from .surveys import (
    STANDARD_THANK_YOU,
    STANDARD_WORDINGS,
    FollowUpRule,
    Invitation,
    Language,
    Question,
    Respondent,
    Response,
    ServiceEvent,
    SuppressedAddress,
    SurveyTemplate,
)
from .verbatims import Channel, Verbatim, search_normalised

__all__ = [
    "STANDARD_THANK_YOU",
    "STANDARD_WORDINGS",
    "Case",
    "CaseLogEntry",
    "Channel",
    "CustomerEmailStatus",
    "DissatisfactionRisk",
    "FollowUpRule",
    "Invitation",
    "Language",
    "PromoterFollowUp",
    "Question",
    "RecoverySurvey",
    "Respondent",
    "Response",
    "ReviewClick",
    "ReviewLink",
    "ServiceEvent",
    "SuppressedAddress",
    "SurveyTemplate",
    "Verbatim",
    "search_normalised",
]
