"""The register pages: what each role sees and does, the review in the browser, forms that
keep their input on errors, and the exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from gdpr import services
from gdpr.models import DataItem, DPIAScreening, ProcessingActivity, Requirement, ReviewStatus
from tests.journeys.factories import StageFactory

from .factories import DataItemFactory, ProcessingActivityFactory, ProcessorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return DataItemFactory(name="IP address", review_status=ReviewStatus.IN_REVIEW)


@pytest.mark.parametrize("role", ["cx_manager", "interviewer", "dpo", "viewer"])
def test_every_role_reads_the_register(client, user_with_role, role, item):
    client.force_login(user_with_role(role))
    for url in (
        "/register/",
        f"/register/journeys/{item.stage.journey_id}/",
        "/register/items/",
        f"/register/items/{item.pk}/",
        "/register/activities/",
        f"/register/activities/{item.activity_id}/",
        "/register/checklist/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "IP address" in client.get(f"/register/journeys/{item.stage.journey_id}/").text


def test_a_user_without_role_is_refused(client, user_with_role, item):
    client.force_login(user_with_role(None))
    assert client.get("/register/").status_code == 403
    assert client.get(f"/register/journeys/{item.stage.journey_id}/").status_code == 403


@pytest.mark.parametrize("role", ["cx_manager", "interviewer", "viewer"])
def test_only_the_dpo_reviews(client, user_with_role, role, item):
    client.force_login(user_with_role(role))
    response = client.post(f"/register/items/{item.pk}/review/", {"decision": "approved"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.IN_REVIEW


@pytest.mark.parametrize("role", ["interviewer", "viewer"])
def test_readers_cannot_write(client, user_with_role, role, item):
    client.force_login(user_with_role(role))
    assert client.post(f"/register/items/{item.pk}/edit/", {"name": "x"}).status_code == 403
    assert client.post(f"/register/items/{item.pk}/delete/").status_code == 403
    assert client.get("/register/activities/new/").status_code == 403
    assert DataItem.objects.get().name == "IP address"


def test_the_dpo_approves_from_the_register_and_sends_back_with_a_comment(client, dpo, item):
    other = DataItemFactory(stage=item.stage, name="login", review_status="in_review")
    client.force_login(dpo)
    page = client.get(f"/register/journeys/{item.stage.journey_id}/").text
    assert page.count('name="decision" value="approved"') == 2

    response = client.post(
        f"/register/items/{item.pk}/review/", {"decision": "approved", "next": "register"}
    )
    assert response.status_code == 302
    assert response.url == f"/register/journeys/{item.stage.journey_id}/"

    missing = client.post(f"/register/items/{other.pk}/review/", {"decision": "changes_requested"})
    assert missing.status_code == 400
    assert "Say what has to change." in missing.text
    client.post(
        f"/register/items/{other.pk}/review/",
        {"decision": "changes_requested", "comment": "Which login: e-mail or account?"},
    )
    item.refresh_from_db()
    other.refresh_from_db()
    assert (item.review_status, item.reviewed_by) == ("approved", dpo)
    assert (other.review_status, other.review_comment) == (
        "changes_requested",
        "Which login: e-mail or account?",
    )
    detail = client.get(f"/register/items/{other.pk}/").text
    assert "Which login: e-mail or account?" in detail
    assert "changes requested" in detail


def test_the_cx_manager_creates_an_item_from_a_register_cell(client, cx_manager):
    stage = StageFactory()
    activity = ProcessingActivityFactory()
    client.force_login(cx_manager)
    url = f"/register/items/new/?stage={stage.pk}&category=behavioural"
    form = client.get(url)
    assert form.context["form"].initial["category"] == "behavioural"
    response = client.post(
        url, {"name": "visit duration", "category": "behavioural", "activity": activity.pk}
    )
    assert response.status_code == 302
    item = DataItem.objects.get()
    assert (item.stage, item.name, item.review_status) == (stage, "visit duration", "draft")
    assert item.history.get().history_user == cx_manager


def test_a_duplicate_item_is_refused_with_the_input_kept(client, cx_manager, item):
    client.force_login(cx_manager)
    response = client.post(
        f"/register/items/new/?stage={item.stage_id}",
        {"name": "IP address", "category": "personal", "source": "Typed source"},
    )
    assert response.status_code == 400
    assert "already lists this data" in response.text
    assert "Typed source" in response.text
    assert DataItem.objects.count() == 1


def test_editing_an_approved_item_sends_it_back_and_shows_the_diff(client, cx_manager):
    item = DataItemFactory(name="IP address", review_status="approved", source="Logs")
    client.force_login(cx_manager)
    response = client.post(
        f"/register/items/{item.pk}/edit/",
        {"name": "IP address", "category": "personal", "source": "Web server logs"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.review_status == "in_review"
    detail = client.get(f"/register/items/{item.pk}/").text
    assert "<del>Logs</del>" in detail
    assert "<ins>Web server logs</ins>" in detail
    history = client.get(f"/register/items/{item.pk}/history.csv")
    rows = history.content.decode().splitlines()
    assert rows[0] == "Date,User,Change,Reason,Field,Before,After"
    assert any(row.endswith("Source,Logs,Web server logs") for row in rows)


def test_the_history_csv_neutralises_a_formula_and_shows_names(client, cx_manager, item):
    """A name changed to a formula arrives behind a quote; a changed activity reads as the
    activities' names, a formula among them behind a quote too."""
    ProcessingActivity.objects.filter(pk=item.activity_id).update(name="Bookings")
    item.refresh_from_db()
    other = ProcessingActivityFactory(name="=Loyalty")
    services.data_item_update(
        data_item=item, data={"name": "=1+1", "activity": other}, user=cx_manager
    )
    client.force_login(cx_manager)

    response = client.get(f"/register/items/{item.pk}/history.csv")

    rows = {row[4]: row[5:] for row in csv.reader(response.content.decode().splitlines()[1:])}
    assert rows["Name"] == ["IP address", "'=1+1"]
    assert rows["Processing activity"] == ["Bookings", "'=Loyalty"]


def test_deleting_asks_for_confirmation(client, cx_manager, item):
    client.force_login(cx_manager)
    assert "Delete “IP address”?" in client.get(f"/register/items/{item.pk}/delete/").text
    assert DataItem.objects.exists()
    client.post(f"/register/items/{item.pk}/delete/")
    assert not DataItem.objects.exists()


def test_the_dpo_runs_a_dpia_screening(client, dpo):
    activity = ProcessingActivityFactory()
    client.force_login(dpo)
    assert client.get(f"/register/activities/{activity.pk}/screening/").status_code == 200
    response = client.post(
        f"/register/activities/{activity.pk}/screening/",
        {
            "evaluation_scoring": "on",
            "evaluation_scoring_notes": "Profiling for ads",
            "large_scale": "on",
            "dpia_status": "not_required",
        },
    )
    assert response.status_code == 302
    screening = DPIAScreening.objects.get(activity=activity)
    assert (screening.criteria_met, screening.dpia_required, screening.dpia_status) == (
        2,
        True,
        "to_do",
    )
    assert "A DPIA is required." in client.get(f"/register/activities/{activity.pk}/").text


def test_the_activity_page_lists_processors_and_flags_a_missing_agreement(client, viewer):
    processor = ProcessorFactory(agreement_signed_on=None)
    client.force_login(viewer)
    page = client.get(f"/register/activities/{processor.activity_id}/").text
    assert processor.stakeholder.name in page
    assert "no agreement" in page
    dashboard = client.get("/register/").text
    assert "Processors without a data processing agreement" in dashboard


def test_the_checklist_is_edited_by_the_dpo(client, dpo):
    requirement = Requirement.objects.get(key="appoint_dpo")
    client.force_login(dpo)
    response = client.post(
        "/register/checklist/",
        {
            "requirement": requirement.pk,
            f"{requirement.pk}-status": "done",
            f"{requirement.pk}-owner": dpo.pk,
            f"{requirement.pk}-evidence": "Appointment letter",
        },
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert (requirement.status, requirement.owner, requirement.evidence) == (
        "done",
        dpo,
        "Appointment letter",
    )
    assert "1 of 7 done." in client.get("/register/").text


def test_a_viewer_cannot_edit_the_checklist(client, viewer):
    requirement = Requirement.objects.get(key="appoint_dpo")
    client.force_login(viewer)
    assert client.post("/register/checklist/", {"requirement": requirement.pk}).status_code == 403


def test_the_register_filters_by_status_and_category(client, dpo, item):
    DataItemFactory(stage=item.stage, name="visit duration", category="behavioural")
    client.force_login(dpo)
    url = f"/register/journeys/{item.stage.journey_id}/"
    register = client.get(url, {"category": "behavioural"}).context["register"]
    assert register.item_count == 1
    register = client.get(url, {"review_status": "in_review"}).context["register"]
    assert [i.name for row in register.rows for c in row.cells for i in c.items] == ["IP address"]


def test_the_xlsx_export_opens_and_reads_in_french(client, dpo):
    activity = ProcessingActivityFactory(name="Contrats de location", legal_basis="contract")
    DataItemFactory(activity=activity, name="Adresse électronique", review_status="approved")
    client.force_login(dpo)
    response = client.get("/register/export/", {"format": "xlsx", "language": "fr"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="article30-fr-')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Registre des activités de traitement (RGPD, article 30)"
    # Singular where the count is one (ngettext), a narrow no-break space before the colon.
    assert (
        rows[2][0] == "Approuvé par le DPO\u202f: 0 sur 1 activité de traitement, 1 sur 1 donnée."
    )
    header = rows[4]
    assert header[:3] == ("Activité de traitement", "Finalités", "Base légale")
    [row] = rows[5:]
    assert row[0] == "Contrats de location"
    assert row[2] == "contrat"
    assert row[7] == "Adresse électronique"
    assert (row[15], row[18]) == ("non évaluée", "approuvé")


def test_the_pdf_export_is_a_pdf(client, dpo):
    DataItemFactory(name="Adresse électronique")
    client.force_login(dpo)
    response = client.get("/register/export/", {"format": "pdf", "language": "fr"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    # The text is written with the embedded DejaVu Sans, its glyph ids not readable as text.
    assert b"DejaVu" in response.content


def test_the_csv_export_streams_the_rows(client, viewer):
    DataItemFactory(name="IP address")
    client.force_login(viewer)
    response = client.get("/register/export/", {"format": "csv", "language": "en"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Record of processing activities (GDPR Article 30)"
    assert lines[4].startswith("Processing activity,Purposes,Legal basis")
    assert len(lines) == 6
    assert "IP address" in lines[5]


FORMULA = '=HYPERLINK("http://evil.example","Click")'


def test_the_article30_exports_neutralise_a_formula(client, viewer):
    """A text cell starting with = is written behind a quote; text that is not a formula
    (digits, a date) is written as it is. The record has no numeric column."""
    activity = ProcessingActivityFactory(name=FORMULA, retention="36")
    DataItemFactory(activity=activity, name="+33 1 23 45 67 89", source="2025")
    client.force_login(viewer)

    response = client.get("/register/export/", {"format": "csv", "language": "en"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    [row] = csv.reader(lines[5:])
    assert (row[0], row[7], row[9], row[10]) == (
        f"'{FORMULA}",
        "'+33 1 23 45 67 89",
        "2025",
        "36 (inherited from the activity)",
    )

    response = client.get("/register/export/", {"format": "xlsx", "language": "en"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    [row] = sheet.iter_rows(min_row=6)
    assert (row[0].value, row[7].value, row[9].value) == (
        f"'{FORMULA}",
        "'+33 1 23 45 67 89",
        "2025",
    )
    assert {cell.data_type for line in sheet.iter_rows() for cell in line if cell.value} == {"s"}


def test_an_unknown_export_format_is_a_400(client, dpo):
    client.force_login(dpo)
    assert client.get("/register/export/", {"format": "doc", "language": "en"}).status_code == 400


def test_an_activity_needing_a_dpia_is_on_the_dashboard(client, dpo):
    activity = ProcessingActivityFactory(name="Targeted advertising")
    DPIAScreening.objects.create(activity=activity, criteria_met=3, dpia_required=True)
    client.force_login(dpo)
    dashboard = client.get("/register/").context["dashboard"]
    assert [a.name for a in dashboard.dpia_missing] == ["Targeted advertising"]
    assert ProcessingActivity.objects.count() == 1


def test_the_overdue_list_shows_approved_items_past_their_review_date(client, dpo):
    DataItemFactory(name="IP address", review_status="approved", review_due_on="2000-01-01")
    DataItemFactory(name="login", review_status="approved", review_due_on="2999-01-01")
    DataItemFactory(name="draft", review_status="draft", review_due_on="2000-01-01")
    client.force_login(dpo)
    page = client.get("/register/items/", {"overdue": "true"}).context["page"]
    assert [item.name for item in page.object_list] == ["IP address"]
    assert "All data items overdue for review" in client.get("/register/").text


def test_an_htmx_approval_from_the_register_swaps_only_the_item(client, dpo, item):
    client.force_login(dpo)
    response = client.post(
        f"/register/items/{item.pk}/review/",
        {"decision": "approved", "next": "register"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.startswith('<div class="register-item">')
    assert "approved" in response.text
    assert 'name="decision"' not in response.text
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.APPROVED


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "en",
            "1 criterion met: a DPIA is not required in principle.",
            "2 criteria met: a DPIA is required.",
        ),
        (
            "fr",
            "1 critère rempli\u202f: une AIPD n'est en principe pas requise.",
            "2 critères remplis\u202f: une AIPD est requise.",
        ),
    ],
)
def test_the_screening_counts_criteria_in_the_languages_plural(client, dpo, language, one, two):
    activity = ProcessingActivityFactory()
    client.force_login(dpo)
    url = f"/register/activities/{activity.pk}/screening/"
    headers = {"accept-language": language}

    form = client.get(url, headers=headers).text
    response = client.post(
        url,
        {"evaluation_scoring": "on", "dpia_status": "not_required"},
        headers=headers,
        follow=True,
    )
    client.post(
        url,
        {"evaluation_scoring": "on", "large_scale": "on", "dpia_status": "not_required"},
        headers=headers,
    )
    page = client.get(f"/register/activities/{activity.pk}/", headers=headers).text

    assert one in [str(message) for message in response.context["messages"]]
    assert '<script id="criteria-messages" type="application/json">' in form
    assert two in page
