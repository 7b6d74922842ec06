"""The map as CSV, and the import of stages and touchpoints from CSV."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from journeys import services
from journeys.models import Stage, Touchpoint

from .factories import (
    ActionFactory,
    JourneyFactory,
    StageFactory,
    TouchpointFactory,
    journey_with_map,
)

HEADER = (
    "stage_code,stage_name,place,funnel_phase,customer_goal,expectations,emotion_score,"
    "touchpoint_name,channel,lane,volume,volume_period,tools,collects_personal_data"
)


@pytest.mark.django_db
def test_the_map_exports_one_row_per_touchpoint(client, viewer):
    journey = JourneyFactory()
    book = StageFactory(
        journey=journey,
        code="A",
        name="Book",
        place="at home",
        funnel_phase="purchase",
        customer_goal="Get a car",
        expectations="Clear prices, no surprise",
        emotion_score=1,
    )
    StageFactory(
        journey=journey,
        code="B",
        name="Wait",
        place="",
        funnel_phase="",
        customer_goal="",
        expectations="",
        emotion_score=None,
    )
    TouchpointFactory(
        stage=book,
        name="Website",
        channel="website",
        volume=1200,
        tools="CMS",
        collects_personal_data=True,
    )
    TouchpointFactory(
        stage=book,
        name="Confirmation",
        channel="email",
        lane="back_stage",
        volume=None,
        volume_period="",
        tools="",
    )
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_export_csv", args=[journey.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="journey-{journey.pk}.csv"'
    assert b"".join(response.streaming_content).decode().splitlines() == [
        HEADER,
        'A,Book,at home,purchase,Get a car,"Clear prices, no surprise",1,Website,website,'
        "front_stage,1200,week,CMS,yes",
        'A,Book,at home,purchase,Get a car,"Clear prices, no surprise",1,Confirmation,email,'
        "back_stage,,,,no",
        "B,Wait,,,,,,,,,,,,",
    ]


def _upload(text: str, name: str = "map.csv", content_type: str = "text/csv"):
    return SimpleUploadedFile(name, text.encode(), content_type=content_type)


VALID = "\n".join(
    [
        HEADER,
        "A,Book,at home,purchase,,,1,Website,website,front_stage,1200,week,CMS",
        "A,Book,,,,,,Phone line,phone,back_stage,,,",
        "B,Pick up,airport,service_use,,,-1,,,,,,",
    ]
)


def _import_url(journey):
    return reverse("journeys:journey_import_csv", args=[journey.pk])


@pytest.mark.django_db
def test_a_valid_file_is_previewed_then_saved_on_confirmation(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    preview = client.post(_import_url(journey), {"file": _upload(VALID)})

    assert preview.status_code == 200
    assert "2 stages and 2 touchpoints will be added" in preview.content.decode()
    assert not Stage.objects.exists()  # the preview saves nothing

    response = client.post(_import_url(journey), {"content": VALID})

    assert response.status_code == 302
    assert list(journey.stages.values_list("position", "code", "name", "emotion_score")) == [
        (1, "A", "Book", 1),
        (2, "B", "Pick up", -1),
    ]
    assert list(
        Touchpoint.objects.order_by("stage__position", "position").values_list(
            "stage__code", "position", "name", "channel", "lane", "volume"
        )
    ) == [
        ("A", 1, "Website", "website", "front_stage", 1200),
        ("A", 2, "Phone line", "phone", "back_stage", None),
    ]


@pytest.mark.django_db
def test_a_row_reusing_an_existing_stage_code_adds_to_that_stage(client, cx_manager):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey, code="A", name="Book")
    client.force_login(cx_manager)

    client.post(_import_url(journey), {"content": f"{HEADER}\nA,Book,,,,,,Chat,chat,,,,"})

    assert list(journey.stages.values_list("code", flat=True)) == ["A"]
    assert list(stage.touchpoints.values_list("name", "lane")) == [("Chat", "front_stage")]


@pytest.mark.django_db
def test_a_file_with_one_bad_row_saves_nothing_and_reports_the_row(client, cx_manager):
    journey = JourneyFactory()
    bad = VALID + "\nC,Return,,,,,,Kiosk,fax,front_stage,,,"
    client.force_login(cx_manager)

    response = client.post(_import_url(journey), {"file": _upload(bad)})

    assert response.status_code == 422
    result = response.context["result"]
    assert [(row.line, row.errors) for row in result.rows if row.errors] == [
        (
            5,
            [
                "“channel”: “fax” is not allowed; use one of: website, mobile_app, email, phone, "
                "counter, sms, chat, social_media, post, internal_system, internal_process."
            ],
        )
    ]
    page = response.content.decode()
    assert "Some rows have errors: nothing has been saved." in page
    assert "Import these rows" not in page
    assert not Stage.objects.exists()
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_a_confirmed_file_that_became_invalid_saves_nothing(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    response = client.post(
        _import_url(journey), {"content": f"{HEADER}\nA,Book,,,,,,,,,,,\nB,,,,,,,,,,,,"}
    )

    assert response.status_code == 422
    assert [(row.line, row.errors) for row in response.context["result"].rows if row.errors] == [
        (3, ["“stage_name” is empty; it is required."])
    ]
    assert not Stage.objects.exists()


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    response = client.post(_import_url(journey), {"file": _upload("code,name\nA,Book\n")})

    assert response.status_code == 422
    assert response.context["result"].file_errors == ["Missing columns: stage_code, stage_name."]
    assert not Stage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: _upload(HEADER + "\n" + "A,Book,,,,,,,,,,,\n" * 80_000),
            "The file is too large: at most 1 MB.",
        ),
        (lambda: _upload(VALID, name="map.xlsx"), "Upload a CSV or XLSX file."),
        (
            lambda: _upload(VALID, content_type="application/pdf"),
            "Upload a CSV file (.csv).",
        ),
        (
            lambda: SimpleUploadedFile("map.csv", "é".encode("latin-1"), "text/csv"),
            "The file is not UTF-8 text.",
        ),
    ],
    ids=["too large", "wrong extension", "wrong type", "not UTF-8"],
)
def test_a_wrong_upload_is_refused_with_a_clear_error(client, cx_manager, upload, message):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    response = client.post(_import_url(journey), {"file": upload()})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Stage.objects.exists()


@pytest.mark.django_db
def test_a_viewer_cannot_import(client, viewer):
    journey = JourneyFactory()
    client.force_login(viewer)

    assert client.get(_import_url(journey)).status_code == 403
    assert client.post(_import_url(journey), {"content": VALID}).status_code == 403
    assert not Stage.objects.exists()


@pytest.mark.django_db
def test_the_import_service_dry_run_checks_everything_and_saves_nothing():
    journey = JourneyFactory()

    result = services.journey_import_csv(journey=journey, text=VALID, dry_run=True)

    assert result.is_valid
    assert (result.stages_created, result.touchpoints_created) == (2, 2)
    assert [row.line for row in result.rows] == [2, 3, 4]
    assert not Stage.objects.exists()
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_the_import_service_reports_every_bad_row_and_keeps_the_existing_map():
    journey = JourneyFactory()
    StageFactory(journey=journey, code="A", name="Book")
    text = "\n".join(
        [
            HEADER,
            "A,Book,,,,,,Website,website,,many,,",
            "B,Pick up,,,,,7,,,,,,",
            ",No code,,,,,,,,,,,",
            "C,Return,,,,,,Kiosk,counter,,,,",
        ]
    )

    result = services.journey_import_csv(journey=journey, text=text)

    assert not result.is_valid
    assert [(row.line, row.errors) for row in result.rows] == [
        (
            2,
            [
                "“volume”: “many” is not a whole number.",
                "“volume_period” is empty: say per what period the volume is counted "
                "(day, week, month, year).",
            ],
        ),
        (3, ["“emotion_score” must be between -2 and +2."]),
        (4, ["“stage_code” is empty; it is required."]),
        (5, []),
    ]
    assert list(journey.stages.values_list("code", flat=True)) == ["A"]
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_the_import_page_shows_the_upload_form_and_the_columns(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    response = client.get(_import_url(journey))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f"<code>{HEADER}</code>" in page


@pytest.mark.django_db
def test_the_personal_data_column_is_read_as_yes_or_no():
    journey = JourneyFactory()
    text = "\n".join(
        [
            HEADER,
            "A,Book,,,,,,Booking form,website,,,,,yes",
            "A,Book,,,,,,Offers page,website,,,,,no",
            "A,Book,,,,,,Newsletter,email,,,,,",
        ]
    )

    result = services.journey_import_csv(journey=journey, text=text)

    assert result.is_valid
    assert list(
        Touchpoint.objects.order_by("position").values_list("name", "collects_personal_data")
    ) == [("Booking form", True), ("Offers page", False), ("Newsletter", False)]


@pytest.mark.django_db
def test_the_preview_lists_every_problem_of_every_row_in_plain_words(client, cx_manager):
    journey = JourneyFactory()
    text = "\n".join(
        [
            HEADER,
            "A,Book,at home,buying,,,3,Website,,sideways,-5,week,,maybe",
            "B,Pick up,,,,,,,,,,week,,",
            "C," + "x" * 201 + ",,,,,,,,,,,,",
        ]
    )
    client.force_login(cx_manager)

    response = client.post(_import_url(journey), {"file": _upload(text)})

    assert response.status_code == 422
    rows = [(row.line, row.errors) for row in response.context["result"].rows]
    assert rows == [
        (
            2,
            [
                "“channel” is empty; it is required.",
                "“funnel_phase”: “buying” is not allowed; use one of: awareness, consideration, "
                "purchase, service_use, loyalty_advocacy, aspiration, planning, comparison, "
                "transaction, stay, ambassador.",
                "“emotion_score” must be between -2 and +2.",
                "“lane”: “sideways” is not allowed; use one of: front_stage, back_stage.",
                "“volume” cannot be negative.",
                "“collects_personal_data”: “maybe” is not yes or no.",
            ],
        ),
        (
            3,
            ["“touchpoint_name” is empty but the row has touchpoint columns; name the touchpoint."],
        ),
        (4, ["“stage_name” is too long: at most 200 characters."]),
    ]
    page = response.content.decode()
    assert "“lane”: “sideways” is not allowed" in page
    assert not Stage.objects.exists()


@pytest.mark.django_db
def test_the_row_errors_are_translated():
    journey = JourneyFactory()

    with translation.override("fr"):
        result = services.journey_import_csv(journey=journey, text=HEADER + "\n,Book,,,,,,,,,,,,")

    assert result.rows[0].errors == ["« stage_code » est vide ; cette colonne est obligatoire."]


@pytest.mark.django_db
@pytest.mark.parametrize("stages", [2, 11], ids=["one page", "stages over two pages"])
def test_the_map_exports_as_an_a3_landscape_pdf(client, viewer, stages):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=3, name="Car rental — été")
    TouchpointFactory(
        stage=journey.stages.first(), name="Booking form", collects_personal_data=True
    )
    ActionFactory(journey=journey, stage=None, title="Train the counter staff")
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_export_pdf", args=[journey.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="journey-{journey.pk}.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert f"/Count {1 if stages <= 6 else 2}".encode() in pdf  # 6 stages a page
    assert b"/MediaBox [ 0 0 1190.55 841.89 ]" in pdf  # A3 landscape, in points


@pytest.mark.django_db
def test_a_user_without_role_cannot_export_the_pdf(client, user_with_role):
    journey = JourneyFactory()
    client.force_login(user_with_role(None))

    response = client.get(reverse("journeys:journey_export_pdf", args=[journey.pk]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_rows_of_a_stage_that_could_not_be_added_point_to_its_line():
    journey = JourneyFactory()
    text = "\n".join(
        [
            HEADER,
            "A,,,,,,,Website,website,,,,,",
            "A,,,,,,,Phone line,phone,,,,,",
        ]
    )

    result = services.journey_import_csv(journey=journey, text=text)

    assert [(row.line, row.errors) for row in result.rows] == [
        (2, ["“stage_name” is empty; it is required."]),
        (3, ["Stage “A” could not be added: see line 2."]),
    ]


@pytest.mark.django_db
def test_an_exported_formula_is_neutralised_and_imports_back_as_the_same_text(client, cx_manager):
    formula = '=HYPERLINK("https://evil.example","Click")'
    journey = JourneyFactory()
    stage = StageFactory(
        journey=journey,
        code="A",
        name=formula,
        place="",
        funnel_phase="",
        customer_goal="",
        expectations="+33 1 23 45 67 89",
        emotion_score=-1,
    )
    TouchpointFactory(stage=stage, name="@chat", channel="chat", volume=3, tools="-")
    client.force_login(cx_manager)

    response = client.get(reverse("journeys:journey_export_csv", args=[journey.pk]))
    exported = b"".join(response.streaming_content).decode()

    # Text a spreadsheet would run gets a quote; the score and volume stay numbers.
    assert exported.splitlines()[1] == (
        'A,"\'=HYPERLINK(""https://evil.example"",""Click"")",,,,\'+33 1 23 45 67 89,-1,'
        "'@chat,chat,front_stage,3,week,'-,no"
    )
    copy = JourneyFactory()
    result = services.journey_import_csv(journey=copy, text=exported)

    assert result.is_valid
    assert list(copy.stages.values_list("code", "name", "expectations", "emotion_score")) == [
        ("A", formula, "+33 1 23 45 67 89", -1)
    ]
    assert list(
        Touchpoint.objects.filter(stage__journey=copy).values_list("name", "volume", "tools")
    ) == [("@chat", 3, "-")]
