"""The whole year in a real browser, one browser context (session) per role:

the secretariat opens a round → the agency editor answers (autosave, evidence, last year's
answer copied) → the approver checks the 確認 screen and submits → the ministry comments on
two questions and returns the sheet → the editor reads the changes since the return, fixes,
replies and asks for approval again; the approver sends it back once with a note and then
submits → the ministry accepts → the secretariat closes and publishes the round and downloads
the annual PDF and the Excel export, whose contents are read back.
"""

from datetime import date
from pathlib import Path

import pytest
from django.test import TestCase

from agreements import services
from agreements.models import Option, Question, Questionnaire, Round, Section, Sheet
from kokken.models import User
from kokken.wareki import fiscal_year
from tests.agreements_reports.pdftools import pdf_text
from tests.e2e.conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e
K = Question.Kind
THIS_YEAR = fiscal_year()


@pytest.fixture
def journey_questionnaire(demo):
    """A small questionnaire (one of each kind the journey needs), answered by RIKEN last
    year, so that this year's sheet offers last year's answer."""
    qn = Questionnaire.objects.create(code="journey", version=1, title_ja="通年試験調査票",
                                      title_en="Full-year test questionnaire")
    section = Section.objects.create(questionnaire=qn, code="S1", title_ja="取組状況", order=1)
    questions = [("J1", K.SINGLE, "規程を整備しているか"), ("J2", K.LONG_TEXT, "取組の内容"),
                 ("J3", K.INTEGER, "担当者の人数"), ("J4", K.EVIDENCE, "規程の写し")]
    for order, (code, kind, text) in enumerate(questions, start=1):
        q = Question.objects.create(questionnaire=qn, section=section, code=code, kind=kind,
                                    order=order, text_ja=text, required=kind != K.EVIDENCE)
        if kind == K.SINGLE:
            Option.objects.create(question=q, code="yes", label_ja="整備している", order=1)
            Option.objects.create(question=q, code="no", label_ja="整備していない", order=2)
    secretariat = User.objects.get(username="secretariat")
    last_year = services.round_create(
        user=secretariat, fiscal_year=THIS_YEAR - 1, questionnaire=qn,
        opens_on=date(THIS_YEAR - 1, 6, 1), due_on=date(THIS_YEAR - 1, 7, 31),
        title_ja="前年度の試験", targets=list(_riken()))
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.round_open(round=last_year, user=secretariat)
    sheet = Sheet.objects.get(round=last_year)
    services.answers_save(sheet=sheet, user=User.objects.get(username="riken-editor"),
                          raw={"J2": "前年度から研究インテグリティ規程を運用している"},
                          base_version=sheet.version)
    return qn


def _riken():
    from kokken.models import Agency

    return Agency.objects.filter(code="riken")


class Role:
    """One signed-in browser session."""

    def __init__(self, browser, live_server, username):
        self.context = browser.new_context(locale="ja-JP", accept_downloads=True)
        self.page = self.context.new_page()
        self.url = live_server.url
        self.csp_errors = []
        self.page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
                     and self.csp_errors.append(m.text))
        sign_in(self.page, live_server, username)

    def go(self, path):
        self.page.goto(f"{self.url}{path}")
        return self.page

    def click(self, name, confirm=False):
        if confirm:
            self.page.once("dialog", lambda dialog: dialog.accept())
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()
        return self.page


def _saved(page, code):
    page.locator(f"#status-{code}").get_by_text("保存しました").wait_for()


def test_a_full_year_from_opening_to_publication(browser, demo, journey_questionnaire,
                                                 tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = Role(browser, demo, "secretariat")
    editor = Role(browser, demo, "riken-editor")
    approver = Role(browser, demo, "riken-approver")
    reviewer = Role(browser, demo, "mext-reviewer")
    roles = (secretariat, editor, approver, reviewer)
    try:
        # 1. The secretariat creates the round through the form and opens it.
        page = secretariat.go("/rounds/new/")
        page.get_by_label("表題（日本語）").fill("通年試験")
        page.get_by_label("調査票の版").select_option(label="通年試験調査票 (v1)")
        for legend, (y, m, d) in (("開始日", (THIS_YEAR, 6, 1)), ("提出期限", (2099, 7, 31))):
            group = page.locator("fieldset", has=page.locator("legend", has_text=legend))
            group.get_by_label("年").fill(str(y))
            group.get_by_label("月").fill(str(m))
            group.get_by_label("日").fill(str(d))
        secretariat.click("作成する")
        assert "調査を作成しました" in page.locator(".banner").first.inner_text()
        round = Round.objects.get(title_ja="通年試験")
        assert round.fiscal_year == THIS_YEAR
        secretariat.click("調査を開始する", confirm=True)
        sheet = Sheet.objects.get(round=round, agency__code="riken")
        assert Sheet.objects.filter(round=round).count() == round.targets.count() > 20

        # 2. The editor answers: autosave, last year's answer copied, evidence attached.
        sheet_url = f"/sheets/{sheet.pk}/"
        page = editor.go(sheet_url)
        page.get_by_role("link", name="回答を入力する").click()
        page.locator("#field-J1").get_by_label("整備している").check()
        _saved(page, "J1")
        j2 = page.locator("#field-J2")
        assert "前年度から研究インテグリティ規程を運用している" in j2.locator(".previous").inner_text()
        j2.get_by_role("button", name="前年度の回答をコピーする").click()
        _saved(page, "J2")
        assert page.locator("#q-J2").input_value() == "前年度から研究インテグリティ規程を運用している"
        # A required answer still missing: the sheet lists it as a link instead of the button.
        page = editor.go(sheet_url)
        assert "J3" in page.locator("#missing-answers").inner_text()
        assert page.get_by_role("button", name="承認を依頼する").count() == 0
        page.locator("#missing-answers").get_by_role("link").first.click()
        page.locator("#q-J3").fill("3")
        page.locator("#q-J3").blur()
        _saved(page, "J3")
        page.get_by_label("ファイルを添付する").set_input_files(
            {"name": "規程.txt", "mimeType": "text/plain",
             "buffer": "研究インテグリティ規程（写し）\n".encode()})
        editor.click("ファイルを添付する")
        assert "規程.txt" in page.locator(".evidence-box").inner_text()
        page = editor.go(sheet_url)
        editor.click("承認を依頼する")
        assert "承認待ち" in page.locator(".summary-list").inner_text()

        # 3. The approver checks the 確認 screen and submits; a receipt number comes back.
        page = approver.go(sheet_url)
        page.get_by_role("link", name="確認して提出する").click()
        assert axe_violations(page) == []
        confirm = page.locator("main").inner_text()
        assert "前年度から研究インテグリティ規程を運用している" in confirm and "規程.txt" in confirm
        approver.click("提出する")
        assert "受付番号" in page.locator(".summary-list").inner_text()

        # 4. The ministry comments on two questions and returns the sheet with a reason.
        page = reviewer.go("/reviews/")
        page.get_by_role("link", name="RIKEN 理化学研究所").first.click()
        for code, text in (("J2", "取組の今年度の変化を書いてください"), ("J3", "兼務者を含むか教えてください")):
            page.locator("dt", has_text=code).locator("xpath=following-sibling::dd[1]") \
                .locator("summary", has_text="この設問にコメントする").click()
            page.locator(f"#c-{code}").fill(text)
            with page.expect_navigation():
                page.locator(f"#c-{code}").locator("xpath=..").get_by_role(
                    "button", name="コメントを追加する").click()
        assert axe_violations(page) == []
        page.get_by_label("修正してほしい内容").fill("コメントした2問を見直してください")
        reviewer.click("法人に差し戻す", confirm=True)
        assert "差戻し" in page.locator(".summary-list").inner_text()

        # 5. The editor sees the reason, fixes J2 and J3, replies, and the changes since the
        #    return list exactly what changed after it.
        page = editor.go(sheet_url)
        assert "コメントした2問を見直してください" in page.locator("#return-reason").inner_text()
        page.get_by_role("link", name="回答を入力する").click()
        assert "取組の今年度の変化を書いてください" in page.locator("#field-J2 .comment").inner_text()
        page.locator("#q-J2").fill("今年度は規程を改正し、研修を全職員に拡大した")
        page.locator("#q-J3").fill("4")
        with page.expect_navigation():
            page.get_by_role("button", name="一時保存する").click()
        page = editor.go(sheet_url)
        page.get_by_role("link", name="差戻し以降の変更").click()
        changes = page.locator("table").inner_text()
        assert "今年度は規程を改正し" in changes and "4" in changes
        assert "整備している" not in changes  # J1 was not touched after the return
        page = editor.go(sheet_url)
        comment = sheet.comments.get(question__code="J3")
        thread = page.locator(f"#comment-{comment.pk}")
        thread.get_by_label("返信内容").fill("兼務者1名を含みます")
        thread.get_by_label("対応済みにする").check()
        with page.expect_navigation():
            thread.get_by_role("button", name="送信する").click()
        assert axe_violations(page) == []
        editor.click("承認を依頼する")

        # 6. The approver sends it back once with a note, the editor reads it and asks again,
        #    and the approver submits.
        page = approver.go(sheet_url)
        assert axe_violations(page) == []
        page.get_by_label("入力担当者に修正してほしい内容").fill("返信を確認しました。念のため再確認を")
        approver.click("入力担当者に戻す")
        page = editor.go(sheet_url)
        assert "念のため再確認を" in page.locator("#send-back-note").inner_text()
        editor.click("承認を依頼する")
        page = approver.go(sheet_url)
        page.get_by_role("link", name="確認して提出する").click()
        assert "今年度は規程を改正し" in page.locator("main").inner_text()
        approver.click("提出する")

        # 7. The ministry accepts.
        page = reviewer.go(sheet_url)
        reviewer.click("受理する", confirm=True)
        sheet.refresh_from_db()
        assert sheet.state == Sheet.State.ACCEPTED

        # 8. The secretariat closes and publishes, then downloads the annual PDF and the
        #    Excel export and reads them.
        page = secretariat.go(f"/rounds/{round.pk}/")
        secretariat.click("調査を締め切る", confirm=True)
        secretariat.click("集計結果を公表する", confirm=True)
        assert "公表済" in page.locator(".summary-list").inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="回答をダウンロード（Excel）").click()
        _check_export(Path(download.value.path()))
        page.get_by_role("link", name="報告書（PDF）").click()
        annual = page.locator(f"#report-annual-{round.pk}")
        annual.get_by_role("button", name="作成する").click()  # htmx swaps the row in place
        link = page.locator(f"#report-annual-{round.pk}").get_by_role("link", name="PDFをダウンロード")
        link.wait_for(timeout=60_000)
        screenshot(page, "journey-reports")
        with page.expect_download() as download:
            link.click()
        text = pdf_text(Path(download.value.path()).read_bytes(), tmp_path).replace(" ", "")
        assert "年次フォローアップ報告書" in text and "通年試験" in text
        assert "整備している" in text  # J1's distribution: RIKEN's accepted answer counted
        assert all(role.csp_errors == [] for role in roles)
    finally:
        for role in roles:
            role.context.close()


def _check_export(path: Path):
    from openpyxl import load_workbook

    with path.open("rb") as f:  # Playwright saves downloads without a suffix
        book = load_workbook(f, read_only=True)
        _check_rows(book)


def _check_rows(book):
    assert {"wide", "long", "codebook", "aggregate"} <= set(book.sheetnames)
    rows = list(book["wide"].iter_rows(values_only=True))
    header = rows[0]
    riken = next(r for r in rows[1:] if "riken" in r)
    record = dict(zip(header, riken))
    assert record["J2"] == "今年度は規程を改正し、研修を全職員に拡大した"
    assert record["J3"] == 4
    assert record["state"] == Sheet.State.ACCEPTED
    codes = {r[0] for r in book["codebook"].iter_rows(min_row=2, values_only=True)}
    assert {"J1", "J2", "J3"} <= codes
