"""Who may do what: every page and API operation, for anonymous and each role, read and write.

The URL resolver and the OpenAPI schema are read at test time, so a page or an operation
added without a row here fails `test_every_page_has_a_row` or `test_every_api_operation_has_a_row`.

Pages: one row per URL name, with the outcome of a GET (read) and of an empty POST (write)
for, in this order, an anonymous visitor, a CX manager, an interviewer, a DPO and a viewer.
API: one row per operation with the model permission it needs; the outcome per role follows
from `core.roles.ROLE_PERMISSIONS`, with object-level exceptions listed in `API_SCOPED`.
Objects are real rows; the interview belongs to another interviewer, so that an interviewer
guessing its id sees nothing.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from core.roles import Role, actions_for

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


def needs(permission: str | None) -> tuple[str, ...]:
    """The column of a page that needs one model permission, as core/roles.py grants it;
    None: the page does not take this method (405)."""
    if permission is None:
        return SIGNED_IN_405
    app_label, codename = permission.split(".")
    action, model = codename.split("_", 1)
    granted = [action in actions_for(role, app_label, model) for role in WHO[1:]]
    return (LOGIN, *(OK if grant else DENIED for grant in granted))


def G(read, write, data=None, **kwargs):
    """A register page: the permission it needs to read (GET) and to write (POST)."""
    return P(needs(read), needs(write), data=data, **kwargs)


ITEM = {"item_id": "data_item"}
ACTIVITY = {"activity_id": "activity"}

PAGES: dict[str, Page] = {
    # core
    "core:dashboard": P(EVERY_ROLE, EVERY_ROLE),
    "core:healthz": P(PUBLIC, PUBLIC_405),
    "core:system_status": P((LOGIN, OK, DENIED, OK, DENIED), (LOGIN, OK, DENIED, OK, DENIED)),
    "core:worker_ping_send": P(SIGNED_IN_405, CX_ONLY),
    "core:api_tokens": P(EVERY_ROLE, EVERY_ROLE),
    # Revoking someone else's token finds none of yours (see the object-level test).
    "core:api_token_revoke": P(SIGNED_IN_405, EVERY_ROLE, token_id="token"),
    # journeys: everyone with a role reads, the CX manager edits
    "journeys:index": P(EVERY_ROLE, EVERY_ROLE),
    "journeys:persona_list": P(EVERY_ROLE, EVERY_ROLE),
    "journeys:persona_create": P(CX_ONLY, CX_ONLY),
    "journeys:persona_update": P(CX_ONLY, CX_ONLY, persona_id="persona"),
    "journeys:persona_delete": P(CX_ONLY, CX_ONLY, persona_id="persona"),
    "journeys:journey_export_pdf": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_reletter_stages": P(SIGNED_IN_405, CX_ONLY, **JOURNEY),
    "journeys:journey_create": P(CX_ONLY, CX_ONLY),
    "journeys:journey_map": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_update": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:journey_delete": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:journey_duplicate": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:journey_matrix": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_compare": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY, other_id="other_journey"),
    "journeys:journey_export_csv": P(EVERY_ROLE, EVERY_ROLE, **JOURNEY),
    "journeys:journey_import_csv": P(CX_ONLY, CX_ONLY, **JOURNEY),
    "journeys:observation_to_action": P(
        SIGNED_IN_405, CX_ONLY, **JOURNEY, observation_id="observation"
    ),
    "journeys:stage_move": P(SIGNED_IN_405, CX_ONLY, **JOURNEY, item_id="stage"),
    "journeys:touchpoint_move": P(SIGNED_IN_405, CX_ONLY, **JOURNEY, item_id="touchpoint"),
    "journeys:stages_create": P(CX_ONLY, CX_ONLY, **JOURNEY),
    # Items of a stage are created from that stage's column: ?stage=<id>.
    **{
        f"journeys:{kind}_create": P(CX_ONLY, CX_ONLY, query={"stage": "stage"}, **JOURNEY)
        for kind in ("touchpoints", "moments-of-truth", "observations", "actions")
    },
    **{
        f"journeys:{kind}_update": P(CX_ONLY, CX_ONLY, **JOURNEY, item_id=item)
        for kind, item in (
            ("stages", "stage"),
            ("touchpoints", "touchpoint"),
            ("moments-of-truth", "moment_of_truth"),
            ("observations", "observation"),
            ("actions", "action"),
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
        )
    },
    # stakeholders: interviews only for the CX manager and interviewers, and an interviewer
    # only their own (this one is another interviewer's: 404)
    "stakeholders:index": P(EVERY_ROLE, EVERY_ROLE),
    "stakeholders:stakeholder_create": P(CX_ONLY, CX_ONLY),
    "stakeholders:stakeholder_detail": P(EVERY_ROLE, EVERY_ROLE, stakeholder_id="stakeholder"),
    "stakeholders:stakeholder_update": P(CX_ONLY, CX_ONLY, stakeholder_id="stakeholder"),
    "stakeholders:stakeholder_delete": P(CX_ONLY, CX_ONLY, stakeholder_id="stakeholder"),
    "stakeholders:measurement_create": P(CX_ONLY, CX_ONLY, stakeholder_id="subcontractor"),
    "stakeholders:measurement_import": P(CX_ONLY, CX_ONLY, stakeholder_id="subcontractor"),
    "stakeholders:alignment": P(EVERY_ROLE, EVERY_ROLE),
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
    "stakeholders:interview_validate": P(SIGNED_IN_405, CX_ONLY, interview_id="interview"),
    # feedback: everyone with a role reads scores and cases; the CX manager runs the surveys
    "feedback:index": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:invitation_list": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:sent_emails": P(CX_ONLY, CX_ONLY),
    "feedback:dispatch_now": P(SIGNED_IN_405, CX_ONLY),
    "feedback:case_list": P(EVERY_ROLE, EVERY_ROLE),
    "feedback:case_create": P(CX_ONLY, CX_ONLY),
    "feedback:recurring_to_action": P(SIGNED_IN_405, CX_ONLY),
    "feedback:service_event_import": P(CX_ONLY, CX_ONLY),
    "feedback:case_detail": P(EVERY_ROLE, CX_ONLY, case_id="case"),
    "feedback:rule_list": P(EVERY_ROLE, CX_ONLY),
    "feedback:rule_update": P(CX_ONLY, CX_ONLY, rule_id="rule"),
    "feedback:template_list": P(EVERY_ROLE, CX_ONLY),
    "feedback:template_update": P(CX_ONLY, CX_ONLY, template_id="template"),
    # the customer's pages: no login, a wrong token is the invalid-link page for everyone
    "survey:answer": P(PUBLIC_404, PUBLIC_404, token="not-a-signed-token"),
    "survey:unsubscribe": P(PUBLIC_404, PUBLIC_404, token="not-a-signed-token"),
    # gdpr: the register. Everyone with a role reads it, the CX manager and the DPO write
    # entries, only the DPO reviews them and handles a respondent's personal data.
    "gdpr:index": G("gdpr.view_dataitem", "gdpr.view_dataitem"),
    "gdpr:register": G("gdpr.view_dataitem", "gdpr.view_dataitem", **JOURNEY),
    "gdpr:data_item_list": G("gdpr.view_dataitem", "gdpr.view_dataitem"),
    "gdpr:data_item_create": G("gdpr.add_dataitem", "gdpr.add_dataitem"),
    "gdpr:data_item_detail": G("gdpr.view_dataitem", "gdpr.view_dataitem", **ITEM),
    "gdpr:data_item_update": G("gdpr.change_dataitem", "gdpr.change_dataitem", **ITEM),
    "gdpr:data_item_delete": G("gdpr.delete_dataitem", "gdpr.delete_dataitem", **ITEM),
    "gdpr:data_item_submit": G(None, "gdpr.change_dataitem", **ITEM),
    "gdpr:data_item_review": G(None, "gdpr.review_dataitem", **ITEM),
    "gdpr:activity_list": G("gdpr.view_processingactivity", "gdpr.view_processingactivity"),
    "gdpr:activity_create": G("gdpr.add_processingactivity", "gdpr.add_processingactivity"),
    "gdpr:activity_detail": G(
        "gdpr.view_processingactivity", "gdpr.view_processingactivity", **ACTIVITY
    ),
    "gdpr:activity_update": G(
        "gdpr.change_processingactivity", "gdpr.change_processingactivity", **ACTIVITY
    ),
    "gdpr:activity_delete": G(
        "gdpr.delete_processingactivity", "gdpr.delete_processingactivity", **ACTIVITY
    ),
    "gdpr:activity_submit": G(None, "gdpr.change_processingactivity", **ACTIVITY),
    "gdpr:activity_review": G(None, "gdpr.review_processingactivity", **ACTIVITY),
    "gdpr:screening_update": G(
        "gdpr.change_dpiascreening", "gdpr.change_dpiascreening", **ACTIVITY
    ),
    "gdpr:processor_create": G(None, "gdpr.add_processor", **ACTIVITY),
    "gdpr:processor_delete": G(
        "gdpr.delete_processor", "gdpr.delete_processor", processor_id="processor"
    ),
    "gdpr:history_csv": G(
        "gdpr.view_dataitem", "gdpr.view_dataitem", kind="items", entry_id="data_item"
    ),
    "gdpr:article30_export": G("gdpr.view_processingactivity", "gdpr.view_processingactivity"),
    "gdpr:checklist": G(
        "gdpr.view_requirement", "gdpr.change_requirement", data={"requirement": "requirement"}
    ),
    "gdpr:respondent_search": G("gdpr.handle_respondentaccess", "gdpr.handle_respondentaccess"),
    "gdpr:respondent_export": G(
        "gdpr.handle_respondentaccess",
        "gdpr.handle_respondentaccess",
        respondent_id="respondent",
    ),
    "gdpr:respondent_erase": G(
        "gdpr.handle_respondentaccess",
        "gdpr.handle_respondentaccess",
        respondent_id="respondent",
    ),
    "gdpr:access_log": G("gdpr.view_respondentaccess", "gdpr.view_respondentaccess"),
    # accounts
    "login": P(PUBLIC, PUBLIC),
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

# Operations of the schema (operationId → the permission they need). A role holds it or not
# according to core/roles.py; anonymous calls are 401. AUTHENTICATED: any signed-in user.
AUTHENTICATED = "authenticated"


def _crud(resource, app, model, *, writes=True):
    operations = {f"v1_{resource}_list": f"{app}.view_{model}"}
    operations[f"v1_{resource}_retrieve"] = f"{app}.view_{model}"
    if writes:
        operations[f"v1_{resource}_create"] = f"{app}.add_{model}"
        operations[f"v1_{resource}_update"] = f"{app}.change_{model}"
        operations[f"v1_{resource}_partial_update"] = f"{app}.change_{model}"
        operations[f"v1_{resource}_destroy"] = f"{app}.delete_{model}"
    return operations


API_OPERATIONS: dict[str, str] = {
    "v1_me_retrieve": AUTHENTICATED,
    # journeys
    **_crud("personas", "journeys", "persona"),
    **_crud("journeys", "journeys", "journey"),
    "v1_journeys_map_retrieve": "journeys.view_journey",
    "v1_journeys_duplicate_create": "journeys.add_journey",
    "v1_journeys_reletter_stages_create": "journeys.change_stage",
    **_crud("stages", "journeys", "stage"),
    "v1_stages_move_create": "journeys.change_stage",
    **_crud("touchpoints", "journeys", "touchpoint"),
    "v1_touchpoints_move_create": "journeys.change_touchpoint",
    **_crud("moments_of_truth", "journeys", "momentoftruth"),
    **_crud("observations", "journeys", "observation"),
    "v1_observations_to_action_create": "journeys.add_action",
    **_crud("actions", "journeys", "action"),
    # stakeholders
    **_crud("stakeholders", "stakeholders", "stakeholder"),
    **_crud("involvements", "stakeholders", "involvement"),
    **_crud("kpis", "stakeholders", "kpi"),
    **_crud("incentives", "stakeholders", "incentive"),
    **_crud("slas", "stakeholders", "sla"),
    **_crud("sla_objectives", "stakeholders", "slaobjective"),
    **_crud("sla_measurements", "stakeholders", "slameasurement"),
    "v1_sla_measurements_bulk_create": "stakeholders.add_slameasurement",
    **_crud("interviews", "stakeholders", "interview"),
    "v1_interviews_answers_create": "stakeholders.change_interview",
    "v1_interviews_submit_create": "stakeholders.change_interview",
    "v1_interviews_validate_create": "stakeholders.change_stakeholder",
    # feedback
    "v1_service_events_create": "feedback.add_serviceevent",
    **_crud("survey_templates", "feedback", "surveytemplate"),
    **_crud("follow_up_rules", "feedback", "followuprule"),
    **_crud("invitations", "feedback", "invitation", writes=False),
    **_crud("responses", "feedback", "response", writes=False),
    **_crud("cases", "feedback", "case", writes=False),
    "v1_cases_create": "feedback.add_case",
    "v1_cases_update": "feedback.change_case",
    "v1_cases_partial_update": "feedback.change_case",
    "v1_scores_retrieve": "feedback.view_response",
    # gdpr
    **_crud("data_items", "gdpr", "dataitem"),
    "v1_data_items_history_list": "gdpr.view_dataitem",
    "v1_data_items_submit_create": "gdpr.change_dataitem",
    "v1_data_items_review_create": "gdpr.review_dataitem",
    **_crud("processing_activities", "gdpr", "processingactivity"),
    "v1_processing_activities_history_list": "gdpr.view_processingactivity",
    "v1_processing_activities_submit_create": "gdpr.change_processingactivity",
    "v1_processing_activities_review_create": "gdpr.review_processingactivity",
    "v1_processing_activities_screening_create": "gdpr.change_dpiascreening",
    **_crud("processors", "gdpr", "processor"),
    **_crud("dpia_screenings", "gdpr", "dpiascreening", writes=False),
    **_crud("gdpr_requirements", "gdpr", "requirement", writes=False),
    "v1_gdpr_requirements_update": "gdpr.change_requirement",
    "v1_gdpr_requirements_partial_update": "gdpr.change_requirement",
    **_crud("respondent_accesses", "gdpr", "respondentaccess", writes=False),
    "v1_respondent_requests_list": "gdpr.handle_respondentaccess",
    "v1_respondent_requests_export_retrieve": "gdpr.handle_respondentaccess",
    "v1_respondent_requests_erase_create": "gdpr.handle_respondentaccess",
    "v1_article30_retrieve": "gdpr.view_processingactivity",
}

# Object-level scoping: (operationId, role) → outcome, whatever the role's permissions.
# The interview of the world belongs to another interviewer: ours finds no such id.
API_SCOPED: dict[tuple[str, str], str] = {
    (f"v1_interviews_{action}", Role.INTERVIEWER): MISSING
    for action in (
        "retrieve",
        "update",
        "partial_update",
        "answers_create",
        "submit_create",
        "validate_create",
    )
}

# The resource of a path's first segment → the object of the world whose id it takes.
API_RESOURCES = {
    "personas": "persona",
    "journeys": "journey",
    "stages": "stage",
    "touchpoints": "touchpoint",
    "moments-of-truth": "moment_of_truth",
    "observations": "observation",
    "actions": "action",
    "stakeholders": "stakeholder",
    "involvements": "involvement",
    "kpis": "kpi",
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
    """Every named URL but the admin's own pages and the API's routes (in API_OPERATIONS)."""
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
    assert sorted(operations - API_OPERATIONS.keys()) == [], "operations without a row"
    assert sorted(API_OPERATIONS.keys() - operations) == [], "rows for operations that are gone"


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


def _api_expected(operation_id: str, who: str) -> str:
    if who == "anonymous":
        return UNAUTHENTICATED
    needed = API_OPERATIONS[operation_id]
    if (operation_id, who) in API_SCOPED:
        return API_SCOPED[operation_id, who]
    if needed == AUTHENTICATED:
        return OK
    app_label, codename = needed.split(".")
    action, model = codename.split("_", 1)
    if action not in actions_for(who, app_label, model):
        return DENIED
    return API_SCOPED.get((operation_id, who), OK)


@pytest.mark.parametrize("who", WHO)
def test_api(who, world):
    operations = discovered_operations()
    client = APIClient()
    if who != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world['secrets'][who]}")
    expected, actual = {}, {}
    for operation_id in sorted(API_OPERATIONS):
        method, path = operations[operation_id]
        resource = path.removeprefix("/api/v1/").split("/")[0]
        if "{id}" in path:
            path = path.replace("{id}", str(world[API_RESOURCES[resource]].pk))
        path = path.replace("{file_format}", "csv")
        with _rolled_back():
            response = client.generic(method, path, "{}", content_type="application/json")
        expected[operation_id] = _api_expected(operation_id, who)
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


def test_nobody_revokes_someone_elses_token(world, client):
    token = world["token"]
    client.force_login(world["users"][Role.CX_MANAGER])

    client.post(reverse("core:api_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert token.revoked is False
