"""Reports in a real browser: the secretariat generates the annual PDF and downloads it."""

from pathlib import Path

import pytest

from agreements.models import Round
from tests.agreements_reports import factories as f
from tests.agreements_reports.pdftools import pdf_text
from tests.e2e.conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_secretariat_generates_and_downloads_the_annual_report(page, demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    round = f.fy2023_round(status=Round.Status.PUBLISHED)
    sign_in(page, demo, "secretariat")
    page.goto(f"{demo.url}/rounds/{round.pk}/reports/")
    annual = page.locator(f"#report-annual-{round.pk}")
    assert annual.get_by_text("未作成").is_visible()
    assert axe_violations(page) == []

    annual.get_by_role("button", name="作成する").click()  # htmx swaps the status in place
    link = page.locator(f"#report-annual-{round.pk}").get_by_role("link", name="PDFをダウンロード")
    link.wait_for(timeout=60_000)
    screenshot(page, "reports-annual-done")
    assert axe_violations(page) == []
    assert page.csp_errors == []

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    content = Path(download.value.path()).read_bytes()
    text = pdf_text(content, tmp_path).replace(" ", "")
    assert "年次フォローアップ報告書" in text and "理化学研究所" in text
