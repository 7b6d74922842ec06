"""The CX manager prints the journey map from the browser and exports it from the page's
export menu, in English and in French: paper gets no control, lane titles keep their words
whole, the exports download as PDF, PNG, SVG and XLSX, and axe finds nothing serious."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from core.roles import Role
from journeys.models import Observation, Touchpoint
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.journeys.factories import (
    ActionFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    StageFactory,
    TouchpointFactory,
)

WORDS = {
    "en": {
        "export": "Export",
        "pdf": "PDF, A3 landscape",
        "png": "PNG image, for slides",
        "svg": "SVG image, for slides",
        "xlsx": "Excel workbook: every item",
        "controls": ["Add a stage", "+ touchpoint", "Export", "Print", "Edit", "Delete"],
        "lanes": ["Customer irritants and enchantments", "Employee irritants and enchantments"],
    },
    "fr": {
        "export": "Exporter",
        "pdf": "PDF, A3 paysage",
        "png": "Image PNG, pour des diapositives",
        "svg": "Image SVG, pour des diapositives",
        "xlsx": "Classeur Excel\u202f: tous les éléments",
        "controls": ["Ajouter une étape", "+ point de contact", "Exporter", "Imprimer", "Modifier"],
        "lanes": [
            "Irritants et enchantements des clients",
            "Irritants et enchantements des collaborateurs",
        ],
    },
}

# True when a lane title has a word drawn over two lines.
WORD_BROKEN = """(cell) => {
    const text = cell.firstChild;
    let start = 0;
    for (const word of text.textContent.split(" ")) {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + word.length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) return true;
        start += word.length + 1;
    }
    return false;
}"""


def _journey(owner):
    journey = JourneyFactory(name="Car rental — business trip", owner=owner)
    for index, name in enumerate(["Book online", "Pick up the car", "Return the car"]):
        stage = StageFactory(journey=journey, name=name, emotion_score=[1, -2, 0][index])
        TouchpointFactory(stage=stage, name=f"Counter {index}", channel=Touchpoint.Channel.COUNTER)
        TouchpointFactory(stage=stage, name=f"Fleet {index}", lane=Touchpoint.Lane.BACK_STAGE)
        ObservationFactory(stage=stage, description=f"Queue {index}")
        ObservationFactory(
            stage=stage,
            side=Observation.Side.EMPLOYEE,
            kind=Observation.Kind.ENCHANTMENT,
            description=f"Thanks {index}",
        )
    MomentOfTruthFactory(stage=journey.stages.get(position=2), description="Key handed over")
    ActionFactory(journey=journey, stage=journey.stages.first(), title="Express counter")
    return journey


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_cx_manager_prints_and_exports_the_map(transactional_db, new_page, language):
    claire = UserFactory(username="claire", first_name="Claire", role=Role.CX_MANAGER)
    journey = _journey(claire)
    words = WORDS[language]
    page = new_page(bypass_csp=True)
    log_in(page, "claire")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}]
    )
    page.goto(f"/journeys/{journey.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)

    # The export menu: every download comes from the server, named after the journey.
    page.get_by_role("button", name=words["export"]).click()
    assert axe_violations(page) == []
    screenshot(page, f"map-export-menu-{language}")
    downloads = {}
    for kind in ("pdf", "png", "svg", "xlsx"):
        if not page.get_by_role("link", name=words[kind]).is_visible():
            page.get_by_role("button", name=words["export"]).click()
        with page.expect_download() as download_info:
            page.get_by_role("link", name=words[kind]).click()
        download = download_info.value
        assert download.suggested_filename == f"journey-{journey.pk}.{kind}"
        downloads[kind] = Path(download.path()).read_bytes()
    assert downloads["pdf"].startswith(b"%PDF-")
    assert downloads["png"].startswith(b"\x89PNG")
    assert b"<svg" in downloads["svg"]
    assert downloads["xlsx"].startswith(b"PK")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=downloads["pdf"], capture_output=True, check=True
    ).stdout.decode()
    assert all(lane in " ".join(text.split()) for lane in words["lanes"])

    # Printing: no control on paper, lane titles on whole words.
    page.keyboard.press("Escape")
    page.emulate_media(media="print")
    for selector in ("button", "form", "nav", "[role=button]", "details", ".item-controls"):
        expect(page.locator(f"{selector} >> visible=true")).to_have_count(0)
    expect(page.locator("tr.lane-customer th.lane-title")).to_be_visible()
    titles = page.locator("th.lane-title")
    for index in range(titles.count()):
        assert not titles.nth(index).evaluate(WORD_BROKEN), titles.nth(index).inner_text()
    screenshot(page, f"map-print-{language}", full_page=True)
    printed = subprocess.run(
        ["pdftotext", "-", "-"],
        input=page.pdf(format="A3", landscape=True, print_background=True),
        capture_output=True,
        check=True,
    ).stdout.decode()
    printed_words = " ".join(printed.split())
    assert "Car rental — business trip" in printed_words
    assert "Express counter" in printed_words
    for label in words["controls"]:
        assert label not in printed_words, label
    assert "✎" not in printed
    assert "✕" not in printed
