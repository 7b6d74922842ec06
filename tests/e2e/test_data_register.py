"""The DPO reviews the data register of the demo journey stage by stage (approves one entry
from the register, sends another back with a comment) and downloads the Article 30 record."""

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.models import User
from gdpr import services
from gdpr.models import DataItem, RespondentAccess
from journeys.demo import AS_IS_NAME
from journeys.models import Journey
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import axe_violations


def test_the_dpo_reviews_the_register_and_downloads_the_article_30_record(demo, page):
    journey = Journey.objects.get(name=AS_IS_NAME)
    to_approve, to_send_back = DataItem.objects.filter(
        stage__journey=journey, review_status="in_review"
    ).order_by("stage__position", "id")[:2]

    log_in(page, "david", "parcours-demo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Data register").click()
    page.get_by_role("link", name=AS_IS_NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(AS_IS_NAME)
    expect(page.locator(".register-table thead th[scope=col]")).to_have_count(
        1 + journey.stages.count()
    )
    screenshot(page, "data-register-journey", full_page=True)

    # Approve from the register itself.
    page.get_by_role("button", name=f"Approve {to_approve.name}").first.click()
    expect(page.get_by_text(f"“{to_approve.name}”: approved.")).to_be_visible()
    to_approve.refresh_from_db()
    assert (to_approve.review_status, to_approve.reviewed_by.username) == ("approved", "david")

    # Send one back: a comment is required, and the choice is kept when it is missing.
    page.goto(f"/register/items/{to_send_back.pk}/")
    review = page.locator("form.review-form")
    review.get_by_label("Request changes").check()
    review.get_by_role("button", name="Record the review").click()
    expect(page.locator("form.review-form").get_by_label("Request changes")).to_be_checked()
    expect(page.locator("form.review-form .errorlist")).to_be_visible()
    to_send_back.refresh_from_db()
    assert to_send_back.review_status == "in_review"
    review = page.locator("form.review-form")
    review.get_by_label("Comment").fill("Which retention applies after the contract ends?")
    review.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text(f"“{to_send_back.name}”: changes requested.")).to_be_visible()
    to_send_back.refresh_from_db()
    assert to_send_back.review_status == "changes_requested"
    assert to_send_back.review_comment == "Which retention applies after the contract ends?"

    # The Article 30 record, as a spreadsheet and as a PDF.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Data register").click()
    export = page.locator("form.export-form")
    export.get_by_label("Format").select_option("xlsx")
    export.get_by_label("Language").select_option("en")
    with page.expect_download() as xlsx_download:
        export.get_by_role("button", name="Download").click()
    assert xlsx_download.value.suggested_filename.startswith("article30-en-")
    workbook = load_workbook(BytesIO(Path(xlsx_download.value.path()).read_bytes()), read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert to_approve.name in cells
    export.get_by_label("Format").select_option("pdf")
    with page.expect_download() as pdf_download:
        export.get_by_role("button", name="Download").click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")


# Issue 15: the DPO reads the history in labels and names, exports the Article 30 record in
# the page's language, and finds respondents by the start of their reference, in English
# and in French, axe clean.
DPO_PAGES = {
    "en": {
        "sent_back": "changes requested",
        "in_review": "in review",
        "reviewed_by": "Reviewed by",
        "submit": "Submit for review",
        "record": "Record the review",
        "waiting_note": "Sent back for changes",
        "format": "Format",
        "language": "Language",
        "download": "Download",
        "inherited": "(inherited from the activity)",
        "respondents": "Respondents",
        "field": "E-mail or external reference",
        "matches": "99 respondents match.",
        "next": "Next",
        "page_2": "Page 2 of 5",
        "access_log": "Access log",
        "search_results": "search results",
    },
    "fr": {
        "sent_back": "modifications demandées",
        "in_review": "en revue",
        "reviewed_by": "Revu par",
        "submit": "Soumettre à la revue",
        "record": "Enregistrer la revue",
        "waiting_note": "Renvoyée pour modifications",
        "format": "Format",
        "language": "Langue",
        "download": "Télécharger",
        "inherited": "(héritée de l'activité)",
        "respondents": "Répondants",
        "field": "E-mail ou référence externe",
        "matches": "99 répondants correspondent.",
        "next": "Suivante",
        "page_2": "Page 2 sur 5",
        "access_log": "Journal des accès",
        "search_results": "résultats de recherche",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_dpo_reads_the_history_exports_and_finds_a_respondent_by_prefix(
    demo, new_page, language
):
    words = DPO_PAGES[language]
    david = User.objects.get(username="david")
    journey = Journey.objects.get(name=AS_IS_NAME)
    item = DataItem.objects.filter(stage__journey=journey, review_status="in_review").first()
    services.data_item_review(
        data_item=item, reviewer=david, decision="changes_requested", comment="Which period?"
    )
    page = new_page(bypass_csp=True)
    log_in(page, "david", "parcours-demo")
    if language == "fr":
        page.locator("#language-select").select_option("fr")
        expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The history: labels and names, never stored values; the DPO's action is not the
    # submitter's.
    page.goto(f"/register/items/{item.pk}/")
    history = page.locator("section.history")
    expect(history.locator("ins", has_text=words["sent_back"]).first).to_be_visible()
    expect(history.locator("del", has_text=words["in_review"]).first).to_be_visible()
    reviewer_row = history.locator("tr", has_text=words["reviewed_by"]).first
    expect(reviewer_row.locator("ins")).to_have_text("David Leroy")
    assert "changes_requested" not in history.inner_text()
    assert "in_review" not in history.inner_text()
    expect(page.get_by_text(words["waiting_note"])).to_be_visible()
    expect(page.get_by_role("button", name=words["submit"])).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, f"data-register-history-{language}", full_page=True)

    # The Article 30 record, in the page's language unless the DPO picks another.
    page.goto("/register/")
    export = page.locator("form.export-form")
    expect(export.get_by_label(words["language"])).to_have_value(language)
    export.get_by_label(words["format"]).select_option("xlsx")
    with page.expect_download() as xlsx_download:
        export.get_by_role("button", name=words["download"]).click()
    assert xlsx_download.value.suggested_filename.startswith(f"article30-{language}-")
    sheet = load_workbook(BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert (sheet.freeze_panes, sheet["P5"].value) == ("A6", "AIPD" if language == "fr" else "DPIA")
    export.get_by_label(words["format"]).select_option("pdf")
    with page.expect_download() as pdf_download:
        export.get_by_role("button", name=words["download"]).click()
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf_download.value.path()), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert "…" not in flat
    for retention in DataItem.objects.exclude(retention="").values_list("retention", flat=True):
        assert " ".join(retention.split()) in flat
    assert words["inherited"] in flat
    assert axe_violations(page) == []

    # A respondent found by the start of the reference, page by page, each view logged.
    page.goto("/register/respondents/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label(words["field"]).fill("DEMO-00")
    page.locator("#respondent-search").get_by_role("button").click()
    expect(page.get_by_text(words["matches"])).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(20)
    page.get_by_role("button", name=words["next"]).click()
    expect(page.get_by_text(words["page_2"])).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("DEMO-0021")
    assert axe_violations(page) == []
    screenshot(page, f"respondent-search-{language}", full_page=True)
    assert RespondentAccess.objects.filter(user=david, place="search").count() == 40

    page.goto("/register/respondents/access-log/")
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("David Leroy")
    expect(first).to_contain_text(words["search_results"])
    expect(first).to_contain_text("DEMO-00")
    assert axe_violations(page) == []
    screenshot(page, f"respondent-access-log-{language}", full_page=True)
