"""The feedback pages, by concern; urls.py reaches them through this package."""

from .cases import (
    case_compensation,
    case_create,
    case_customer_lookup,
    case_detail,
    case_list,
    case_reply,
)
from .dashboard import dashboard, recurring_cause_to_action
from .invitations import (
    invitation_list,
    invitations_dispatch_now,
    sent_emails,
    service_event_create,
    service_event_import,
)
from .public import (
    recovery_answer,
    recovery_unsubscribe,
    survey_answer,
    survey_review,
    survey_unsubscribe,
)
from .reviews import review_link_list, review_link_update
from .setup import rule_list, rule_update, template_list, template_update
from .trends import trends
from .verbatims import (
    verbatim_export,
    verbatim_list,
    verbatim_pin,
    verbatim_report,
    verbatim_to_observation,
)

__all__ = [
    "case_compensation",
    "case_create",
    "case_customer_lookup",
    "case_detail",
    "case_list",
    "case_reply",
    "dashboard",
    "invitation_list",
    "invitations_dispatch_now",
    "recovery_answer",
    "recovery_unsubscribe",
    "recurring_cause_to_action",
    "review_link_list",
    "review_link_update",
    "rule_list",
    "rule_update",
    "sent_emails",
    "service_event_create",
    "service_event_import",
    "survey_answer",
    "survey_review",
    "survey_unsubscribe",
    "template_list",
    "template_update",
    "trends",
    "verbatim_export",
    "verbatim_list",
    "verbatim_pin",
    "verbatim_report",
    "verbatim_to_observation",
]
