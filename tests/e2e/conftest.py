"""Real Chromium (Debian's) driven by Playwright against the live test server."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import seeded_snapshot

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright sync API + live_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/system-packages.sh test"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP", bypass_csp=False)
    page = context.new_page()
    csp_errors = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
            and csp_errors.append(m.text))
    page.csp_errors = csp_errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def _demo_users_snapshot(django_db_setup, django_db_blocker):
    def seed():
        from kokken import demo as demo_users

        call_command("load_organisations", verbosity=0)
        call_command("load_agreement_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        demo_users.seed("kokken-demo")

    return seeded_snapshot(django_db_blocker, seed)


@pytest.fixture
def demo(transactional_db, live_server, _demo_users_snapshot):
    """Organisations, the agreement data and the demo users in the live server's database
    (not the demo rounds: each test makes what it needs). Loaded once per session and
    restored (committed) into each test."""
    from tests import snapshots

    snapshots.restore(_demo_users_snapshot)
    return live_server


def sign_in(page, live_server, username, password="kokken-demo"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state("networkidle")
    if "/accounts/mfa/" in page.url:
        # The second step, as a person would do it: the code their authenticator app shows.
        from kokken import mfa
        from kokken.models import User
        from tests.conftest import totp_code

        device = mfa.totp_device(User.objects.get(username=username))
        page.get_by_label("確認コード").fill(totp_code(device))
        page.get_by_role("button", name="確認").click()
        page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[str]:
    """WCAG 2.0/2.1 A and AA violations (JIS X 8341-3 AA) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag",
                                                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                       "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes']][:3]})" for v in results.response["violations"]]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_riken_sheet(*, fiscal_year: int, title_ja: str):
    """RIKEN's sheet in a newly opened round on the real FY2023 integrity questionnaire."""
    from datetime import date

    from django.test import TestCase

    from agreements import services
    from agreements.models import Questionnaire, Sheet
    from kokken.models import User

    secretariat = User.objects.get(username="secretariat")
    round = services.round_create(
        user=secretariat, fiscal_year=fiscal_year,
        questionnaire=Questionnaire.objects.get(code="integrity", version=2),
        opens_on=date(fiscal_year, 6, 1), due_on=date(2099, 7, 31), title_ja=title_ja)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.round_open(round=round, user=secretariat)
    return Sheet.objects.get(round=round, agency__code="riken")
