"""The feedback app's data, by concern; callers import this package (`feedback.models`)."""

from .cases import (
    COMPLAINT_CHANNELS,
    JUSTICE_DIMENSIONS,
    Case,
    CaseLogEntry,
    Channel,
    DissatisfactionRisk,
    JusticeCheck,
)
from .recovery import CustomerEmailStatus, PromoterFollowUp, RecoverySurvey
from .replies import CaseReply
from .reviews import ReviewClick, ReviewLink
from .rollups import ScoreRollup
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
from .verbatims import Verbatim, search_normalised

__all__ = [
    "COMPLAINT_CHANNELS",
    "JUSTICE_DIMENSIONS",
    "STANDARD_THANK_YOU",
    "STANDARD_WORDINGS",
    "Case",
    "CaseLogEntry",
    "CaseReply",
    "Channel",
    "CustomerEmailStatus",
    "DissatisfactionRisk",
    "FollowUpRule",
    "Invitation",
    "JusticeCheck",
    "Language",
    "PromoterFollowUp",
    "Question",
    "RecoverySurvey",
    "Respondent",
    "Response",
    "ReviewClick",
    "ReviewLink",
    "ScoreRollup",
    "ServiceEvent",
    "SuppressedAddress",
    "SurveyTemplate",
    "Verbatim",
    "search_normalised",
]
