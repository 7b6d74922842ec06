"""Every write on feedback: keyword-only, one transaction each, by concern.

rules: survey templates and follow-up rules; intake: service events in, invitations out;
event_import: the CSV upload of service events; links: the signed survey and unsubscribe
links; dispatch: sending the invitations and reminders through the core outbox; responses:
the customer's answers; cases: complaint cases; replies: the replies to a case's customer,
e-mailed through the outbox; respondents: unsubscribing, erasure and retention. Callers
import this package (`from feedback import services`).
"""

from .cases import (
    CASE_FIELDS,
    case_create,
    case_default_owner,
    case_log_add,
    case_open_for_response,
    case_update,
    cases_flag_overdue,
    recurring_cause_to_action,
    response_needs_case,
    response_severity,
)
from .dispatch import (
    IDLE_CONNECTION_SECONDS,
    MARK_PATIENCE,
    MAX_ATTEMPTS,
    MESSAGES_PER_CONNECTION,
    OUTBOX,
    SENDING_LEASE,
    invitations_dispatch_due,
    invitations_dispatch_request,
    mail_is_for_development,
    message_id,
)
from .event_import import (
    EVENT_CSV_COLUMNS,
    EVENT_CSV_REQUIRED_COLUMNS,
    EventImportResult,
    EventImportRow,
    service_events_import_csv,
)
from .intake import (
    SERVICE_EVENTS_MAX_PER_BATCH,
    IngestedEvent,
    service_event_ingest,
    service_events_ingest_batch,
)
from .links import (
    ANSWERABLE,
    SURVEY_SALT,
    UNSUBSCRIBE_SALT,
    InvalidLink,
    invitation_answerable,
    invitation_from_token,
    invitation_links,
    invitation_token,
    unsubscribe_token,
)
from .replies import (
    REPLY_OUTBOX,
    case_replies_send_due,
    case_reply_address,
    case_reply_status,
    case_reply_write,
    reply_message_id,
)
from .respondents import (
    ERASED_TEXT,
    address_suppressed,
    respondent_erase,
    respondent_unsubscribe,
)
from .responses import response_submit
from .reviews import (
    REVIEW_SALT,
    review_click_record,
    review_invitation_path,
    review_link_set,
)
from .rules import (
    FOLLOW_UP_RULE_FIELDS,
    SURVEY_TEMPLATE_FIELDS,
    follow_up_rule_create,
    follow_up_rule_delete,
    follow_up_rule_update,
    survey_template_create,
    survey_template_delete,
    survey_template_update,
)
from .verbatims import (
    observation_kind_for,
    verbatim_pin,
    verbatim_record_for_case,
    verbatim_record_for_response,
    verbatim_to_observation,
    verbatims_erase,
    verbatims_record_for_responses,
)

__all__ = [
    "ANSWERABLE",
    "CASE_FIELDS",
    "ERASED_TEXT",
    "EVENT_CSV_COLUMNS",
    "EVENT_CSV_REQUIRED_COLUMNS",
    "FOLLOW_UP_RULE_FIELDS",
    "IDLE_CONNECTION_SECONDS",
    "MARK_PATIENCE",
    "MAX_ATTEMPTS",
    "MESSAGES_PER_CONNECTION",
    "OUTBOX",
    "REPLY_OUTBOX",
    "REVIEW_SALT",
    "SENDING_LEASE",
    "SERVICE_EVENTS_MAX_PER_BATCH",
    "SURVEY_SALT",
    "SURVEY_TEMPLATE_FIELDS",
    "UNSUBSCRIBE_SALT",
    "EventImportResult",
    "EventImportRow",
    "IngestedEvent",
    "InvalidLink",
    "address_suppressed",
    "case_create",
    "case_default_owner",
    "case_log_add",
    "case_open_for_response",
    "case_replies_send_due",
    "case_reply_address",
    "case_reply_status",
    "case_reply_write",
    "case_update",
    "cases_flag_overdue",
    "follow_up_rule_create",
    "follow_up_rule_delete",
    "follow_up_rule_update",
    "invitation_answerable",
    "invitation_from_token",
    "invitation_links",
    "invitation_token",
    "invitations_dispatch_due",
    "invitations_dispatch_request",
    "mail_is_for_development",
    "message_id",
    "observation_kind_for",
    "recurring_cause_to_action",
    "reply_message_id",
    "respondent_erase",
    "respondent_unsubscribe",
    "response_needs_case",
    "response_severity",
    "response_submit",
    "review_click_record",
    "review_invitation_path",
    "review_link_set",
    "service_event_ingest",
    "service_events_import_csv",
    "service_events_ingest_batch",
    "survey_template_create",
    "survey_template_delete",
    "survey_template_update",
    "unsubscribe_token",
    "verbatim_pin",
    "verbatim_record_for_case",
    "verbatim_record_for_response",
    "verbatim_to_observation",
    "verbatims_erase",
    "verbatims_record_for_responses",
]
