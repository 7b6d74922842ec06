"""Compensation that guides (issue 16, item 4): the 70-80 % guideline weighed by the
customer's annual value, substitutability and inconvenience (seed 003), a warning, never a
refusal, when the offer is outside it, and the justice checklist."""

from decimal import Decimal

import pytest
from django.urls import reverse

from feedback import services
from feedback.compensation import guideline_for
from feedback.models import Case
from tests.journeys.factories import StageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("facts", "band", "amounts"),
    [
        ({}, (70, 80), ("70.00", "80.00")),
        ({"annual_value": Decimal("999.99")}, (70, 80), ("70.00", "80.00")),
        ({"annual_value": Decimal("1000")}, (75, 85), ("75.00", "85.00")),
        ({"substitutability": "low"}, (75, 85), ("75.00", "85.00")),
        ({"substitutability": "high"}, (70, 80), ("70.00", "80.00")),
        ({"inconvenience": 3}, (75, 85), ("75.00", "85.00")),
        ({"inconvenience": 2}, (70, 80), ("70.00", "80.00")),
        ({"inconvenience": 3, "substitutability": "low"}, (80, 90), ("80.00", "90.00")),
        (
            {"annual_value": Decimal("5000"), "inconvenience": 3, "substitutability": "low"},
            (85, 95),
            ("85.00", "95.00"),
        ),
    ],
)
def test_the_guideline_moves_up_for_value_substitutability_and_inconvenience(
    settings, facts, band, amounts
):
    settings.FEEDBACK_HIGH_VALUE_CUSTOMER = 1000

    guideline = guideline_for(harm=Decimal("100"), **facts)

    assert (guideline.low_percent, guideline.high_percent) == band
    assert (f"{guideline.low}", f"{guideline.high}") == amounts


def test_there_is_no_guideline_without_a_harm_amount():
    assert guideline_for(harm=None, inconvenience=3) is None


def _case(**fields):
    case = services.case_create(stage=StageFactory(), title="Charged twice", channel="phone")
    Case.objects.filter(pk=case.pk).update(**fields)
    return Case.objects.get(pk=case.pk)


def test_an_offer_below_the_guideline_is_saved_and_the_page_warns(client, cx_manager):
    case = _case()
    client.force_login(cx_manager)

    response = client.post(
        reverse("feedback:case_compensation", args=[case.pk]),
        {"harm_amount": "60", "customer_annual_value": "2400", "inconvenience": "2",
         "substitutability": "low", "compensation_offered": "30"},
        follow=True,
    )  # fmt: skip

    page = response.content.decode()
    case.refresh_from_db()
    assert case.compensation_offered == Decimal("30.00")
    assert "Guideline: 80\N{EN DASH}90 % of the harm, so between 48.00 and 54.00." in page
    assert "Moved up by: a high-value customer, a customer who could hardly go elsewhere." in page
    assert "<strong>Warning:</strong> The offer of 30.00 is below the guideline." in page
    assert "Compensation saved; the offer is outside the guideline." in page


def test_an_offer_within_the_guideline_draws_no_warning(client, cx_manager):
    case = _case(harm_amount=Decimal("100"), compensation_offered=Decimal("75"))
    client.force_login(cx_manager)

    page = client.get(reverse("feedback:case_detail", args=[case.pk])).content.decode()

    assert "Guideline: 70\N{EN DASH}80 % of the harm, so between 70.00 and 80.00." in page
    assert "Warning:" not in page


def test_the_api_warns_of_an_offer_above_the_guideline_and_keeps_it(token_client, cx_manager):
    case = _case(harm_amount=Decimal("100"))

    response = token_client(cx_manager).patch(
        f"/api/v1/cases/{case.pk}/",
        {"compensation_offered": "120.00", "inconvenience": 3},
        format="json",
    )

    body = response.json()
    assert response.status_code == 200, body
    assert body["compensation_offered"] == "120.00"
    assert body["compensation_guideline"] == ["75.00", "85.00"]
    assert body["compensation_guideline_percent"] == [75, 85]
    assert body["compensation_warning"] == (
        "The offer of 120.00 is above the guideline of 75.00 to 85.00 (75 to 85 % of the harm)."
    )


def test_the_api_has_no_warning_within_the_guideline_or_without_a_harm(token_client, cx_manager):
    within = _case(harm_amount=Decimal("100"), compensation_offered=Decimal("80"))
    no_harm = _case(compensation_offered=Decimal("80"))
    client = token_client(cx_manager)

    bodies = [client.get(f"/api/v1/cases/{case.pk}/").json() for case in (within, no_harm)]

    assert [body["compensation_warning"] for body in bodies] == ["", ""]
    assert bodies[1]["compensation_guideline"] is None


def test_the_justice_checklist_is_ticked_on_the_page_and_read_by_every_role(
    client, cx_manager, viewer
):
    case = _case()
    client.force_login(cx_manager)

    client.post(
        reverse("feedback:case_compensation", args=[case.pk]),
        {"justice_checks": ["interactional_apologised", "distributive_fixed"],
         "distributive_justice": "Seat refunded to Mrs Martin"},
    )  # fmt: skip
    client.force_login(viewer)
    page = client.get(reverse("feedback:case_detail", args=[case.pk])).content.decode()

    case.refresh_from_db()
    assert case.justice_checks == ["interactional_apologised", "distributive_fixed"]
    assert (
        '<li class="justice-done"><span class="visually-hidden">done:</span> '
        "Apologised and showed empathy</li>"
    ) in page
    assert page.count('class="justice-done"') == 2
    assert page.count('class="justice-open"') == 7
    assert "Seat refunded to Mrs Martin" not in page


def test_the_api_sets_the_justice_checklist_and_refuses_an_unknown_check(token_client, cx_manager):
    case = _case()
    client = token_client(cx_manager)

    saved = client.patch(
        f"/api/v1/cases/{case.pk}/",
        {"justice_checks": ["procedural_on_time", "distributive_accepted"]},
        format="json",
    )
    refused = client.patch(
        f"/api/v1/cases/{case.pk}/", {"justice_checks": ["kind_words"]}, format="json"
    )

    assert saved.json()["justice_checks"] == ["distributive_accepted", "procedural_on_time"]
    assert refused.status_code == 400
    assert list(refused.json()) == ["justice_checks"]


def test_a_compensation_in_error_is_shown_again_with_what_was_typed(client, cx_manager):
    case = _case()
    client.force_login(cx_manager)

    response = client.post(
        reverse("feedback:case_compensation", args=[case.pk]),
        {"harm_amount": "abc", "customer_annual_value": "2400", "inconvenience": "9"},
    )

    form = response.context["compensation_form"]
    assert response.status_code == 400
    assert sorted(form.errors) == ["harm_amount", "inconvenience"]
    assert 'value="2400"' in response.content.decode()
    assert "<details open>" in response.content.decode()
