from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.models import Notification, User
from feedback.forms import FollowUpRuleForm
from feedback.models import (
    Case,
    FollowUpRule,
    Invitation,
    RecoverySurvey,
    Respondent,
    Response,
    ServiceEvent,
    SurveyTemplate,
)
from tests.journeys.factories import JourneyFactory, StageFactory


@pytest.mark.django_db
def test_the_demo_loads_six_months_of_feedback_once():
    call_command("load_demo", "--allow-production", stdout=StringIO())
    counts = (
        ServiceEvent.objects.count(),
        Invitation.objects.count(),
        Response.objects.count(),
        Case.objects.count(),
    )

    call_command("load_demo", "--allow-production", stdout=StringIO())

    assert counts[0] == 300
    assert set(FollowUpRule.objects.values_list("stage__code", flat=True)) == {"D", "H"}
    assert counts[2] > 100
    assert Case.objects.filter(status__in=["open", "in_progress"]).exists()
    assert Case.objects.filter(status="closed").exists()
    assert Invitation.objects.filter(status="suppressed", suppression_reason="fatigue").exists()
    assert (
        ServiceEvent.objects.count(),
        Invitation.objects.count(),
        Response.objects.count(),
        Case.objects.count(),
    ) == counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/feedback/",
        "/feedback/cases/",
        "/feedback/cases/?overdue=true",
        "/feedback/invitations/?status=answered",
        "/feedback/sent-emails/",
        "/feedback/rules/",
        "/feedback/templates/",
    ],
)
def test_the_feedback_pages_show_the_demo_data(client, path):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    client.force_login(User.objects.get(username="claire"))

    response = client.get(path)

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_demo_case_page_shows_its_response_and_guideline(client):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    case = Case.objects.filter(status="closed", harm_amount__isnull=False).order_by("id").first()
    client.force_login(User.objects.get(username="claire"))

    page = client.get(f"/feedback/cases/{case.pk}/").content.decode()

    assert f"NPS</dt><dd>{case.response.nps} / 10" in page
    assert "Customer called back; apology made." in page


@pytest.mark.django_db
def test_the_demo_scores_touchpoints_and_shows_recurring_causes(client):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    client.force_login(User.objects.get(username="claire"))

    response = client.get("/feedback/")

    assert {row.touchpoint.stage.code for row in response.context["touchpoints"]} == {"D", "H"}
    assert response.context["recurring"]
    assert "Create an improvement action" in response.content.decode()


@pytest.mark.django_db
def test_the_demo_loads_again_over_respondents_changed_since_the_last_load():
    call_command("load_demo", "--allow-production", stdout=StringIO())
    # The demo's template renamed, and a demo customer's address changed since.
    SurveyTemplate.objects.update(name="Renamed")
    Respondent.objects.filter(external_ref="DEMO-0001").update(email="new@example.com")
    respondents = Respondent.objects.count()

    call_command("load_demo", "--allow-production", stdout=StringIO())

    assert Respondent.objects.count() == respondents == 220
    assert Respondent.objects.get(external_ref="DEMO-0001").email == "new@example.com"
    assert list(SurveyTemplate.objects.values_list("name", flat=True)) == ["Renamed"]
    assert ServiceEvent.objects.count() == 300


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_demo_date_is_in_the_past(language):
    """An answer dated tomorrow would make this month's NPS that of one answer."""
    call_command("load_demo", "--allow-production", "--language", language, stdout=StringIO())
    now = timezone.now()

    assert ServiceEvent.objects.filter(occurred_at__gt=now).count() == 0
    assert Invitation.objects.filter(sent_at__gt=now).count() == 0
    assert Invitation.objects.filter(answered_at__gt=now).count() == 0
    assert Response.objects.filter(submitted_at__gt=now).count() == 0
    assert Case.objects.filter(recontacted_at__gt=now).count() == 0
    assert Case.objects.filter(created_at__gt=now).count() == 0
    assert Case.objects.exclude(created_at=F("response__submitted_at")).count() == 0


@pytest.mark.django_db
def test_the_follow_up_rule_form_names_each_stage_s_journey():
    stage = StageFactory(journey=JourneyFactory(name="Car rental"), code="H", name="Car return")

    choices = dict(FollowUpRuleForm().fields["stage"].choices)

    assert choices[stage.pk] == "Car rental — H. Car return"


@pytest.mark.django_db
def test_the_demo_has_unread_notifications_for_each_role_with_kinds_and_an_escalated_case():
    call_command("load_demo", "--allow-production", stdout=StringIO())

    unread = Notification.objects.filter(read_at__isnull=True)
    kinds = {
        username: set(unread.filter(recipient__username=username).values_list("kind", flat=True))
        for username in ("claire", "ines", "david")
    }
    assert {"case.escalated", "case.overdue", "interview.submitted", "sla.breached"} <= kinds[
        "claire"
    ]
    assert kinds["ines"] == {"comment.mention", "interview.validated"}
    assert kinds["david"] == {"register.entry_due_for_review"}
    assert Case.objects.filter(escalation_level=Case.Escalation.CX_MANAGERS).count() == 1


@pytest.mark.django_db
def test_the_demo_has_complaints_from_the_phone_and_social_media_a_reply_and_a_warning(client):
    call_command("load_demo", "--allow-production", stdout=StringIO())

    phoned = Case.objects.get(channel="phone")
    posted = Case.objects.get(channel="social_media")
    client.force_login(User.objects.get(username="claire"))
    page = client.get(f"/feedback/cases/{phoned.pk}/").content.decode()

    assert (phoned.respondent, posted.respondent) == (None, None)
    assert phoned.compensation_warning() == (
        "The offer of 30.00 is below the guideline of 51.00 to 57.00 (85 to 95 % of the harm)."
    )
    assert "<strong>Warning:</strong> The offer of 30.00 is below the guideline." in page
    assert list(posted.replies.values_list("status", flat=True)) == ["sent"]
    assert Case.objects.exclude(channel="survey").count() == 2


@pytest.mark.django_db
def test_the_demo_has_a_customer_won_back_and_a_double_failure(client):
    call_command("load_demo", "--allow-production", stdout=StringIO())

    answers = RecoverySurvey.objects.order_by("score")
    assert [(a.score, a.case.status, a.case.double_failure_at is not None) for a in answers] == [
        (1, Case.Status.OPEN, True),
        (5, Case.Status.RESOLVED, False),
    ]
    assert (
        Notification.objects.filter(
            kind="case.recovery_answered", recipient__username="claire", read_at__isnull=True
        ).count()
        == 2
    )
    client.force_login(User.objects.get(username="claire"))
    page = client.get(reverse("feedback:case_list"), {"double_failure": "true"})
    assert len(page.context["page"].object_list) == 1


@pytest.mark.django_db
def test_the_french_demo_words_the_organisation_s_texts_in_french_and_keeps_both_customers():
    """The rules, the template and the case notes are the organisation's: in French. The
    customers answer in their own language, French or English, as in the English demo."""
    call_command("load_demo", "--allow-production", "--language", "fr", stdout=StringIO())

    assert sorted(FollowUpRule.objects.values_list("stage__code", "name")) == [
        ("D", "Enquête après la réservation"),
        ("H", "Enquête après le retour de la voiture"),
    ]
    template = SurveyTemplate.objects.get()
    assert (template.name, template.thank_you_fr) == (
        "Après la location",
        "Merci\u202f! Notre équipe location lit chaque réponse.",
    )
    closed = Case.objects.filter(status="closed").order_by("pk").first()
    assert (closed.procedural_justice, closed.interactional_justice) == (
        "Client rappelé sous 24 heures.",
        "Excuses présentées\u202f; le client a remercié l’agent.",
    )
    assert closed.title.startswith(f"{closed.stage.code}. {closed.stage.name} — NPS ")
    assert closed.stage.name in ("Réserver et payer", "Rendre la voiture")
    assert list(closed.log_entries.values_list("text", flat=True)) == [
        "Client rappelé\u202f; excuses présentées."
    ]
    assert set(Response.objects.values_list("language", flat=True)) == {"en", "fr"}
    assert Response.objects.filter(comment="Quick return, friendly agent.").exists()
    assert Response.objects.filter(comment="Voiture propre et récente.").exists()
