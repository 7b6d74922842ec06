"""A journey's workbook: every kind of item on a sheet of its own (XLSX, through core's
formula-safe writer), and the import that takes the same workbook back (core's pipeline)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from journeys import services
from journeys.models import Action, MomentOfTruth, Observation, Stage, Touchpoint
from tests.factories import UserFactory
from tests.journeys.factories import (
    ActionFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    StageFactory,
    TouchpointFactory,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _journey():
    journey = JourneyFactory(name="Car rental")
    book = StageFactory(
        journey=journey,
        name="Book online",
        place="at home",
        funnel_phase="purchase",
        customer_goal="Hold a car",
        expectations="Clear prices",
        emotion_score=-1,
    )
    pick_up = StageFactory(
        journey=journey,
        name="Pick up",
        place="airport",
        funnel_phase="service_use",
        customer_goal="",
        expectations="",
        emotion_score=None,
    )
    form = TouchpointFactory(
        stage=book, name="Booking form", volume=1200, tools="CMS", collects_personal_data=True
    )
    TouchpointFactory(
        stage=pick_up,
        name="Counter",
        channel=Touchpoint.Channel.COUNTER,
        lane=Touchpoint.Lane.BACK_STAGE,
        volume=None,
        volume_period="",
        tools="",
    )
    MomentOfTruthFactory(
        stage=book, touchpoint=form, description="Payment accepted", standard="In one go"
    )
    MomentOfTruthFactory(
        stage=pick_up,
        description="=Key handed over",
        criticality=MomentOfTruth.Criticality.LOW,
        standard="",
    )
    ObservationFactory(stage=book, description="Hidden fees", severity=3)
    ObservationFactory(
        stage=pick_up,
        side=Observation.Side.EMPLOYEE,
        kind=Observation.Kind.ENCHANTMENT,
        source=Observation.Source.INTERVIEW,
        description="Regulars thank us",
        severity=1,
    )
    ActionFactory(
        journey=journey,
        stage=pick_up,
        title="Express counter",
        description="For pre-paid bookings",
        priority=1,
        status=Action.Status.IN_PROGRESS,
        due_date=datetime.date(2027, 1, 5),
    )
    ActionFactory(journey=journey, title="Train the staff", priority=3, description="")
    return journey


def _items(journey) -> dict[str, list[tuple]]:
    """Everything the workbook carries, as plain values (no ids)."""
    return {
        "stages": list(
            Stage.objects.filter(journey=journey)
            .order_by("position")
            .values_list(
                "position",
                "code",
                "name",
                "place",
                "funnel_phase",
                "customer_goal",
                "expectations",
                "emotion_score",
            )
        ),
        "touchpoints": list(
            Touchpoint.objects.filter(stage__journey=journey)
            .order_by("stage__position", "position")
            .values_list(
                "stage__code",
                "position",
                "name",
                "channel",
                "lane",
                "volume",
                "volume_period",
                "tools",
                "collects_personal_data",
            )
        ),
        "moments": list(
            MomentOfTruth.objects.filter(stage__journey=journey)
            .order_by("stage__position", "id")
            .values_list(
                "stage__code", "touchpoint__name", "description", "criticality", "standard"
            )
        ),
        "observations": list(
            Observation.objects.filter(stage__journey=journey)
            .order_by("stage__position", "-severity", "id")
            .values_list("stage__code", "side", "kind", "description", "source", "severity")
        ),
        "actions": list(
            Action.objects.filter(journey=journey)
            .order_by("priority", "id")
            .values_list("stage__code", "title", "description", "priority", "status", "due_date")
        ),
    }


def _upload(data: bytes, name="journey.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


@pytest.mark.django_db
def test_the_workbook_holds_a_sheet_per_kind_of_item(client, viewer):
    journey = _journey()
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_export_xlsx", args=[journey.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="journey-{journey.pk}.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheets = {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }
    assert list(sheets) == ["stages", "touchpoints", "moments_of_truth", "observations", "actions"]
    assert sheets["stages"] == [
        [
            "stage_code",
            "stage_name",
            "place",
            "funnel_phase",
            "customer_goal",
            "expectations",
            "emotion_score",
        ],
        ["A", "Book online", "at home", "purchase", "Hold a car", "Clear prices", -1],
        ["B", "Pick up", "airport", "service_use", None, None, None],
    ]
    assert sheets["touchpoints"][1:] == [
        ["A", "Book online", "Booking form", "website", "front_stage", 1200, "week", "CMS", "yes"],
        ["B", "Pick up", "Counter", "counter", "back_stage", None, None, None, "no"],
    ]
    assert sheets["moments_of_truth"] == [
        ["stage_code", "touchpoint_name", "description", "criticality", "standard"],
        ["A", "Booking form", "Payment accepted", "high", "In one go"],
        # A text a spreadsheet would run as a formula is written behind a quote.
        ["B", None, "'=Key handed over", "low", None],
    ]
    assert sheets["observations"][1:] == [
        ["A", "customer", "irritant", "Hidden fees", "survey", 3],
        ["B", "employee", "enchantment", "Regulars thank us", "interview", 1],
    ]
    assert sheets["actions"] == [
        ["stage_code", "title", "description", "priority", "status", "due_date"],
        ["B", "Express counter", "For pre-paid bookings", 1, "in_progress", "2027-01-05"],
        [None, "Train the staff", None, 3, "todo", None],
    ]


@pytest.mark.django_db
def test_an_exported_workbook_imports_into_a_new_journey_as_the_same_items(client, cx_manager):
    journey = _journey()
    copy = JourneyFactory(name="Car rental (imported)")
    client.force_login(cx_manager)
    exported = b"".join(
        client.get(reverse("journeys:journey_export_xlsx", args=[journey.pk])).streaming_content
    )
    url = reverse("journeys:journey_import_csv", args=[copy.pk])

    preview = client.post(url, {"file": _upload(exported)})

    assert preview.status_code == 200
    assert (
        "Every row is valid: 2 stages, 2 touchpoints, 2 moments of truth, 2 observations "
        "and 2 actions will be added." in preview.content.decode()
    )
    assert not copy.stages.exists()  # the preview saves nothing

    saved = client.post(url, {"content": preview.context["confirm_form"]["content"].value()})

    assert saved.status_code == 302
    assert _items(copy) == _items(journey)
    assert _items(copy)["moments"][1][2] == "=Key handed over"


@pytest.mark.django_db
def test_a_workbook_row_in_error_names_its_sheet_and_nothing_is_saved(cx_manager):
    journey = JourneyFactory()
    sheets = {
        "stages": "stage_code,stage_name\nA,Book\n",
        "observations": (
            "stage_code,side,kind,description,severity\n"
            "A,customer,irritant,Hidden fees,2\n"
            "Z,customer,irritant,Lost,2\n"
            "A,customer,grumble,Odd,x\n"
        ),
        "actions": "stage_code,title,due_date\n,Train the staff,5/1/2027\n",
    }

    result = services.journey_import_workbook(journey=journey, sheets=sheets)

    assert [(row.sheet, row.line, row.errors) for row in result.rows if row.errors] == [
        ("observations", 3, ["“stage_code”: the journey has no stage “Z”."]),
        ("observations", 4, ["“severity”: “x” is not a whole number."]),
        ("actions", 2, ["“due_date”: “5/1/2027” is not a date (YYYY-MM-DD)."]),
    ]
    assert not result.is_valid
    assert not Stage.objects.exists()
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_a_refused_choice_names_its_column():
    journey = JourneyFactory()
    StageFactory(journey=journey, code="A")
    sheets = {"observations": "stage_code,side,kind,description\nA,customer,grumble,Odd\n"}

    result = services.journey_import_workbook(journey=journey, sheets=sheets)

    assert len(result.rows[0].errors) == 1
    assert result.rows[0].errors[0].startswith("“kind”: ")


@pytest.mark.django_db
def test_a_missing_column_is_a_file_error_of_its_sheet():
    journey = JourneyFactory()

    result = services.journey_import_workbook(
        journey=journey, sheets={"actions": "stage_code,description\nA,x\n"}
    )

    assert result.file_errors == ["actions: Missing columns: title."]


@pytest.mark.django_db
def test_a_workbook_without_the_exports_sheets_is_read_as_the_csv_import(client, cx_manager):
    journey = JourneyFactory()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Parcours"
    sheet.append(["stage_code", "stage_name", "touchpoint_name", "channel"])
    sheet.append(["A", "Book", "Website", "website"])
    output = io.BytesIO()
    workbook.save(output)
    client.force_login(cx_manager)

    preview = client.post(
        reverse("journeys:journey_import_csv", args=[journey.pk]),
        {"file": _upload(output.getvalue())},
    )

    assert "1 stage and 1 touchpoint will be added" in preview.content.decode()


@pytest.mark.django_db
def test_the_import_page_explains_the_workbook_in_french(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    page = client.get(
        reverse("journeys:journey_import_csv", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert "Importer dans le parcours" in page
    assert "Feuille «\u00a0moments_of_truth\u00a0»\u202f:" in page


@pytest.mark.django_db
def test_a_user_without_role_cannot_export_the_workbook(client):
    journey = JourneyFactory()
    client.force_login(UserFactory(username="norole"))

    response = client.get(reverse("journeys:journey_export_xlsx", args=[journey.pk]))

    assert response.status_code == 403
