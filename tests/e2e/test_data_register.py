"""The DPO reviews the data register of the demo journey stage by stage (approves one entry
from the register, sends another back with a comment) and downloads the Article 30 record."""

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from gdpr.models import DataItem
from journeys.demo import AS_IS_NAME
from journeys.models import Journey
from tests.e2e.conftest import log_in, screenshot


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
