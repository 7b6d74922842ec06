"""Who may do what: every page and API operation, for anonymous and each role, read and write.

The URL resolver and the OpenAPI schema are read at test time, so a page or an operation
added without a row here fails `test_every_page_has_a_row` or `test_every_api_operation_has_a_row`.

Pages: one row per URL name, with the outcome of a GET (read) and of an empty POST (write)
for, in this order, an anonymous visitor, a CX manager, an interviewer, a DPO and a viewer.
API: one row per operation, with its outcome for the same five.
Every outcome is written out here, never computed from `core.roles`: production reads that
table, so a wrong grant there must show up as a mismatch here.
Objects are real rows; the interview belongs to another interviewer, so that an interviewer
guessing its id sees nothing.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.comments import services as comment_services
from core.comments.models import Comment
from core.roles import Role
from feedback.models import Case, CaseLogEntry, CaseReply, Invitation, Response
from stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

# Outcome classes.
OK = "ok"  # served: 2xx, a redirect elsewhere than the login page, or a form error (400/422)
LOGIN = "login"  # redirected to the login page
ADMIN_LOGIN = "admin login"  # redirected to the admin's login page
UNAUTHENTICATED = "401"
DENIED = "403"
MISSING = "404"
NOT_ALLOWED = "405"

WHO = ("anonymous", "cx_manager", "interviewer", "dpo", "viewer")

# Shorthands for the most common columns (anonymous, cx_manager, interviewer, dpo, viewer).
EVERY_ROLE = (LOGIN, OK, OK, OK, OK)
CX_ONLY = (LOGIN, OK, DENIED, DENIED, DENIED)
SIGNED_IN_405 = (LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)
PUBLIC = (OK, OK, OK, OK, OK)
PUBLIC_405 = (NOT_ALLOWED,) * 5
PUBLIC_404 = (MISSING,) * 5
INTERVIEWS = (LOGIN, OK, OK, DENIED, DENIED)
CX_AND_DPO = (LOGIN, OK, DENIED, OK, DENIED)
DPO_ONLY = (LOGIN, DENIED, DENIED, OK, DENIED)
OWN_ONLY = (LOGIN, OK, MISSING, MISSING, MISSING)  # the world's notification is the CX manager's
COMMENTERS = (LOGIN, OK, OK, OK, DENIED)
AUTHOR_ONLY = (LOGIN, OK, DENIED, DENIED, DENIED)  # the world's comment is the CX manager's


@dataclass(frozen=True)
class Page:
    read: tuple[str, ...]
    write: tuple[str, ...]
    # URL keyword → the object of the world whose id it takes (or a literal string).
    kwargs: dict[str, str] = field(default_factory=dict)
    # Query parameter → the object of the world whose id it takes.
    query: dict[str, str] = field(default_factory=dict)
    # Posted field → the object of the world whose id it takes (the POST is empty otherwise).
    data: dict[str, str] = field(default_factory=dict)


def P(read, write, query=None, data=None, **kwargs):
    return Page(read=read, write=write, kwargs=kwargs, query=query or {}, data=data or {})


JOURNEY = {"journey_id": "journey"}
TOUCHPOINT_THREAD = {"label": "journeys.touchpoint", "object_id": "touchpoint"}


ITEM = {"item_id": "data_item"}
ACTIVITY = {"activity_id": "activity"}

PAGES: dict[str, Page] = {
    # core
    "core:dashboard": P(EVERY_ROLE, EVERY_ROLE),
    "core:healthz": P(PUBLIC, PUBLIC_405),
    "core:system_status": P((LOGIN, OK, DENIED, OK, DENIED), (LOGIN, OK, DENIED, OK, DENIED)),
    "core:worker_ping_send": P(SIGNED_IN_405, CX_ONLY),
    "core:api_tokens": P(EVERY_ROLE, EVERY_ROLE),
    # Any signed-in user picks a colleague (an owner, an interviewer), shown by name.
    "core:user_choices": P(EVERY_ROLE, SIGNED_IN_405),
    # Revoking someone else's token finds none of yours (see the object-level test).
    "core:api_token_revoke": P(SIGNED_IN_405, EVERY_ROLE, token_id="token"),
    # The DPO reads the organisation settings (the controller, the privacy notice).
    "core:organisation_settings": P(CX_AND_DPO, (LOGIN, OK, DENIED, DENIED, DENIED)),
    # What every customer's page loads: the stylesheet, and a logo (none here: 404).
    "core:organisation_theme": P(PUBLIC, PUBLIC_405),
    "core:organisation_logo": P(PUBLIC_404, PUBLIC_405, name="logo.png"),
    # Notifications: everyone has their own; another's is a 404.
    "core:notification_inbox": P(EVERY_ROLE, SIGNED_IN_405),
    "core:notification_bell": P(EVERY_ROLE, SIGNED_IN_405),
    "core:notifications_read_all": P(SIGNED_IN_405, EVERY_ROLE),
    "core:notification_preferences": P(EVERY_ROLE, EVERY_ROLE),
    "core:notification_open": P(OWN_ONLY, SIGNED_IN_405, notification_id="notification"),
    "core:notification_read": P(SIGNED_IN_405, OWN_ONLY, notification_id="notification"),
    # Comments: every role reads the threads of what it reads, the viewer writes none; each
    # edits and deletes their own (the world's comment is the CX manager's). An interview's
    # thread is only for who reads the interview (see the object-level test).
    "core:comment_thread": P(EVERY_ROLE, COMMENTERS, **TOUCHPOINT_THREAD),
    "core:comment_mentions": P(COMMENTERS, SIGNED_IN_405, **TOUCHPOINT_THREAD),
    "core:comment_edit": P(AUTHOR_ONLY, AUTHOR_ONLY, comment_id="comment"),
    "core:comment_delete": P(SIGNED_IN_405, AUTHOR_ONLY, comment_id="comment"),
    "core:comment_resolve": P(SIGNED_IN_405, COMMENTERS, comment_id="comment"),
    "core:comment_reopen": P(SIGNED_IN_405, COMMENTERS, comment_id="comment"),
    # Webhooks: the CX manager (and the admin, a superuser) only.
    "core:webhook_list": P(CX_ONLY, SIGNED_IN_405),
    "core:webhook_create": P(CX_ONLY, CX_ONLY),
    "core:webhook_detail": P(CX_ONLY, SIGNED_IN_405, subscription_id="webhook"),
    "core:webhook_update": P(CX_ONLY, CX_ONLY, subscription_id="webhook"),
    "core:webhook_toggle": P(SIGNED_IN_405, CX_ONLY, subscription_id="webhook"),
    "core:webhook_rotate": P(SIGNED_IN_405, CX_ONLY, subscription_id="webhook"),
    "core:webhook_delete": P(CX_ONLY, CX_ONLY, subscription_id="webhook"),
    "core:webhook_delivery_replay": P(
        SIGNED_IN_405, CX_ONLY, subscription_id="webhook", delivery_id="webhook_delivery"
    ),
    # journeys: everyone with a role reads, the CX manager edits
    "journeys:index": P(EVERY_ROLE, EVERY_ROLE),
    "journeys:journey_choices": P(EVERY_ROLE, SIGNED_IN_405),
    "journeys:persona_choices": P(EVERY_ROLE, SIGNED_IN_405),
    "journeys:stage_choices": P(EVERY_ROLE, SIGNED_IN_405),
    "journeys:touchpoint_choices": P(EVERY_ROLE, SIGNED_IN_405),
    "journeys:persona_list": P(EVERY_ROLE, EVERY_ROLE),
    "journeys:persona_create": P(CX_ONLY, CX_ONLY),
    "journeys:persona_update": P(CX_ONLY, CX_ONLY, persona_id="persona"),
    "journeys:persona_delete": P(CX_ONLY, CX_ONLY, persona_id="persona"),
    "journeys:journey_export_pdf": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_export_png": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_export_svg": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_export_xlsx": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_reletter_stages": P(SIGNED_IN_405, CX_ONLY, **JOURNEY),
    "journeys:journey_create": P(CX_ONLY, CX_ONLY),
    "journeys:journey_map": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_update": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:journey_delete": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:journey_duplicate": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:journey_matrix": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_health": P(EVERY_ROLE, SIGNED_IN_405, **JOURNEY),
    # Version history: everyone reads it; the CX manager restores and names snapshots.
    "journeys:journey_history": P(EVERY_ROLE, SIGNED_IN_405, **JOURNEY),
    "journeys:journey_diff": P(EVERY_ROLE, SIGNED_IN_405, **JOURNEY),
    "journeys:journey_restore": P(SIGNED_IN_405, CX_ONLY, **JOURNEY),
    "journeys:snapshot_create": P(SIGNED_IN_405, CX_ONLY, **JOURNEY),
    "journeys:snapshot_delete": P(SIGNED_IN_405, CX_ONLY, **JOURNEY, snapshot_id="snapshot"),
    # issue 17: the plan with before and after; a standard's measurements (recorded by the
    # CX manager)
    "journeys:journey_plan": P(EVERY_ROLE, SIGNED_IN_405, **JOURNEY),
    "journeys:moment_standard": P(EVERY_ROLE, CX_ONLY, **JOURNEY, moment_id="moment_of_truth"),
    "journeys:observation_links": P(
        CX_ONLY, CX_ONLY, **JOURNEY, observation_id="employee_observation"
    ),
    "journeys:observation_merge": P(CX_ONLY, CX_ONLY, **JOURNEY, observation_id="observation"),
    "journeys:journey_compare": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY, other_id="other_journey"),
    "journeys:journey_export_csv": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_import_csv": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:stage_move": P(SIGNED_IN_405, CX_ONLY, **JOURNEY, item_id="stage"),
    "journeys:touchpoint_move": P(SIGNED_IN_405, CX_ONLY, **JOURNEY, item_id="touchpoint"),
    "journeys:stages_create": P(CX_ONLY, CX_ONLY, **JOURNEY),
    # Items of a stage are created from that stage's column: ?stage=<id>.
    **{
        f"journeys:{kind}_create": P(CX_ONLY, CX_ONLY, query={"stage": "stage"}, **JOURNEY)
        for kind in ("touchpoints", "moments-of-truth", "observations", "actions")
    },
    # The buying group is the journey's: created from the map's row, no stage needed.
    "journeys:buying-group_create": P(CX_ONLY, CX_ONLY, **JOURNEY),
    **{
        f"journeys:{kind}_update": P(CX_ONLY, CX_ONLY, **JOURNEY, item_id=item)
        for kind, item in (
            ("stages", "stage"),
            ("touchpoints", "touchpoint"),
            ("moments-of-truth", "moment_of_truth"),
            ("observations", "observation"),
            ("actions", "action"),
            ("buying-group", "buying_group_member"),
        )
    },
    **{
        f"journeys:{kind}_delete": P(SIGNED_IN_405, CX_ONLY, **JOURNEY, item_id=item)
        for kind, item in (
            ("stages", "stage"),
            ("touchpoints", "touchpoint"),
            ("moments-of-truth", "moment_of_truth"),
            ("observations", "observation"),
            ("actions", "action"),
            ("buying-group", "buying_group_member"),
        )
    },
    # share links: the CX manager hands them out, the DPO sees what is shared outside
    "journeys:share_links": P(CX_AND_DPO, CX_ONLY, **JOURNEY),
    "journeys:share_link_revoke": P(CX_ONLY, CX_ONLY, **JOURNEY, share_link_id="share_link"),
    # the shared map: no login, a wrong token is the same 404 for everyone
    "shared:map": P(PUBLIC_404, PUBLIC_404, token="not-a-share-token"),
    # templates: everyone reads them, the CX manager saves, uses and deletes them
    "journeys:template_list": P(EVERY_ROLE, SIGNED_IN_405),
    "journeys:template_save": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:template_use": P(CX_ONLY, CX_ONLY, template_id="journey_template"),
    "journeys:template_delete": P(CX_ONLY, CX_ONLY, template_id="journey_template"),
    # stakeholders: interviews only for the CX manager and interviewers, and an interviewer
    # only their own (this one is another interviewer's: 404)
    "stakeholders:index": P(EVERY_ROLE, EVERY_ROLE),
    "stakeholders:stakeholder_choices": P(EVERY_ROLE, SIGNED_IN_405),
    "stakeholders:stakeholder_create": P(CX_ONLY, CX_ONLY),
    "stakeholders:stakeholder_detail": P(EVERY_ROLE, EVERY_ROLE, stakeholder_id="stakeholder"),
    "stakeholders:stakeholder_update": P(CX_ONLY, CX_ONLY, stakeholder_id="stakeholder"),
    "stakeholders:stakeholder_delete": P(CX_ONLY, CX_ONLY, stakeholder_id="stakeholder"),
    "stakeholders:measurement_create": P(CX_ONLY, CX_ONLY, stakeholder_id="subcontractor"),
    "stakeholders:measurement_import": P(CX_ONLY, CX_ONLY, stakeholder_id="subcontractor"),
    "stakeholders:alignment": P(EVERY_ROLE, EVERY_ROLE),
    # issue 17: KPI values, the feed of a standard, the KPI an action should move
    "stakeholders:kpi_measurement_create": P(CX_ONLY, CX_ONLY, stakeholder_id="stakeholder"),
    "stakeholders:standard_feed": P(CX_ONLY, CX_ONLY, moment_id="moment_of_truth"),
    "stakeholders:action_kpi": P(CX_ONLY, CX_ONLY, action_id="action"),
    # the journey health panel's fixes
    "stakeholders:stage_place": P(CX_ONLY, CX_ONLY, stage_id="stage"),
    "stakeholders:touchpoint_responsible": P(CX_ONLY, CX_ONLY, touchpoint_id="touchpoint"),
    **{
        f"stakeholders:{part}_{action}": P(CX_ONLY, CX_ONLY, **kwargs)
        for part, owner, item in (
            ("involvement", "stakeholder", "involvement"),
            ("kpi", "stakeholder", "kpi"),
            ("incentive", "stakeholder", "incentive"),
            ("sla", "subcontractor", "sla"),
            ("objective", "subcontractor", "objective"),
        )
        for action, kwargs in (
            ("create", {"stakeholder_id": owner}),
            ("update", {"stakeholder_id": owner, "item_id": item}),
            ("delete", {"stakeholder_id": owner, "item_id": item}),
        )
    },
    "stakeholders:objective_create": P(
        CX_ONLY, CX_ONLY, stakeholder_id="subcontractor", sla_id="sla"
    ),
    "stakeholders:stakeholder_map": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "stakeholders:breach_list": P(EVERY_ROLE, EVERY_ROLE),
    "stakeholders:interview_list": P(INTERVIEWS, INTERVIEWS),
    "stakeholders:interview_create": P(INTERVIEWS, INTERVIEWS),
    "stakeholders:interview_detail": P(
        (LOGIN, OK, MISSING, DENIED, DENIED),
        (LOGIN, OK, MISSING, DENIED, DENIED),
        interview_id="interview",
    ),
    "stakeholders:interview_autosave": P(
        SIGNED_IN_405, (LOGIN, OK, MISSING, DENIED, DENIED), interview_id="interview"
    ),
    "stakeholders:interview_validate": P(CX_ONLY, CX_ONLY, interview_id="interview"),
    "stakeholders:interview_send_back": P(SIGNED_IN_405, CX_ONLY, interview_id="interview"),
    # feedback: everyone with a role reads scores and cases; the CX manager runs the surveys
    "feedback:index": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:invitation_list": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:sent_emails": P(CX_ONLY, CX_ONLY),
    "feedback:dispatch_now": P(SIGNED_IN_405, CX_ONLY),
    "feedback:case_list": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:case_create": P(CX_ONLY, CX_ONLY),
    "feedback:recurring_to_action": P(SIGNED_IN_405, CX_ONLY),
    "feedback:service_event_import": P(CX_ONLY, CX_ONLY),
    "feedback:service_event_create": P(CX_ONLY, CX_ONLY),
    "feedback:case_detail": P(EVERY_ROLE, CX_ONLY, case_id="case"),
    # the complaint form's customer lookup tells who a respondent is: the CX manager only
    "feedback:case_customer_lookup": P(CX_ONLY, SIGNED_IN_405),
    "feedback:case_compensation": P(SIGNED_IN_405, CX_ONLY, case_id="case"),
    "feedback:case_reply": P(SIGNED_IN_405, CX_ONLY, case_id="case"),
    "feedback:rule_list": P(EVERY_ROLE, CX_ONLY),
    "feedback:rule_update": P(CX_ONLY, CX_ONLY, rule_id="rule"),
    "feedback:template_list": P(EVERY_ROLE, CX_ONLY),
    "feedback:template_update": P(CX_ONLY, CX_ONLY, template_id="template"),
    # the customers' words: only those who read what respondents typed (the CX manager)
    "feedback:trends": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:verbatim_list": P(CX_ONLY, CX_ONLY),
    "feedback:verbatim_export": P(CX_ONLY, CX_ONLY),
    "feedback:verbatim_report": P(CX_ONLY, CX_ONLY),
    "feedback:verbatim_pin": P(SIGNED_IN_405, CX_ONLY, verbatim_id="verbatim"),
    "feedback:verbatim_to_observation": P(SIGNED_IN_405, CX_ONLY, verbatim_id="verbatim"),
    # the promoters' review links hold no personal data: everyone reads them
    "feedback:review_link_list": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:review_link_update": P(CX_ONLY, CX_ONLY, **JOURNEY),
    # the customer's pages: no login, a wrong token is the invalid-link page for everyone
    "survey:answer": P(PUBLIC_404, PUBLIC_404, token="not-a-signed-token"),
    "survey:unsubscribe": P(PUBLIC_404, PUBLIC_404, token="not-a-signed-token"),
    "survey:review": P(PUBLIC_404, PUBLIC_405, token="not-a-signed-token"),
    "survey:recovery": P(PUBLIC_404, PUBLIC_404, token="not-a-signed-token"),
    "survey:recovery_unsubscribe": P(PUBLIC_404, PUBLIC_404, token="not-a-signed-token"),
    # gdpr: the register. Everyone with a role reads it, the CX manager and the DPO write
    # entries, only the DPO reviews them and handles a respondent's personal data.
    "gdpr:index": P(EVERY_ROLE, EVERY_ROLE),
    "gdpr:register": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "gdpr:data_item_list": P(EVERY_ROLE, EVERY_ROLE),
    "gdpr:data_item_create": P(CX_AND_DPO, CX_AND_DPO),
    "gdpr:data_item_detail": P(EVERY_ROLE, EVERY_ROLE, **ITEM),
    "gdpr:data_item_update": P(CX_AND_DPO, CX_AND_DPO, **ITEM),
    "gdpr:data_item_delete": P(CX_AND_DPO, CX_AND_DPO, **ITEM),
    "gdpr:data_item_submit": P(SIGNED_IN_405, CX_AND_DPO, **ITEM),
    "gdpr:data_item_review": P(SIGNED_IN_405, DPO_ONLY, **ITEM),
    "gdpr:activity_list": P(EVERY_ROLE, EVERY_ROLE),
    "gdpr:activity_choices": P(EVERY_ROLE, SIGNED_IN_405),
    "gdpr:activity_create": P(CX_AND_DPO, CX_AND_DPO),
    "gdpr:activity_detail": P(EVERY_ROLE, EVERY_ROLE, **ACTIVITY),
    "gdpr:activity_update": P(CX_AND_DPO, CX_AND_DPO, **ACTIVITY),
    "gdpr:activity_delete": P(CX_AND_DPO, CX_AND_DPO, **ACTIVITY),
    "gdpr:activity_submit": P(SIGNED_IN_405, CX_AND_DPO, **ACTIVITY),
    "gdpr:activity_review": P(SIGNED_IN_405, DPO_ONLY, **ACTIVITY),
    "gdpr:screening_update": P(CX_AND_DPO, CX_AND_DPO, **ACTIVITY),
    "gdpr:processor_create": P(SIGNED_IN_405, CX_AND_DPO, **ACTIVITY),
    "gdpr:processor_delete": P(CX_AND_DPO, CX_AND_DPO, processor_id="processor"),
    "gdpr:history_csv": P(EVERY_ROLE, EVERY_ROLE, kind="items", entry_id="data_item"),
    "gdpr:article30_export": P(EVERY_ROLE, EVERY_ROLE),
    "gdpr:checklist": P(EVERY_ROLE, CX_AND_DPO, data={"requirement": "requirement"}),
    "gdpr:respondent_search": P(DPO_ONLY, DPO_ONLY),
    "gdpr:respondent_export": P(DPO_ONLY, DPO_ONLY, respondent_id="respondent"),
    "gdpr:respondent_erase": P(DPO_ONLY, DPO_ONLY, respondent_id="respondent"),
    "gdpr:access_log": P(DPO_ONLY, DPO_ONLY),
    # accounts
    "login": P(PUBLIC, PUBLIC),
    # Single sign-on: not configured here (tests/core/test_sso.py, tests/e2e/test_sso.py).
    "sso_start": P(PUBLIC_404, PUBLIC_404),
    "sso_callback": P(PUBLIC_404, PUBLIC_404),
    # Logging out is a POST, back to the login page.
    "logout": P(SIGNED_IN_405, (LOGIN,) * 5),
    "password_change": P(EVERY_ROLE, EVERY_ROLE),
    "password_change_done": P(EVERY_ROLE, SIGNED_IN_405),
    "password_reset": P(PUBLIC, PUBLIC),
    "password_reset_done": P(PUBLIC, PUBLIC_405),
    "password_reset_confirm": P(PUBLIC, PUBLIC, uidb64="MQ", token="no-such-token"),
    "password_reset_complete": P(PUBLIC, PUBLIC_405),
    "set_language": P(PUBLIC, PUBLIC),
    # Django's admin: staff only; none of the roles is staff
    "admin:index": P((ADMIN_LOGIN,) * 5, (ADMIN_LOGIN,) * 5),
    # the API's browsable root and schema (operations are in the table below)
    "api:api-root": P(
        (UNAUTHENTICATED, OK, OK, OK, OK), (UNAUTHENTICATED, NOT_ALLOWED, *(NOT_ALLOWED,) * 3)
    ),
    "api-schema": P((UNAUTHENTICATED, OK, OK, OK, OK), (UNAUTHENTICATED, *(NOT_ALLOWED,) * 4)),
    "api-docs": P((UNAUTHENTICATED, OK, OK, OK, OK), (UNAUTHENTICATED, *(NOT_ALLOWED,) * 4)),
}

# Operations of the schema (operationId) → the outcome for anonymous, a CX manager, an
# interviewer, a DPO and a viewer. Anonymous calls are 401. The interview of the world belongs
# to another interviewer: an interviewer guessing its id finds none (404).
API_EVERY_ROLE = (UNAUTHENTICATED, OK, OK, OK, OK)
API_CX_ONLY = (UNAUTHENTICATED, OK, DENIED, DENIED, DENIED)
API_CX_AND_DPO = (UNAUTHENTICATED, OK, DENIED, OK, DENIED)
API_DPO_ONLY = (UNAUTHENTICATED, DENIED, DENIED, OK, DENIED)
API_INTERVIEWS = (UNAUTHENTICATED, OK, OK, DENIED, DENIED)
API_OTHERS_INTERVIEW = (UNAUTHENTICATED, OK, MISSING, DENIED, DENIED)
API_COMMENTERS = (UNAUTHENTICATED, OK, OK, OK, DENIED)
API_AUTHOR_ONLY = (UNAUTHENTICATED, OK, DENIED, DENIED, DENIED)

API: dict[str, tuple[str, ...]] = {
    "v1_me_retrieve": API_EVERY_ROLE,
    "v1_notifications_list": API_EVERY_ROLE,
    "v1_notifications_read_create": (UNAUTHENTICATED, OK, MISSING, MISSING, MISSING),
    "v1_notifications_read_all_create": API_EVERY_ROLE,
    "v1_notification_preferences_retrieve": API_EVERY_ROLE,
    "v1_notification_preferences_update": API_EVERY_ROLE,
    "v1_comments_list": API_EVERY_ROLE,
    "v1_comments_retrieve": API_EVERY_ROLE,
    "v1_comments_create": API_COMMENTERS,
    "v1_comments_update": API_AUTHOR_ONLY,
    "v1_comments_partial_update": API_AUTHOR_ONLY,
    "v1_comments_destroy": API_AUTHOR_ONLY,
    "v1_comments_resolve_create": API_COMMENTERS,
    "v1_comments_reopen_create": API_COMMENTERS,
    "v1_organisation_retrieve": API_CX_AND_DPO,
    "v1_organisation_partial_update": API_CX_ONLY,
    "v1_webhooks_list": API_CX_ONLY,
    "v1_webhooks_retrieve": API_CX_ONLY,
    "v1_webhooks_create": API_CX_ONLY,
    "v1_webhooks_update": API_CX_ONLY,
    "v1_webhooks_partial_update": API_CX_ONLY,
    "v1_webhooks_destroy": API_CX_ONLY,
    "v1_webhooks_rotate_create": API_CX_ONLY,
    "v1_webhook_deliveries_list": API_CX_ONLY,
    "v1_webhook_deliveries_retrieve": API_CX_ONLY,
    "v1_webhook_deliveries_replay_create": API_CX_ONLY,
    "v1_webhook_events_list": API_CX_ONLY,
    # journeys
    "v1_personas_list": API_EVERY_ROLE,
    "v1_personas_retrieve": API_EVERY_ROLE,
    "v1_personas_create": API_CX_ONLY,
    "v1_personas_update": API_CX_ONLY,
    "v1_personas_partial_update": API_CX_ONLY,
    "v1_personas_destroy": API_CX_ONLY,
    "v1_journeys_list": API_EVERY_ROLE,
    "v1_journeys_retrieve": API_EVERY_ROLE,
    "v1_journeys_create": API_CX_ONLY,
    "v1_journeys_update": API_CX_ONLY,
    "v1_journeys_partial_update": API_CX_ONLY,
    "v1_journeys_destroy": API_CX_ONLY,
    "v1_journeys_map_retrieve": API_EVERY_ROLE,
    "v1_journeys_health_retrieve": API_EVERY_ROLE,
    "v1_dissatisfaction_risks_list": API_EVERY_ROLE,
    "v1_journeys_matrix_list": API_EVERY_ROLE,
    "v1_journeys_plan_list": API_EVERY_ROLE,
    "v1_standard_measurements_list": API_EVERY_ROLE,
    "v1_standard_measurements_retrieve": API_EVERY_ROLE,
    "v1_standard_measurements_create": API_CX_ONLY,
    "v1_standard_measurements_update": API_CX_ONLY,
    "v1_standard_measurements_partial_update": API_CX_ONLY,
    "v1_standard_measurements_destroy": API_CX_ONLY,
    "v1_journeys_duplicate_create": API_CX_ONLY,
    "v1_journeys_reletter_stages_create": API_CX_ONLY,
    "v1_journeys_history_retrieve": API_EVERY_ROLE,
    "v1_journeys_diff_retrieve": API_EVERY_ROLE,
    "v1_journeys_restore_create": API_CX_ONLY,
    "v1_journey_snapshots_list": API_EVERY_ROLE,
    "v1_journey_snapshots_retrieve": API_EVERY_ROLE,
    "v1_journey_snapshots_create": API_CX_ONLY,
    "v1_journey_snapshots_destroy": API_CX_ONLY,
    "v1_journeys_compare_retrieve": API_EVERY_ROLE,
    "v1_buying_group_members_list": API_EVERY_ROLE,
    "v1_buying_group_members_retrieve": API_EVERY_ROLE,
    "v1_buying_group_members_create": API_CX_ONLY,
    "v1_buying_group_members_update": API_CX_ONLY,
    "v1_buying_group_members_partial_update": API_CX_ONLY,
    "v1_buying_group_members_destroy": API_CX_ONLY,
    "v1_stages_list": API_EVERY_ROLE,
    "v1_stages_retrieve": API_EVERY_ROLE,
    "v1_stages_create": API_CX_ONLY,
    "v1_stages_update": API_CX_ONLY,
    "v1_stages_partial_update": API_CX_ONLY,
    "v1_stages_destroy": API_CX_ONLY,
    "v1_stages_move_create": API_CX_ONLY,
    "v1_touchpoints_list": API_EVERY_ROLE,
    "v1_touchpoints_retrieve": API_EVERY_ROLE,
    "v1_touchpoints_create": API_CX_ONLY,
    "v1_touchpoints_update": API_CX_ONLY,
    "v1_touchpoints_partial_update": API_CX_ONLY,
    "v1_touchpoints_destroy": API_CX_ONLY,
    "v1_touchpoints_move_create": API_CX_ONLY,
    "v1_moments_of_truth_list": API_EVERY_ROLE,
    "v1_moments_of_truth_retrieve": API_EVERY_ROLE,
    "v1_moments_of_truth_create": API_CX_ONLY,
    "v1_moments_of_truth_update": API_CX_ONLY,
    "v1_moments_of_truth_partial_update": API_CX_ONLY,
    "v1_moments_of_truth_destroy": API_CX_ONLY,
    "v1_observations_list": API_EVERY_ROLE,
    "v1_observations_retrieve": API_EVERY_ROLE,
    "v1_observations_create": API_CX_ONLY,
    "v1_observations_update": API_CX_ONLY,
    "v1_observations_partial_update": API_CX_ONLY,
    "v1_observations_destroy": API_CX_ONLY,
    "v1_observations_to_action_create": API_CX_ONLY,
    "v1_observations_links_create": API_CX_ONLY,
    "v1_observations_merge_create": API_CX_ONLY,
    "v1_actions_list": API_EVERY_ROLE,
    "v1_actions_retrieve": API_EVERY_ROLE,
    "v1_actions_create": API_CX_ONLY,
    "v1_actions_update": API_CX_ONLY,
    "v1_actions_partial_update": API_CX_ONLY,
    "v1_actions_destroy": API_CX_ONLY,
    "v1_share_links_list": API_CX_AND_DPO,
    "v1_share_links_retrieve": API_CX_AND_DPO,
    "v1_share_links_create": API_CX_ONLY,
    "v1_share_links_revoke_create": API_CX_ONLY,
    "v1_journey_templates_list": API_EVERY_ROLE,
    "v1_journey_templates_retrieve": API_EVERY_ROLE,
    "v1_journey_templates_create": API_CX_ONLY,
    "v1_journey_templates_destroy": API_CX_ONLY,
    "v1_journey_templates_journeys_create": API_CX_ONLY,
    # stakeholders
    "v1_stakeholders_list": API_EVERY_ROLE,
    "v1_stakeholders_retrieve": API_EVERY_ROLE,
    "v1_stakeholders_create": API_CX_ONLY,
    "v1_stakeholders_update": API_CX_ONLY,
    "v1_stakeholders_partial_update": API_CX_ONLY,
    "v1_stakeholders_destroy": API_CX_ONLY,
    "v1_involvements_list": API_EVERY_ROLE,
    "v1_involvements_retrieve": API_EVERY_ROLE,
    "v1_involvements_create": API_CX_ONLY,
    "v1_involvements_update": API_CX_ONLY,
    "v1_involvements_partial_update": API_CX_ONLY,
    "v1_involvements_destroy": API_CX_ONLY,
    "v1_kpis_list": API_EVERY_ROLE,
    "v1_stakeholder_map_retrieve": API_EVERY_ROLE,
    "v1_alignment_retrieve": API_EVERY_ROLE,
    "v1_kpis_retrieve": API_EVERY_ROLE,
    "v1_kpis_create": API_CX_ONLY,
    "v1_kpis_update": API_CX_ONLY,
    "v1_kpis_partial_update": API_CX_ONLY,
    "v1_kpis_destroy": API_CX_ONLY,
    "v1_kpi_measurements_list": API_EVERY_ROLE,
    "v1_kpi_measurements_retrieve": API_EVERY_ROLE,
    "v1_kpi_measurements_create": API_CX_ONLY,
    "v1_kpi_measurements_update": API_CX_ONLY,
    "v1_kpi_measurements_partial_update": API_CX_ONLY,
    "v1_kpi_measurements_destroy": API_CX_ONLY,
    "v1_incentives_list": API_EVERY_ROLE,
    "v1_incentives_retrieve": API_EVERY_ROLE,
    "v1_incentives_create": API_CX_ONLY,
    "v1_incentives_update": API_CX_ONLY,
    "v1_incentives_partial_update": API_CX_ONLY,
    "v1_incentives_destroy": API_CX_ONLY,
    "v1_slas_list": API_EVERY_ROLE,
    "v1_slas_retrieve": API_EVERY_ROLE,
    "v1_slas_create": API_CX_ONLY,
    "v1_slas_update": API_CX_ONLY,
    "v1_slas_partial_update": API_CX_ONLY,
    "v1_slas_destroy": API_CX_ONLY,
    "v1_sla_objectives_list": API_EVERY_ROLE,
    "v1_sla_objectives_retrieve": API_EVERY_ROLE,
    "v1_sla_objectives_create": API_CX_ONLY,
    "v1_sla_objectives_update": API_CX_ONLY,
    "v1_sla_objectives_partial_update": API_CX_ONLY,
    "v1_sla_objectives_destroy": API_CX_ONLY,
    "v1_sla_measurements_list": API_EVERY_ROLE,
    "v1_sla_measurements_retrieve": API_EVERY_ROLE,
    "v1_sla_measurements_create": API_CX_ONLY,
    "v1_sla_measurements_update": API_CX_ONLY,
    "v1_sla_measurements_partial_update": API_CX_ONLY,
    "v1_sla_measurements_destroy": API_CX_ONLY,
    "v1_sla_measurements_bulk_create": API_CX_ONLY,
    "v1_interviews_list": API_INTERVIEWS,
    "v1_interviews_retrieve": API_OTHERS_INTERVIEW,
    "v1_interviews_create": API_INTERVIEWS,
    "v1_interviews_update": API_OTHERS_INTERVIEW,
    "v1_interviews_partial_update": API_OTHERS_INTERVIEW,
    "v1_interviews_destroy": API_CX_ONLY,
    "v1_interviews_answers_create": API_OTHERS_INTERVIEW,
    "v1_interviews_submit_create": API_OTHERS_INTERVIEW,
    "v1_interviews_validate_create": API_OTHERS_INTERVIEW,
    "v1_interviews_send_back_create": API_OTHERS_INTERVIEW,
    # feedback
    "v1_service_events_create": API_CX_ONLY,
    "v1_survey_templates_list": API_EVERY_ROLE,
    "v1_survey_templates_retrieve": API_EVERY_ROLE,
    "v1_survey_templates_create": API_CX_ONLY,
    "v1_survey_templates_update": API_CX_ONLY,
    "v1_survey_templates_partial_update": API_CX_ONLY,
    "v1_survey_templates_destroy": API_CX_ONLY,
    "v1_follow_up_rules_list": API_EVERY_ROLE,
    "v1_follow_up_rules_retrieve": API_EVERY_ROLE,
    "v1_follow_up_rules_create": API_CX_ONLY,
    "v1_follow_up_rules_update": API_CX_ONLY,
    "v1_follow_up_rules_partial_update": API_CX_ONLY,
    "v1_follow_up_rules_destroy": API_CX_ONLY,
    "v1_invitations_list": API_EVERY_ROLE,
    "v1_invitations_retrieve": API_EVERY_ROLE,
    "v1_responses_list": API_EVERY_ROLE,
    "v1_responses_retrieve": API_EVERY_ROLE,
    "v1_cases_list": API_EVERY_ROLE,
    "v1_cases_retrieve": API_EVERY_ROLE,
    "v1_cases_create": API_CX_ONLY,
    "v1_cases_update": API_CX_ONLY,
    "v1_cases_partial_update": API_CX_ONLY,
    "v1_cases_replies_create": API_CX_ONLY,
    "v1_scores_retrieve": API_EVERY_ROLE,
    "v1_trends_retrieve": API_EVERY_ROLE,
    "v1_recurring_causes_list": API_EVERY_ROLE,
    "v1_verbatims_list": API_CX_ONLY,
    "v1_verbatims_retrieve": API_CX_ONLY,
    "v1_verbatims_pin_create": API_CX_ONLY,
    "v1_verbatims_observation_create": API_CX_ONLY,
    # the recovery answers' scores for every role, their comments blanked for some
    "v1_recovery_answers_list": API_EVERY_ROLE,
    "v1_recovery_answers_retrieve": API_EVERY_ROLE,
    "v1_review_links_list": API_EVERY_ROLE,
    "v1_review_links_retrieve": API_EVERY_ROLE,
    "v1_review_links_create": API_CX_ONLY,
    "v1_review_links_update": API_CX_ONLY,
    "v1_review_links_partial_update": API_CX_ONLY,
    # gdpr
    "v1_data_items_list": API_EVERY_ROLE,
    "v1_data_items_retrieve": API_EVERY_ROLE,
    "v1_data_items_create": API_CX_AND_DPO,
    "v1_data_items_update": API_CX_AND_DPO,
    "v1_data_items_partial_update": API_CX_AND_DPO,
    "v1_data_items_destroy": API_CX_AND_DPO,
    "v1_data_items_history_list": API_EVERY_ROLE,
    "v1_data_items_submit_create": API_CX_AND_DPO,
    "v1_data_items_review_create": API_DPO_ONLY,
    "v1_processing_activities_list": API_EVERY_ROLE,
    "v1_processing_activities_retrieve": API_EVERY_ROLE,
    "v1_processing_activities_create": API_CX_AND_DPO,
    "v1_processing_activities_update": API_CX_AND_DPO,
    "v1_processing_activities_partial_update": API_CX_AND_DPO,
    "v1_processing_activities_destroy": API_CX_AND_DPO,
    "v1_processing_activities_history_list": API_EVERY_ROLE,
    "v1_processing_activities_submit_create": API_CX_AND_DPO,
    "v1_processing_activities_review_create": API_DPO_ONLY,
    "v1_processing_activities_screening_create": API_CX_AND_DPO,
    "v1_processors_list": API_EVERY_ROLE,
    "v1_processors_retrieve": API_EVERY_ROLE,
    "v1_processors_create": API_CX_AND_DPO,
    "v1_processors_update": API_CX_AND_DPO,
    "v1_processors_partial_update": API_CX_AND_DPO,
    "v1_processors_destroy": API_CX_AND_DPO,
    "v1_dpia_screenings_list": API_EVERY_ROLE,
    "v1_dpia_screenings_retrieve": API_EVERY_ROLE,
    "v1_gdpr_requirements_list": API_EVERY_ROLE,
    "v1_gdpr_requirements_retrieve": API_EVERY_ROLE,
    "v1_gdpr_requirements_update": API_CX_AND_DPO,
    "v1_gdpr_requirements_partial_update": API_CX_AND_DPO,
    "v1_respondent_accesses_list": API_DPO_ONLY,
    "v1_respondent_accesses_retrieve": API_DPO_ONLY,
    "v1_respondent_requests_search_create": API_DPO_ONLY,
    "v1_respondent_requests_export_retrieve": API_DPO_ONLY,
    "v1_respondent_requests_erase_create": API_DPO_ONLY,
    "v1_article30_retrieve": API_EVERY_ROLE,
    "v1_consistency_checks_list": API_EVERY_ROLE,
}


# The resource of a path's first segment → the object of the world whose id it takes.
API_RESOURCES = {
    "notifications": "notification",
    "comments": "comment",
    "webhooks": "webhook",
    "webhook-deliveries": "webhook_delivery",
    "personas": "persona",
    "journeys": "journey",
    "stages": "stage",
    "touchpoints": "touchpoint",
    "moments-of-truth": "moment_of_truth",
    "observations": "observation",
    "actions": "action",
    "share-links": "share_link",
    "journey-templates": "journey_template",
    "journey-snapshots": "snapshot",
    "buying-group-members": "buying_group_member",
    "stakeholders": "stakeholder",
    "involvements": "involvement",
    "kpis": "kpi",
    "kpi-measurements": "kpi_measurement",
    "standard-measurements": "standard_measurement",
    "incentives": "incentive",
    "slas": "sla",
    "sla-objectives": "objective",
    "sla-measurements": "measurement",
    "interviews": "interview",
    "survey-templates": "template",
    "follow-up-rules": "rule",
    "invitations": "invitation",
    "responses": "response",
    "cases": "case",
    "verbatims": "verbatim",
    "review-links": "review_link",
    "recovery-answers": "recovery_answer",
    "data-items": "data_item",
    "processing-activities": "activity",
    "processors": "processor",
    "dpia-screenings": "screening",
    "gdpr-requirements": "requirement",
    "respondent-accesses": "respondent_access",
    "respondent-requests": "respondent",
}


# Discovery


def _url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def discovered_pages() -> set[str]:
    """Every named URL but the admin's own pages and the API's routes (in API)."""
    return {
        name
        for name in _url_names()
        if not name.startswith("admin:") and not name.startswith("api:")
    } | {"admin:index", "api:api-root"}


_schema_cache = {}


def schema() -> dict:
    if not _schema_cache:
        from drf_spectacular.generators import SchemaGenerator

        _schema_cache.update(SchemaGenerator().get_schema(request=None, public=True))
    return _schema_cache


def discovered_operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path) for every operation of the OpenAPI schema."""
    return {
        operation["operationId"]: (method.upper(), path)
        for path, item in schema()["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_page_has_a_row():
    assert sorted(discovered_pages() - PAGES.keys()) == [], "pages without a row in PAGES"
    assert sorted(PAGES.keys() - discovered_pages()) == [], "rows for pages that are gone"


def test_every_api_operation_has_a_row():
    operations = discovered_operations().keys()
    assert sorted(operations - API.keys()) == [], "operations without a row"
    assert sorted(API.keys() - operations) == [], "rows for operations that are gone"


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        return OK
    if status == 401:
        return UNAUTHENTICATED
    if status in (403, 404, 405):
        return str(status)
    assert status < 500, f"server error {status}"
    return OK


def _mismatches(expected: dict, actual: dict) -> dict:
    """row → "expected … got …", for the rows that differ."""
    return {
        row: f"expected {expected[row]}, got {actual[row]}"
        for row in expected
        if expected[row] != actual[row]
    }


def _page_url(name, page, world):
    kwargs = {
        key: (world[value].pk if value in world else value) for key, value in page.kwargs.items()
    }
    query = "&".join(f"{key}={world[value].pk}" for key, value in page.query.items())
    return reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


@contextmanager
def _rolled_back():
    """Each row starts from the same world: what a row's requests change is undone."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("who", WHO)
def test_pages(who, world, client):
    column = WHO.index(who)
    expected, actual = {}, {}
    for name, page in sorted(PAGES.items()):
        url = _page_url(name, page, world)
        for access, outcomes in (("read", page.read), ("write", page.write)):
            # Signed in outside the rolled-back block, again only after a row logged out.
            session = client.cookies.get("sessionid")
            if who != "anonymous" and not (session and session.value):
                client.force_login(world["users"][who])
            with _rolled_back():
                data = {key: world[value].pk for key, value in page.data.items()}
                response = client.get(url) if access == "read" else client.post(url, data)
                expected[f"{name} {access}"] = outcomes[column]
                actual[f"{name} {access}"] = _outcome(response)
    assert _mismatches(expected, actual) == {}


@pytest.mark.parametrize("who", WHO)
def test_api(who, world):
    operations = discovered_operations()
    client = APIClient()
    if who != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world['secrets'][who]}")
    expected, actual = {}, {}
    column = WHO.index(who)
    for operation_id in sorted(API):
        method, path = operations[operation_id]
        resource = path.removeprefix("/api/v1/").split("/")[0]
        if "{id}" in path:
            path = path.replace("{id}", str(world[API_RESOURCES[resource]].pk))
        path = path.replace("{file_format}", "csv")
        with _rolled_back():
            response = client.generic(method, path, "{}", content_type="application/json")
        expected[operation_id] = API[operation_id][column]
        actual[operation_id] = _outcome(response)
    assert _mismatches(expected, actual) == {}


# Object-level cases, by guessing ids.


def test_a_viewer_never_sees_a_respondents_personal_data(world, client, token_client):
    respondent = world["respondent"]
    api = token_client(world["users"][Role.VIEWER])
    client.force_login(world["users"][Role.VIEWER])

    invitation = api.get(f"/api/v1/invitations/{world['invitation'].pk}/").json()
    response = api.get(f"/api/v1/responses/{world['response'].pk}/").json()
    case_page = client.get(reverse("feedback:case_detail", args=[world["case"].pk]))

    assert invitation["respondent"] == {"id": respondent.pk, "language": respondent.language}
    assert respondent.email not in str(response)
    assert respondent.external_ref not in str(response)
    assert case_page.status_code == 200
    assert respondent.email not in case_page.content.decode()
    assert respondent.external_ref not in case_page.content.decode()
    for name in ("gdpr:respondent_export", "gdpr:respondent_erase"):
        url = reverse(name, kwargs={"respondent_id": respondent.pk})
        assert client.get(url).status_code == 403


def test_an_interviewer_cannot_reach_another_interviewers_interview(world, client, token_client):
    interview = world["interview"]
    api = token_client(world["users"][Role.INTERVIEWER])
    client.force_login(world["users"][Role.INTERVIEWER])
    before = (interview.answers, interview.status)

    assert api.get(f"/api/v1/interviews/{interview.pk}/").status_code == 404
    assert interview.pk not in [
        row["id"] for row in api.get("/api/v1/interviews/").json()["results"]
    ]
    answers = api.post(
        f"/api/v1/interviews/{interview.pk}/answers/", {"answers": {}}, format="json"
    )
    assert answers.status_code == 404
    page = client.get(reverse("stakeholders:interview_detail", args=[interview.pk]))
    assert page.status_code == 404
    interview.refresh_from_db()
    assert (interview.answers, interview.status) == before


def test_an_interviewer_never_reads_the_comments_on_another_interviewers_interview(
    world, client, token_client
):
    interview = world["interview"]
    comment = comment_services.comment_post(
        author=world["users"][Role.CX_MANAGER], target=interview, body="Ask about the night shift"
    )
    api = token_client(world["users"][Role.INTERVIEWER])
    client.force_login(world["users"][Role.INTERVIEWER])
    thread = {"target": "stakeholders.interview", "object_id": interview.pk}

    page = client.get(reverse("core:comment_thread", args=[thread["target"], interview.pk]))
    listed = api.get("/api/v1/comments/", thread)
    detail = api.get(f"/api/v1/comments/{comment.pk}/")
    reply = api.post(
        "/api/v1/comments/", {**thread, "parent": comment.pk, "body": "Hi"}, format="json"
    )

    assert (page.status_code, listed.status_code, detail.status_code) == (404, 404, 404)
    assert reply.json() == {"object_id": ["No such object, or not one you may read."]}
    assert "night shift" not in page.content.decode() + str(listed.content)
    assert Comment.objects.filter(content_type__model="interview").count() == 1


def test_nobody_revokes_someone_elses_token(world, client):
    token = world["token"]
    client.force_login(world["users"][Role.CX_MANAGER])

    client.post(reverse("core:api_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert token.revoked is False


# Personal data on the API, field by field (DOMAIN.md, "Personal data inside Parcours"): for
# each endpoint that carries a respondent's or a staff member's data, the fields each role
# sees filled in. A field not listed for a role comes back absent, null or blank. Respondents'
# data and what is typed about them: the CX manager and the DPO. Stakeholders' contact
# details: the CX manager and the interviewers, who arrange the interviews. The viewer: none.
RESPONDENT = ("respondent.email", "respondent.external_ref")
CASE_TEXT = (
    "title",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
    "distributive_justice",
    "procedural_justice",
    "interactional_justice",
    "log_entries.text",
    "replies.text",
)
CONTACT = ("email", "phone")
PERSONAL_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "invitations": {
        "cx_manager": (*RESPONDENT, "error"),
        "interviewer": (),
        "dpo": (),
        "viewer": (),
    },
    "responses": {
        "cx_manager": (*RESPONDENT, "comment"),
        "interviewer": (),
        "dpo": (),
        "viewer": (),
    },
    "cases": {
        "cx_manager": CASE_TEXT,
        "interviewer": (),
        "dpo": (),
        "viewer": (),
    },
    "stakeholders": {
        "cx_manager": CONTACT,
        "interviewer": CONTACT,
        "dpo": (),
        "viewer": (),
    },
}
FIELDS_CHECKED = {
    "invitations": (*RESPONDENT, "error"),
    "responses": (*RESPONDENT, "comment"),
    "cases": CASE_TEXT,
    "stakeholders": CONTACT,
}
RESOURCE_OBJECT = {
    "invitations": "invitation",
    "responses": "response",
    "cases": "case",
    "verbatims": "verbatim",
    "review-links": "review_link",
    "recovery-answers": "recovery_answer",
    "stakeholders": "stakeholder",
}


def _filled(body: dict, dotted: str) -> bool:
    """Whether the field (`respondent.email`, or `log_entries.text` for any entry) holds a
    value."""
    head, _dot, rest = dotted.partition(".")
    value = body.get(head)
    if rest:
        items = value if isinstance(value, list) else [value]
        return any(isinstance(item, dict) and _filled(item, rest) for item in items)
    return value not in (None, "", [])


@pytest.mark.parametrize("who", WHO[1:])
def test_each_role_sees_exactly_its_personal_fields(who, world):
    Invitation.objects.filter(pk=world["invitation"].pk).update(error="SMTPRecipientsRefused (550)")
    Case.objects.filter(pk=world["case"].pk).update(
        description="My car was dirty",
        contact_name="Mrs Martin",
        contact_email="martin@example.com",
        contact_phone="06 12 34 56 78",
        distributive_justice="Refund of 40 EUR agreed with Mrs Martin",
        procedural_justice="Called back on 06 12 34 56 78",
        interactional_justice="Apologised to Mrs Martin",
    )
    CaseLogEntry.objects.create(case=world["case"], text="Mrs Martin called again")
    CaseReply.objects.create(
        case=world["case"], text="Dear Mrs Martin", language="en", send_after=timezone.now()
    )
    Stakeholder.objects.filter(pk=world["stakeholder"].pk).update(phone="+33 6 12 34 56 78")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world['secrets'][who]}")

    seen = {}
    for resource, fields in FIELDS_CHECKED.items():
        pk = world[RESOURCE_OBJECT[resource]].pk
        detail = client.get(f"/api/v1/{resource}/{pk}/")
        listed = client.get(f"/api/v1/{resource}/").json()["results"]
        assert detail.status_code == 200
        in_list = next(row for row in listed if row["id"] == pk)
        for view, body in (("detail", detail.json()), ("list", in_list)):
            seen[f"{resource} {view}"] = tuple(field for field in fields if _filled(body, field))
    expected = {
        f"{resource} {view}": PERSONAL_FIELDS[resource][who]
        for resource in FIELDS_CHECKED
        for view in ("detail", "list")
    }
    assert seen == expected


@pytest.mark.parametrize(
    ("who", "sees_contact"),
    [("cx_manager", True), ("interviewer", True), ("dpo", False), ("viewer", False)],
)
def test_the_stakeholder_page_shows_contact_details_to_who_arranges_interviews(
    who, sees_contact, world, client
):
    stakeholder = world["stakeholder"]
    Stakeholder.objects.filter(pk=stakeholder.pk).update(phone="+33 6 12 34 56 78")
    client.force_login(world["users"][who])

    page = client.get(reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]))

    assert page.status_code == 200
    shown = page.content.decode()
    assert (stakeholder.email in shown, "+33 6 12 34 56 78" in shown) == (
        sees_contact,
        sees_contact,
    )


# Free text typed by or about a respondent on the pages and exports, page by page: which of
# the case's texts each role finds on the page. The CX manager and the DPO read them; the
# interviewer and the viewer see scores and counts, never that text (DOMAIN.md). Pages that
# show scores only list no text for anyone, so that one added later shows up here.
CASE_TEXTS = {
    "title": "Refund for Mrs Martin",
    "description": "Mrs Martin phoned about gate 4",
    "contact": "martin.contact@example.com",
    "reply": "Dear Mrs Martin, we are sorry",
    "comment": "The driver at gate 4 shouted at me",
    "distributive_justice": "Refund of 40 EUR agreed with Mrs Martin",
    "procedural_justice": "Called back on 06 12 34 56 78",
    "interactional_justice": "Apologised to Mrs Martin in person",
    "log": "Mrs Martin called again about her refund",
}
ALL_CASE_TEXTS = tuple(CASE_TEXTS)
NO_TEXT = {"cx_manager": (), "interviewer": (), "dpo": (), "viewer": ()}
PAGE_TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    "feedback:case_list": {
        "cx_manager": ("title",),
        "interviewer": (),
        "dpo": (),
        "viewer": (),
    },
    "feedback:case_detail": {
        "cx_manager": ALL_CASE_TEXTS,
        "interviewer": (),
        "dpo": (),
        "viewer": (),
    },
    "feedback:index": NO_TEXT,
    "feedback:invitation_list": NO_TEXT,
    "core:dashboard": NO_TEXT,
    "journeys:journey_map": NO_TEXT,
    "journeys:journey_matrix": NO_TEXT,
    "journeys:journey_export_csv": NO_TEXT,
    "stakeholders:stakeholder_map": NO_TEXT,
}
PAGE_KWARGS = {
    "feedback:case_detail": {"case_id": "case"},
    **{
        name: {"journey_id": "journey"}
        for name in (
            "journeys:journey_map",
            "journeys:journey_matrix",
            "journeys:journey_export_csv",
            "stakeholders:stakeholder_map",
        )
    },
}


def _with_case_texts(world) -> None:
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(
        title=CASE_TEXTS["title"],
        description=CASE_TEXTS["description"],
        contact_email=CASE_TEXTS["contact"],
        distributive_justice=CASE_TEXTS["distributive_justice"],
        procedural_justice=CASE_TEXTS["procedural_justice"],
        interactional_justice=CASE_TEXTS["interactional_justice"],
    )
    Response.objects.filter(pk=world["response"].pk).update(comment=CASE_TEXTS["comment"])
    CaseLogEntry.objects.create(case=case, text=CASE_TEXTS["log"])
    CaseReply.objects.create(
        case=case, text=CASE_TEXTS["reply"], language="en", send_after=timezone.now()
    )


@pytest.mark.parametrize("who", WHO[1:])
def test_each_role_reads_exactly_its_respondent_texts_on_the_pages(who, world, client):
    _with_case_texts(world)
    client.force_login(world["users"][who])

    seen = {}
    for name, kwargs in {name: PAGE_KWARGS.get(name, {}) for name in PAGE_TEXTS}.items():
        url = reverse(name, kwargs={key: world[value].pk for key, value in kwargs.items()})
        response = client.get(url, {"journey": world["journey"].pk})
        assert response.status_code == 200, name
        shown = b"".join(response).decode() if response.streaming else response.content.decode()
        seen[name] = tuple(text for text, value in CASE_TEXTS.items() if value in shown)
    assert seen == {name: texts[who] for name, texts in PAGE_TEXTS.items()}


@pytest.mark.parametrize(
    ("who", "found"),
    [("cx_manager", []), ("interviewer", ["case"]), ("dpo", ["case"]), ("viewer", ["case"])],
)
def test_searching_the_cases_tells_nothing_to_who_may_not_read_them(
    who, found, world, client, token_client
):
    """A search in titles and comments would answer, yes or no, what they say: for those who
    may not read them it is not offered and a `q` is ignored; the others search as before."""
    _with_case_texts(world)
    user = world["users"][who]
    client.force_login(user)
    expected = [world[name].pk for name in found]

    page = client.get(reverse("feedback:case_list"), {"q": "no such word"})
    api = token_client(user).get("/api/v1/cases/", {"q": "no such word"}).json()["results"]
    by_comment = client.get(reverse("feedback:case_list"), {"q": "gate 4"})

    assert [case.pk for case in page.context["page"].object_list] == expected
    assert [row["id"] for row in api] == expected
    assert [case.pk for case in by_comment.context["page"].object_list] == [world["case"].pk]
    assert ('name="q"' in page.content.decode()) is (not found)
