"""Complaints from every channel (issue 16, item 5): one short form, with or without a known
customer, the channel recorded in the one vocabulary the verbatims share, the case list and
the API filtered by channel, and the owner told."""

import pytest
from django.urls import reverse

from core.models import Notification
from feedback import services
from feedback.forms import ComplaintForm
from feedback.models import Case, Channel, Verbatim
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import RespondentFactory, sent_invitation

pytestmark = pytest.mark.django_db

CREATE = "/feedback/cases/new/"


def test_the_complaint_form_requires_four_fields_at_most():
    form = ComplaintForm(may_read_respondents=True)

    required = [name for name, field in form.fields.items() if field.required]

    assert required == ["channel", "stage", "title", "severity"]


def test_a_complaint_offers_every_channel_but_the_survey():
    channels = [value for value, _label in ComplaintForm().fields["channel"].choices]

    assert channels == [
        "phone",
        "letter",
        "email",
        "social_media",
        "review_site",
        "in_person",
        "other",
    ]


def test_a_phone_complaint_without_a_known_customer_is_opened_with_its_contact(client, cx_manager):
    stage = StageFactory(code="G", name="Take the car")
    client.force_login(cx_manager)

    response = client.post(
        CREATE,
        {"channel": "phone", "stage": stage.pk, "title": "Child seat missing",
         "severity": "3", "description": "Le siège enfant manquait.",
         "contact_name": "M. Durand", "contact_phone": "+33 6 00 00 00 00", "language": "fr"},
    )  # fmt: skip

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.channel, case.title, case.severity, case.respondent, case.language) == (
        "phone",
        "Child seat missing",
        3,
        None,
        "fr",
    )
    assert (case.contact_name, case.contact_phone, case.contact_email) == (
        "M. Durand",
        "+33 6 00 00 00 00",
        "",
    )
    verbatim = Verbatim.objects.get(case=case)
    assert (verbatim.channel, verbatim.text, verbatim.language) == (
        "phone",
        "Le siège enfant manquait.",
        "fr",
    )


def test_a_complaint_in_error_says_what_is_missing_and_keeps_everything_typed(client, cx_manager):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.post(
        CREATE,
        {"stage": stage.pk, "title": "", "severity": "2", "description": "Rude agent.",
         "contact_name": "Jo", "contact_email": "not an address", "harm_amount": "40"},
    )  # fmt: skip

    page = response.content.decode()
    form = response.context["form"]
    assert response.status_code == 400
    assert form.errors == {
        "channel": ["This field is required."],
        "title": ["This field is required."],
        "contact_email": ["Enter a valid email address."],
    }
    assert "Nothing was saved: correct what is marked below." in page
    # What was typed is still there, in sections left open.
    assert "Rude agent.</textarea>" in page
    assert 'value="Jo"' in page
    assert 'value="not an address"' in page
    assert 'value="40"' in page
    assert page.count('<details class="complaint-section" open>') == 2
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "found"),
    [("CUST-ALPHA", "CUST-ALPHA"), ("jo@", "CUST-JO"), ("cust-alpha@example.com", "CUST-ALPHA")],
)
def test_a_known_customer_is_found_by_the_beginning_of_their_email_or_reference(
    client, cx_manager, typed, found
):
    RespondentFactory(external_ref="CUST-ALPHA", language="fr")
    RespondentFactory(external_ref="CUST-ALPHABET")
    RespondentFactory(external_ref="CUST-JO", email="jo@example.com")
    client.force_login(cx_manager)

    client.post(
        CREATE,
        {"channel": "email", "stage": StageFactory().pk, "title": "Invoice wrong",
         "severity": "2", "customer": typed},
    )  # fmt: skip

    case = Case.objects.get()
    assert case.respondent.external_ref == found
    assert case.language == case.respondent.language


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("CUST-AL", "Several customers match: type more of their e-mail address or reference."),
        ("nobody", "No customer has an e-mail address or reference beginning with this."),
    ],
)
def test_an_ambiguous_or_unknown_customer_is_said_so(client, cx_manager, typed, error):
    RespondentFactory(external_ref="CUST-ALPHA")
    RespondentFactory(external_ref="CUST-ALPHABET")
    client.force_login(cx_manager)

    response = client.post(
        CREATE,
        {"channel": "email", "stage": StageFactory().pk, "title": "x", "severity": "2",
         "customer": typed},
    )  # fmt: skip

    assert response.context["form"].errors == {"customer": [error]}
    assert Case.objects.count() == 0


def test_the_customer_lookup_lists_matches_for_the_cx_manager_only(client, cx_manager, viewer):
    RespondentFactory(external_ref="CUST-ALPHA", email="alpha@example.com")
    RespondentFactory(external_ref="OTHER-1")
    url = reverse("feedback:case_customer_lookup")
    client.force_login(cx_manager)

    page = client.get(url, {"customer": "cust"}).content.decode()
    client.force_login(viewer)
    refused = client.get(url, {"customer": "cust"})

    assert "<strong>CUST-ALPHA</strong> · alpha@example.com · English" in page
    assert "OTHER-1" not in page
    assert refused.status_code == 403


def test_a_form_for_a_role_that_does_not_read_respondents_has_no_customer_lookup():
    assert "customer" not in ComplaintForm(may_read_respondents=False).fields


def test_a_case_opened_by_a_survey_answer_keeps_the_survey_channel():
    _invitation, token = sent_invitation(language="fr")
    services.response_submit(token=token, answers={"nps": 2})

    case = Case.objects.get()

    assert (case.channel, case.language) == ("survey", "fr")


def test_the_case_list_filters_by_channel_on_the_page_and_the_api(client, token_client, cx_manager):
    stage = StageFactory()
    by_channel = {
        channel: services.case_create(stage=stage, title=f"By {channel}", channel=channel)
        for channel in ("phone", "letter", "social_media")
    }
    client.force_login(cx_manager)

    page = client.get("/feedback/cases/", {"channel": "phone"})
    api = token_client(cx_manager).get("/api/v1/cases/", {"channel": "social_media"}).json()

    assert [case.pk for case in page.context["page"].object_list] == [by_channel["phone"].pk]
    assert "<td>phone call</td>" in page.content.decode()
    assert [row["id"] for row in api["results"]] == [by_channel["social_media"].pk]
    assert api["results"][0]["channel"] == "social_media"


def test_the_verbatims_and_the_cases_share_one_channel_vocabulary(client, cx_manager):
    services.case_create(stage=StageFactory(), title="Posted on a forum", channel="review_site")
    client.force_login(cx_manager)

    verbatims = client.get("/feedback/verbatims/", {"channel": "review_site"})
    cases = client.get("/feedback/cases/")

    assert [v.text for v in verbatims.context["page"].object_list] == ["Posted on a forum"]
    assert (
        list(verbatims.context["filter_form"].fields["channel"].choices)[1:]
        == list(cases.context["filter_form"].fields["channel"].choices)[1:]
    )
    assert Channel.REVIEW_SITE.label == "review site"


def test_a_case_opened_by_hand_and_assigned_tells_its_owner(client, cx_manager):
    agent = UserFactory(username="agent")
    client.force_login(cx_manager)

    client.post(
        CREATE,
        {"channel": "letter", "stage": StageFactory().pk, "title": "Letter", "severity": "2",
         "owner": agent.pk},
    )  # fmt: skip

    case = Case.objects.get()
    told = Notification.objects.get()
    assert (told.kind, told.recipient, told.url) == (
        "case.assigned",
        agent,
        f"/feedback/cases/{case.pk}/",
    )


def test_a_case_the_cx_manager_opens_for_themselves_tells_nobody(client, cx_manager):
    client.force_login(cx_manager)

    client.post(
        CREATE,
        {"channel": "in_person", "stage": StageFactory(journey=JourneyFactory(owner=cx_manager)).pk,
         "title": "At the counter", "severity": "2"},
    )  # fmt: skip

    assert Case.objects.get().owner == cx_manager
    assert Notification.objects.count() == 0


def test_the_api_opens_a_complaint_from_a_channel_with_a_known_customer(token_client, cx_manager):
    respondent = RespondentFactory(external_ref="CUST-42", language="fr")
    stage = StageFactory()

    response = token_client(cx_manager).post(
        "/api/v1/cases/",
        {"stage": stage.pk, "title": "Tweet: car dirty", "channel": "social_media",
         "customer": "CUST-42", "description": "Voiture sale."},
        format="json",
    )  # fmt: skip

    body = response.json()
    assert response.status_code == 201, body
    assert (body["channel"], body["language"], body["description"]) == (
        "social_media",
        "fr",
        "Voiture sale.",
    )
    assert Case.objects.get().respondent == respondent
    assert "customer" not in body


def test_the_api_refuses_an_unknown_customer_and_a_survey_channel(token_client, cx_manager):
    stage = StageFactory()
    client = token_client(cx_manager)

    unknown = client.post(
        "/api/v1/cases/", {"stage": stage.pk, "title": "x", "customer": "nobody"}, format="json"
    )
    survey = client.post(
        "/api/v1/cases/", {"stage": stage.pk, "title": "x", "channel": "survey"}, format="json"
    )

    assert unknown.json() == {
        "customer": ["No customer has an e-mail address or reference beginning with this."]
    }
    assert survey.status_code == 400
    assert list(survey.json()) == ["channel"]
    assert Case.objects.count() == 0


@pytest.mark.parametrize("who", ["interviewer", "viewer"])
def test_contact_details_stay_with_the_roles_that_read_respondents(
    who, client, token_client, user_with_role
):
    case = services.case_create(
        stage=StageFactory(),
        title="Phoned",
        channel="phone",
        description="Shouted at gate 4",
        contact_name="M. Durand",
        contact_email="durand@example.com",
        contact_phone="+33 6 00 00 00 00",
    )
    user = user_with_role(who)
    client.force_login(user)

    page = client.get(f"/feedback/cases/{case.pk}/").content.decode()
    api = token_client(user).get(f"/api/v1/cases/{case.pk}/").json()

    for text in ("M. Durand", "durand@example.com", "+33 6 00 00 00 00", "Shouted at gate 4"):
        assert text not in page
        assert text not in str(api)
    assert "phone call" in page
    assert api["channel"] == "phone"


def test_a_complaint_taken_in_french_is_answered_in_french_unless_told(client, cx_manager):
    client.force_login(cx_manager)
    stage = StageFactory()

    client.post(
        CREATE,
        {"channel": "phone", "stage": stage.pk, "title": "Appel", "severity": "2"},
        headers={"accept-language": "fr"},
    )
    client.post(
        CREATE,
        {"channel": "phone", "stage": stage.pk, "title": "Call", "severity": "2",
         "language": "en"},
        headers={"accept-language": "fr"},
    )  # fmt: skip

    assert list(Case.objects.order_by("id").values_list("language", flat=True)) == ["fr", "en"]
