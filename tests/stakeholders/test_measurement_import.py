"""SLA measurements from a CSV file: a preview that lists every row, met, breached or in
error, then all rows or none on confirmation; met or breached is always computed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from stakeholders import services
from stakeholders.models import SLAMeasurement

from .factories import SLAObjectiveFactory, StakeholderFactory, measurements

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleaning(db):
    """A cleaning subcontractor's objective: at least 98 % of cars clean, monthly."""
    return SLAObjectiveFactory(metric="Cars clean before pick-up", sla__service="Cleaning")


def _upload(text: str, name: str = "measurements.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_preview_computes_met_and_breached_and_saves_nothing(client, cx_manager, cleaning):
    stakeholder_id = cleaning.sla.stakeholder_id
    client.force_login(cx_manager)
    text = (
        "metric,period_start,value\n"
        "Cars clean before pick-up,2025-01-01,99\n"
        'cars clean before pick-up,01/02/2025,"97,5"\n'
    )

    response = client.post(
        f"/stakeholders/{stakeholder_id}/measurements/import/", {"file": _upload(text)}
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert [(row.line, row.met, row.errors) for row in result.rows] == [
        (2, True, []),
        (3, False, []),
    ]
    assert "1 breached" in response.content.decode()
    assert not SLAMeasurement.objects.exists()
    confirm = response.context["confirm_form"]

    response = client.post(
        f"/stakeholders/{stakeholder_id}/measurements/import/",
        {"content": confirm.initial["content"]},
    )

    assert response.status_code == 302
    assert list(SLAMeasurement.objects.values_list("period_start", "value", "met")) == [
        (date(2025, 1, 1), Decimal("99.00"), True),
        (date(2025, 2, 1), Decimal("97.50"), False),
    ]


def test_every_bad_row_is_listed_and_nothing_is_saved(client, cx_manager, cleaning):
    stakeholder_id = cleaning.sla.stakeholder_id
    client.force_login(cx_manager)
    text = (
        "service,metric,period_start,value,met\n"
        "Cleaning,Cars clean before pick-up,2025-01-01,99,no\n"
        ",Shuttles on time,2025-01-01,99,\n"
        ",Cars clean before pick-up,2025-01-15,99,\n"
        ",Cars clean before pick-up,March,ninety,\n"
        ",Cars clean before pick-up,2025-01-01,98,\n"
    )

    response = client.post(
        f"/stakeholders/{stakeholder_id}/measurements/import/", {"file": _upload(text)}
    )

    assert response.status_code == 422
    assert [row.errors for row in response.context["result"].rows] == [
        [],
        ["metric: No SLA objective of this stakeholder is called “Shuttles on time”."],
        ["period_start: Give the first day of the objective's measurement period."],
        ["period_start: Enter a date as YYYY-MM-DD, e.g. 2025-03-01."],
        ["Line 2 already gives this objective's value for this period."],
    ]
    assert "confirm_form" not in response.context
    assert "nothing has been saved" in response.content.decode()
    assert not SLAMeasurement.objects.exists()


def test_a_confirmed_file_that_went_bad_meanwhile_saves_nothing(client, cx_manager, cleaning):
    stakeholder_id = cleaning.sla.stakeholder_id
    client.force_login(cx_manager)
    text = "metric,period_start,value\nCars clean before pick-up,2025-01-01,99\nX,2025-02-01,1\n"

    response = client.post(
        f"/stakeholders/{stakeholder_id}/measurements/import/", {"content": text}
    )

    assert response.status_code == 422
    assert not SLAMeasurement.objects.exists()


def test_the_errors_speak_the_users_language(client, cx_manager, cleaning):
    client.force_login(cx_manager)
    text = "metric,period_start,value\nCars clean before pick-up,2025-01-01,beaucoup\n"

    with translation.override("en"):  # the request's language must not stay on afterwards
        response = client.post(
            f"/stakeholders/{cleaning.sla.stakeholder_id}/measurements/import/",
            {"file": _upload(text)},
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    [row] = response.context["result"].rows
    assert row.errors == ["value\u202f: Saisissez un nombre, par exemple 97,5."]


def test_a_service_column_tells_two_slas_apart(cleaning):
    stakeholder = cleaning.sla.stakeholder
    other = SLAObjectiveFactory(
        metric="Cars clean before pick-up", sla__stakeholder=stakeholder, sla__service="Valeting"
    )
    ambiguous = services.measurements_import_csv(
        stakeholder=stakeholder,
        text="metric,period_start,value\nCars clean before pick-up,2025-01-01,99\n",
    )
    assert ambiguous.rows[0].errors == [
        "service: Several SLAs measure “Cars clean before pick-up”: "
        "say which in the service column."
    ]

    result = services.measurements_import_csv(
        stakeholder=stakeholder,
        text=(
            "service,metric,period_start,value\nValeting,Cars clean before pick-up,2025-01-01,99\n"
        ),
    )

    assert result.is_valid
    assert SLAMeasurement.objects.get().objective == other


def test_an_existing_period_is_corrected_and_its_verdict_recomputed(cleaning):
    measurements(cleaning, ["90"])
    services.measurements_import_csv(
        stakeholder=cleaning.sla.stakeholder,
        text="metric,period_start,value\nCars clean before pick-up,2025-01-01,99\n",
    )
    assert list(SLAMeasurement.objects.values_list("value", "met")) == [(Decimal("99.00"), True)]


def test_missing_columns_and_empty_files_are_reported(cleaning):
    stakeholder = cleaning.sla.stakeholder
    assert services.measurements_import_csv(
        stakeholder=stakeholder, text="metric,value\nX,1\n"
    ).file_errors == ["Missing columns: period_start."]
    assert services.measurements_import_csv(
        stakeholder=stakeholder, text="metric,period_start,value\n"
    ).file_errors == ["The file has no rows."]


def test_a_file_that_is_not_csv_is_refused_by_the_form(client, cx_manager, cleaning):
    client.force_login(cx_manager)
    response = client.post(
        f"/stakeholders/{cleaning.sla.stakeholder_id}/measurements/import/",
        {"file": _upload("metric", name="report.xlsx")},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["Upload a CSV file (.csv)."]}


@pytest.mark.parametrize("role", ["interviewer", "dpo", "viewer"])
def test_only_the_cx_manager_imports(client, user_with_role, role, cleaning):
    client.force_login(user_with_role(role))
    text = "metric,period_start,value\nCars clean before pick-up,2025-01-01,99\n"
    url = f"/stakeholders/{cleaning.sla.stakeholder_id}/measurements/import/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"content": text}).status_code == 403
    assert not SLAMeasurement.objects.exists()


def test_another_stakeholders_objectives_are_out_of_reach(cleaning):
    result = services.measurements_import_csv(
        stakeholder=StakeholderFactory(),
        text="metric,period_start,value\nCars clean before pick-up,2025-01-01,99\n",
    )
    assert not result.is_valid
    assert not SLAMeasurement.objects.exists()


def test_one_cause_on_many_rows_is_reported_once_with_its_lines(client, cx_manager, cleaning):
    client.force_login(cx_manager)
    text = (
        "metric,period_start,value\n"
        "Shuttles on time,2025-01-01,99\n"
        "Shuttles on time,2025-02-01,99\n"
        "Cars clean before pick-up,2025-03-01,lots\n"
        "Shuttles on time,2025-03-01,99\n"
    )

    response = client.post(
        f"/stakeholders/{cleaning.sla.stakeholder_id}/measurements/import/",
        {"file": _upload(text)},
    )

    assert response.context["result"].error_causes == [
        ("metric: No SLA objective of this stakeholder is called “Shuttles on time”.", [2, 3, 5]),
        ("value: Enter a number, e.g. 97.5.", [4]),
    ]
    page = response.content.decode()
    assert "What to correct in the file" in page
    assert "(3 lines: 2, 3, 5)" in page
    assert "(line 4)" in page
