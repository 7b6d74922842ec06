"""After a complaint: the recovery survey a resolved case sends once, its answer page, the
double failure a low answer makes, and what the case list, the case page, the dashboard and
the API show of them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from feedback import selectors, services
from feedback.models import Case, CustomerEmailStatus, RecoverySurvey
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import FollowUpRuleFactory, RespondentFactory, sent_invitation

pytestmark = pytest.mark.django_db

FAILING = {"default": {"BACKEND": "tests.feedback.failing_backend.FailingBackend"}}


def _case(*, language="en", nps=5, owner=None, rule=None, **kwargs) -> Case:
    """A case opened by a low answer of a customer with an address."""
    _invitation, token = sent_invitation(
        rule, external_ref=RespondentFactory().external_ref, language=language, **kwargs
    )
    response = services.response_submit(token=token, answers={"nps": nps})
    case = Case.objects.get(response=response)
    if owner is not None:
        case = services.case_update(case=case, data={"owner": owner})
    mail.outbox.clear()
    return case


def _resolve(case: Case) -> Case:
    return services.case_update(case=case, data={"status": Case.Status.RESOLVED})


def _sent_survey(case: Case) -> tuple[RecoverySurvey, str]:
    _resolve(case)
    services.invitations_dispatch_due()
    survey = RecoverySurvey.objects.get(case=case)
    return survey, services.recovery_token(survey=survey)


def _answer_path(message) -> str:
    start = message.body.index("/s/recovery/")
    return message.body[start : message.body.index("\n", start)]


def test_resolving_twice_sends_one_survey_in_the_customers_language():
    case = _case(language="fr")

    _resolve(case)
    services.case_update(case=case, data={"status": Case.Status.IN_PROGRESS})
    _resolve(case)
    counts = [services.invitations_dispatch_due()["recovery_surveys"] for _ in range(2)]

    assert counts == [1, 0]
    assert RecoverySurvey.objects.count() == 1
    [message] = mail.outbox
    assert (
        message.subject == "Comment avons-nous traité votre réclamation\N{NARROW NO-BREAK SPACE}?"
    )
    assert message.to == [case.respondent.email]
    assert "/s/recovery/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert [entry.text for entry in case.log_entries.all()] == [
        "open → resolved",
        "Recovery survey queued for the customer.",
        "resolved → in progress",
        "in progress → resolved",
    ]


def test_a_failed_send_is_tried_again_and_goes_once(settings):
    case = _case()
    _resolve(case)
    working = settings.MAILERS
    settings.MAILERS = FAILING
    assert services.invitations_dispatch_due()["recovery_surveys"] == 0
    survey = RecoverySurvey.objects.get()
    assert (survey.status, survey.attempts, survey.error) == (
        "scheduled",
        1,
        "ConnectionRefusedError",
    )

    settings.MAILERS = working
    RecoverySurvey.objects.update(send_after=timezone.now())
    assert [services.invitations_dispatch_due()["recovery_surveys"] for _ in range(2)] == [1, 0]
    assert len(mail.outbox) == 1
    survey.refresh_from_db()
    assert (survey.status, survey.attempts, survey.error) == ("sent", 2, "")


def test_it_ignores_the_fatigue_window():
    # Surveyed a minute ago, well within the rule's 30 days: the recovery survey goes anyway.
    case = _case(rule=FollowUpRuleFactory(fatigue_days=30))
    _resolve(case)
    assert services.invitations_dispatch_due()["recovery_surveys"] == 1


def test_no_survey_for_a_case_without_a_customer(cx_manager):
    case = services.case_create(stage=FollowUpRuleFactory().stage, title="Phone call")
    _resolve(case)
    assert RecoverySurvey.objects.count() == 0


@pytest.mark.parametrize("refusal", ["unsubscribed", "erased", "no address"])
def test_no_survey_for_a_customer_who_may_not_be_asked(refusal):
    case = _case()
    respondent = case.respondent
    if refusal == "unsubscribed":
        respondent.unsubscribed_at = timezone.now()
        respondent.save()
    elif refusal == "erased":
        services.respondent_erase(respondent_id=respondent.pk)
    else:
        respondent.email = ""
        respondent.save()
    case.refresh_from_db()
    _resolve(case)
    assert RecoverySurvey.objects.count() == 0


def test_a_suppressed_address_gets_no_survey_even_under_a_new_reference():
    case = _case()
    services.respondent_unsubscribe(
        token=services.unsubscribe_token(invitation=case.response.invitation)
    )
    # The same person, known to another system under another reference.
    again = services.case_create(stage=case.stage, title="Letter")
    Case.objects.filter(pk=again.pk).update(
        respondent=RespondentFactory(email=case.respondent.email.upper())
    )
    again.refresh_from_db()
    _resolve(again)
    assert RecoverySurvey.objects.count() == 0


def test_a_customer_who_unsubscribes_before_the_send_gets_nothing(settings):
    settings.FEEDBACK_RECOVERY_SURVEY_DELAY_SECONDS = 3600
    case = _case()
    _resolve(case)
    services.respondent_unsubscribe(
        token=services.unsubscribe_token(invitation=case.response.invitation)
    )
    RecoverySurvey.objects.update(send_after=timezone.now())
    services.invitations_dispatch_due()
    assert mail.outbox == []
    assert RecoverySurvey.objects.get().status == CustomerEmailStatus.SUPPRESSED


def test_the_recovery_unsubscribe_link_unsubscribes(client):
    case = _case()
    survey, _token = _sent_survey(case)
    token = services.recovery_token(survey=survey, salt=services.RECOVERY_UNSUBSCRIBE_SALT)
    url = reverse("survey:recovery_unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    case.respondent.refresh_from_db()
    assert case.respondent.unsubscribed_at is not None


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("en", "How satisfied are you with how we handled your complaint?"),
        (
            "fr",
            "Êtes-vous satisfait de la façon dont nous avons traité votre réclamation"
            "\N{NARROW NO-BREAK SPACE}?",
        ),
    ],
)
def test_the_answer_page_asks_in_the_customers_language(client, language, question):
    case = _case(language=language)
    _resolve(case)
    services.invitations_dispatch_due()
    page = client.get(_answer_path(mail.outbox[0]))
    assert page.status_code == 200
    assert question in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"


def test_a_low_answer_reopens_the_case_as_a_double_failure_and_tells_its_owner(client):
    owner = UserFactory(username="owner")
    case = _case(owner=owner)
    assert case.severity == Case.Severity.MEDIUM
    survey, token = _sent_survey(case)

    page = client.post(
        reverse("survey:recovery", args=[token]), {"score": "2", "comment": "Still waiting."}
    )

    assert page.status_code == 200
    assert "Someone from our team will contact you shortly" in page.content.decode()
    case.refresh_from_db()
    assert (case.status, case.severity) == (Case.Status.OPEN, Case.Severity.HIGH)
    assert case.double_failure_at is not None
    assert case.escalation_level == Case.Escalation.NONE
    assert case.log_entries.last().text == (
        "Double failure: the customer rated the handling 2/5. Case reopened, "
        "severity medium → high."
    )
    survey.refresh_from_db()
    assert (survey.status, survey.score, survey.comment) == ("answered", 2, "Still waiting.")
    notification = Notification.objects.get(kind="case.recovery_answered")
    assert notification.recipient == owner
    assert notification.url == f"/feedback/cases/{case.pk}/"
    # The link works once.
    again = client.post(reverse("survey:recovery", args=[token]), {"score": "5"})
    assert again.status_code == 404


def test_a_double_failure_is_critical_at_most_and_resolving_again_sends_nothing_more(client):
    case = _case()
    Case.objects.filter(pk=case.pk).update(severity=Case.Severity.CRITICAL)
    case.refresh_from_db()
    _survey, token = _sent_survey(case)
    client.post(reverse("survey:recovery", args=[token]), {"score": "1"})
    case.refresh_from_db()
    assert case.severity == Case.Severity.CRITICAL

    _resolve(case)
    services.invitations_dispatch_due()
    assert RecoverySurvey.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_good_answer_leaves_the_case_resolved(client):
    case = _case()
    _survey, token = _sent_survey(case)
    page = client.post(reverse("survey:recovery", args=[token]), {"score": "4"})
    assert "Someone from our team" not in page.content.decode()
    case.refresh_from_db()
    assert (case.status, case.double_failure_at) == (Case.Status.RESOLVED, None)
    assert case.log_entries.last().text == "The customer rated the handling 4/5."
    assert Notification.objects.filter(kind="case.recovery_answered").count() == 1


def test_an_answer_without_a_score_is_refused_and_a_wrong_link_is_invalid(client):
    case = _case()
    _survey, token = _sent_survey(case)
    assert client.post(reverse("survey:recovery", args=[token]), {"score": "9"}).status_code == 400
    assert client.get(reverse("survey:recovery", args=[token + "x"])).status_code == 404
    # An invitation's token is no recovery link.
    invitation_token = services.invitation_token(invitation=case.response.invitation)
    assert client.get(reverse("survey:recovery", args=[invitation_token])).status_code == 404


def test_an_expired_survey_cannot_be_answered(client):
    case = _case()
    _survey, token = _sent_survey(case)
    RecoverySurvey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("survey:recovery", args=[token])).status_code == 404


def test_erasure_blanks_the_recovery_comment(client):
    case = _case()
    _survey, token = _sent_survey(case)
    client.post(reverse("survey:recovery", args=[token]), {"score": "1", "comment": "Call Jane"})
    services.respondent_erase(respondent_id=case.respondent_id)
    assert RecoverySurvey.objects.get().comment == ""


def _double_failure(client) -> Case:
    case = _case()
    _survey, token = _sent_survey(case)
    client.post(reverse("survey:recovery", args=[token]), {"score": "1", "comment": "Rude."})
    case.refresh_from_db()
    return case


def test_the_case_list_shows_and_filters_the_double_failures(client, cx_manager):
    failed = _double_failure(client)
    other = _case()
    client.force_login(cx_manager)

    page = client.get(reverse("feedback:case_list"))
    assert page.content.decode().count('class="badge case-double-failure"') == 1
    only = client.get(reverse("feedback:case_list"), {"double_failure": "true"})
    assert [case.pk for case in only.context["page"].object_list] == [failed.pk]
    others = client.get(reverse("feedback:case_list"), {"double_failure": "false"})
    assert [case.pk for case in others.context["page"].object_list] == [other.pk]


def test_the_case_page_shows_the_answer_and_its_comment_to_those_who_may_read_it(
    client, cx_manager, viewer
):
    case = _double_failure(client)
    url = reverse("feedback:case_detail", args=[case.pk])
    client.force_login(cx_manager)
    page = client.get(url).content.decode()
    assert "Double failure: reopened on" in page
    assert "1 / 5" in page
    assert "Rude." in page
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "1 / 5" in page
    assert "Rude." not in page


def test_the_case_page_in_french(client, cx_manager):
    case = _double_failure(client)
    client.force_login(cx_manager)
    page = client.get(
        reverse("feedback:case_detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Enquête de rattrapage" in page
    assert "double faute" in page


def test_the_dashboard_shows_the_recovery_rate_and_double_failures_per_stage(client, cx_manager):
    rule = FollowUpRuleFactory()
    for score in (5, 4, 1):
        case = _case(rule=rule)
        _survey, token = _sent_survey(case)
        client.post(reverse("survey:recovery", args=[token]), {"score": str(score)})
    client.force_login(cx_manager)

    page = client.get(reverse("feedback:index"), {"journey": rule.stage.journey_id})

    rows = page.context["recovery_stages"]
    assert [(stage.pk, r.answers, r.rate, r.double_failures) for stage, r in rows] == [
        (rule.stage_id, 3, 66.7, 1)
    ]
    assert "Recovery rate: 66.7 % of 3 recovery answers rated the handling 4 or 5." in (
        page.content.decode()
    )
    french = client.get(
        reverse("feedback:index"), {"journey": rule.stage.journey_id}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Taux de rattrapage\N{NARROW NO-BREAK SPACE}: 66,7 % des 3 réponses" in french


def test_the_api_lists_the_answers_with_the_comment_for_those_who_may_read_it(
    client, token_client, cx_manager, viewer
):
    case = _double_failure(client)
    answers = token_client(cx_manager).get("/api/v1/recovery-answers/").json()["results"]
    assert [(a["case"], a["score"], a["comment"], a["double_failure"]) for a in answers] == [
        (case.pk, 1, "Rude.", True)
    ]
    answers = token_client(viewer).get("/api/v1/recovery-answers/").json()["results"]
    assert [(a["score"], a["comment"]) for a in answers] == [(1, "")]


def test_the_api_filters_the_cases_by_double_failure(client, token_client, viewer):
    failed = _double_failure(client)
    _case()
    api = token_client(viewer)
    listed = api.get("/api/v1/cases/", {"double_failure": "true"}).json()["results"]
    assert [(case["id"], case["double_failure_at"] is not None) for case in listed] == [
        (failed.pk, True)
    ]
    assert len(api.get("/api/v1/cases/", {"double_failure": "false"}).json()["results"]) == 1


def test_resolving_through_the_api_sends_the_survey(token_client, cx_manager):
    case = _case()
    response = token_client(cx_manager).patch(
        f"/api/v1/cases/{case.pk}/", {"status": "resolved"}, format="json"
    )
    assert response.status_code == 200
    assert services.invitations_dispatch_due()["recovery_surveys"] == 1


SIZES = [pytest.param(1, id="2 answers per stage"), pytest.param(3, id="6 answers per stage")]


def _recovered(size: int):
    """Two stages of one journey, each with `size` customers won back and `size` double
    failures."""
    journey = JourneyFactory()
    for _stage in range(2):
        rule = FollowUpRuleFactory(stage=StageFactory(journey=journey))
        for score in [5, 1] * size:
            _survey, token = _sent_survey(_case(rule=rule))
            services.recovery_answer_submit(token=token, score=score, comment="")
    return journey


@pytest.mark.parametrize("size", SIZES)
def test_the_dashboard_counts_the_recovery_in_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    journey = _recovered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; the journey asked for, then it
    # and the first others for the select; from the score rollups: months, then stages and
    # rollups per stage, rollups per touchpoint and touchpoints, overall scores; recovery
    # per stage; recurring causes; invitation counts (rollups); case counts; groups (role
    # badge)
    with django_assert_num_queries(17):
        page = client.get(reverse("feedback:index"), {"journey": journey.pk})
    rows = page.context["recovery_stages"]
    assert [(r.answers, r.rate, r.double_failures) for _s, r in rows] == [
        (2 * size, 50.0, size)
    ] * 2


@pytest.mark.parametrize("size", SIZES)
def test_the_case_list_shows_the_double_failures_in_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, size
):
    _recovered(size)
    client.force_login(cx_manager)
    # session, user, user permissions, group permissions; count for the paginator; the
    # page of cases; groups (role badge); stages and owners for the filter form
    with django_assert_num_queries(9):
        page = client.get(reverse("feedback:case_list"), {"double_failure": "true"})
    assert len(page.context["page"].object_list) == 2 * size
    assert page.content.decode().count("case-double-failure") == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_the_api_lists_the_answers_in_a_fixed_number_of_queries(
    token_client, cx_manager, django_assert_num_queries, size
):
    _recovered(size)
    api = token_client(cx_manager)
    # token and its user, user permissions, group permissions (twice: permission and
    # serializer), count, page
    with django_assert_num_queries(6):
        answers = api.get("/api/v1/recovery-answers/").json()
    assert answers["count"] == 4 * size


def test_the_respondents_export_holds_the_recovery_answer(client):
    case = _double_failure(client)
    exported = selectors.respondent_export(respondent_id=case.respondent_id)["cases"][0]
    assert exported["recovery_survey"]["score"] == 1
    assert exported["recovery_survey"]["comment"] == "Rude."
    assert exported["double_failure_at"] is not None
