"""The journey map's picture exports (PDF, PNG, SVG), read back as a person would see them:
poppler's pdftoppm turns the PDF into pixels and pdftotext into words, in English and in
French."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from PIL import Image

from journeys.models import MomentOfTruth, Observation, Touchpoint
from tests.factories import UserFactory
from tests.journeys.factories import (
    ActionFactory,
    BuyingGroupMemberFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)
from tests.stakeholders.factories import InvolvementFactory, StakeholderFactory

# The map page's colours.
STAGE_BAND = (29, 78, 216)
FRONT_STAGE = (240, 249, 255)
BACK_STAGE = (248, 250, 252)
MOMENTS = (255, 251, 235)
IRRITANT = (185, 28, 28)
ENCHANTMENT = (4, 120, 87)
WHITE = (255, 255, 255)

LANE_TITLES = {
    "en": [
        "Stage",
        "Customer goal and expectations",
        "Front-stage touchpoints",
        "Line of visibility",
        "Back-stage touchpoints",
        "Moments of truth",
        "Emotion curve",
        "Stakeholders",
        "Customer irritants and enchantments",
        "Employee irritants and enchantments",
        "Actions",
    ],
    "fr": [
        "Étape",
        "Objectif et attentes du client",
        "Points de contact visibles",
        "Ligne de visibilité",
        "Points de contact invisibles",
        "Moments de vérité",
        "Courbe des émotions",
        "Parties prenantes",
        "Irritants et enchantements des clients",
        "Irritants et enchantements des collaborateurs",
        "Actions",
    ],
}
CONTROLS = {
    "en": ["Edit", "Delete", "+ touchpoint", "+ observation", "Add a stage", "Move", "✎", "✕"],
    "fr": ["Modifier", "Supprimer", "+ point de contact", "Ajouter une étape", "Déplacer", "✎"],
}


def _map(stages: int = 2):
    """A journey whose first stage feels +2 and second -2 (the curve falls from a green dot
    to a red one), with a touchpoint in each lane, a moment of truth, irritants and
    enchantments, an action and a stakeholder."""
    owner = UserFactory(username="claire", first_name="Claire", last_name="Martin")
    journey = JourneyFactory(
        name="Car rental — business trip",
        persona=PersonaFactory(name="Business traveller"),
        owner=owner,
        description="",
    )
    scores = [2, -2, 1, 0, -1, 2, 1, -2]
    for index in range(stages):
        StageFactory(
            journey=journey,
            name=f"Stage number {index + 1}",
            customer_goal="Get going quickly",
            expectations="",
            emotion_score=scores[index % len(scores)],
        )
    first, second = journey.stages.order_by("position")[:2]
    TouchpointFactory(stage=first, name="Booking form", collects_personal_data=True)
    TouchpointFactory(stage=first, name="Fraud screening", lane=Touchpoint.Lane.BACK_STAGE)
    counter = TouchpointFactory(
        stage=second, name="Counter check-in", channel=Touchpoint.Channel.COUNTER
    )
    MomentOfTruthFactory(
        stage=second,
        touchpoint=counter,
        description="Key handed over",
        criticality=MomentOfTruth.Criticality.HIGH,
        standard="Under 10 minutes",
    )
    ObservationFactory(stage=first, kind=Observation.Kind.ENCHANTMENT, description="Clear prices")
    ObservationFactory(stage=second, description="Queue at the counter")
    ObservationFactory(
        stage=second, side=Observation.Side.EMPLOYEE, description="Booking typed twice"
    )
    ActionFactory(journey=journey, stage=second, title="Express counter", owner=owner)
    InvolvementFactory(stage=second, stakeholder=StakeholderFactory(name="Airport counter manager"))
    return journey


def _pixels(pdf: bytes, page: int = 1) -> Image.Image:
    """The page as pdftoppm draws it at 72 dpi: one pixel per point."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "map.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "72",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(source),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        return Image.open(Path(folder) / "page.png").convert("RGB")


def _text(pdf: bytes) -> str:
    """The PDF's words as pdftotext reads them, whitespace folded."""
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def _near(colour, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def _count(image: Image.Image, expected) -> int:
    return sum(count for count, colour in image.getcolors(1 << 24) if _near(colour, expected, 2))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_shows_the_lane_colours_and_the_curve(client, cx_manager, language):
    journey = _map()
    client.force_login(cx_manager)

    response = client.get(
        reverse("journeys:journey_export_pdf", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    image = _pixels(response.content)
    assert image.size == (1191, 842)  # A3 landscape
    # Each lane's colour covers a good part of the page, as on the map page.
    for colour in (STAGE_BAND, FRONT_STAGE, BACK_STAGE, MOMENTS):
        assert _count(image, colour) > 2000, colour
    # The curve: a green dot on stage A (+2), a red one on stage B (-2), a blue line between.
    assert _near(image.getpixel((227, 347)), ENCHANTMENT)
    assert _near(image.getpixel((397, 429)), IRRITANT)
    assert _near(image.getpixel((312, 388)), STAGE_BAND)
    assert _near(image.getpixel((312, 370)), WHITE)
    assert _near(image.getpixel((312, 405)), WHITE)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_text_holds_whole_lane_titles_and_no_control(client, cx_manager, language):
    journey = _map()
    client.force_login(cx_manager)

    response = client.get(
        reverse("journeys:journey_export_pdf", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    text = _text(response.content)
    for title in LANE_TITLES[language]:
        assert title in text, title
    for label in CONTROLS[language]:
        assert label not in text, label
    assert "Car rental — business trip" in text
    assert "Business traveller" in text
    assert "Claire Martin" in text
    assert "Airport counter manager" in text
    assert "Key handed over" in text


@pytest.mark.django_db
def test_the_pdf_header_is_in_the_users_language(client, cx_manager):
    journey = _map()
    client.force_login(cx_manager)

    text = _text(
        client.get(
            reverse("journeys:journey_export_pdf", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE="fr"
        ).content
    )

    assert "Persona : Business traveller" in text
    assert "Responsable : Claire Martin" in text
    assert "Car rental — business trip (actuel (as-is))" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("paper", "stages", "pages", "size"),
    [
        ("a3", 2, 1, (1191, 842)),
        ("a3", 8, 2, (1191, 842)),
        ("a4", 8, 2, (842, 596)),
        ("a4", 9, 3, (842, 596)),
    ],
)
def test_a_band_of_stages_per_page_width(client, viewer, paper, stages, pages, size):
    journey = _map(stages=stages)
    client.force_login(viewer)

    response = client.get(
        reverse("journeys:journey_export_pdf", args=[journey.pk]), {"paper": paper}
    )

    pdf = response.content
    assert response["Content-Disposition"] == f'attachment; filename="journey-{journey.pk}.pdf"'
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == pages
    assert _pixels(pdf, page=pages).size == size
    if pages > 1:
        assert f"Page {pages} of {pages}" in _text(pdf)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_png_shows_the_lane_colours_and_the_curve(client, viewer, language):
    journey = _map()
    client.force_login(viewer)

    response = client.get(
        reverse("journeys:journey_export_png", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="journey-{journey.pk}.png"'
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size[0] == 2 * (24 + 118 + 2 * 170 + 24)  # two stages, two pixels a unit
    for colour in (STAGE_BAND, FRONT_STAGE, BACK_STAGE, MOMENTS):
        assert _count(image, colour) > 4000, colour
    assert _count(image, IRRITANT) > 200
    assert _count(image, ENCHANTMENT) > 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_svg_writes_numbers_with_a_dot_in_every_language(client, viewer, language):
    journey = _map()
    client.force_login(viewer)

    response = client.get(
        reverse("journeys:journey_export_svg", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    numbers = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]*)"', svg)
    assert numbers
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in numbers)
    points = re.findall(r'points="([^"]*)"', svg)
    assert points == ["255,14 425,96"]  # stage A at +2, stage B at -2, one column apart
    assert LANE_TITLES[language][6] in svg


@pytest.mark.django_db
def test_a_user_who_may_not_see_stakeholders_gets_no_stakeholder_lane(client):
    journey = _map()
    user = UserFactory(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="view_journey"))
    client.force_login(user)

    svg = client.get(reverse("journeys:journey_export_svg", args=[journey.pk])).content.decode()

    assert "Moments of truth" in svg
    assert "Stakeholders" not in svg
    assert "Airport counter manager" not in svg


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["journey_export_pdf", "journey_export_png", "journey_export_svg"])
def test_a_user_without_role_cannot_export_the_picture(client, user_with_role, name):
    journey = JourneyFactory()
    client.force_login(user_with_role(None))

    assert client.get(reverse(f"journeys:{name}", args=[journey.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["journey_export_pdf", "journey_export_png", "journey_export_svg", "journey_export_xlsx"],
)
def test_exports_of_a_journey_that_does_not_exist_are_not_found(client, viewer, name):
    client.force_login(viewer)

    assert client.get(reverse(f"journeys:{name}", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "first", "again"),
    [
        # session, user, the map's six reads, the stakeholder lane, the employee lane and the
        # cases' risks (issue 17: 12 and 9 before), the buying group and its members' stages
        # (14 and 11 before), the survey scores (two, from the score rollups, until the
        # emotion curve is cached; issue 20: three before)
        ("journey_export_pdf", 15, 13),
        ("journey_export_png", 15, 13),
        ("journey_export_svg", 15, 13),
        # session, user, the map's six reads
        ("journey_export_xlsx", 8, 8),
    ],
)
def test_exports_read_the_map_in_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, name, first, again
):
    small = _map(stages=2)
    big = JourneyFactory()
    for _ in range(6):
        stage = StageFactory(journey=big)
        TouchpointFactory(stage=stage)
        MomentOfTruthFactory(stage=stage)
        ObservationFactory(stage=stage)
        ActionFactory(journey=big, stage=stage)
        InvolvementFactory(stage=stage)
    for journey in (small, big):
        BuyingGroupMemberFactory(journey=journey, stages=list(journey.stages.all()))
    client.force_login(cx_manager)
    client.get(reverse("journeys:index"))  # the user's permissions, kept in the cache

    for journey in (small, big):
        url = reverse(f"journeys:{name}", args=[journey.pk])
        with django_assert_num_queries(first):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(again):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("journey_export_pdf", b"%PDF-"),
        ("journey_export_png", b"\x89PNG"),
        ("journey_export_svg", b"<?xml"),
    ],
)
def test_a_journey_without_stages_exports_its_header_and_says_so(client, viewer, name, start):
    journey = JourneyFactory(name="Empty journey")
    client.force_login(viewer)

    response = client.get(reverse(f"journeys:{name}", args=[journey.pk]))

    assert response.status_code == 200
    assert response.content.startswith(start)
    if name == "journey_export_pdf":
        text = _text(response.content)
        assert "Empty journey" in text
        assert "This journey has no stage yet." in text
