"""Screenshots of the key pages in Japanese and English for the README (`make screenshots`).

Builds a throw-away demo installation (its own SQLite file, the same `seed_demo` as
`make run`), serves it with `manage.py runserver`, signs in as the demo users with
Debian's headless Chromium (never a downloaded browser) and saves 1280-pixel-wide PNGs,
reduced to a 256-colour palette, under docs/screenshots/: <page>-<ja|en>.png.

    .venv/bin/python scripts/screenshots.py            # all pages
    .venv/bin/python scripts/screenshots.py aggregate  # only the pages named
"""

import base64
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTH, MAX_HEIGHT = 1280, 1500
PASSWORD = "kokken-demo"
LANGUAGES = ("ja", "en")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(workdir: Path) -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # tasks and report jobs run in the web process
    env.update(DATABASE_URL=f"sqlite:///{workdir / 'screenshots.sqlite3'}",
               MEDIA_ROOT=str(workdir / "media"), DEMO_PASSWORD=PASSWORD,
               DJANGO_SETTINGS_MODULE="kokken.settings", LOG_LEVEL="ERROR")
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _code() -> str:
    """The demo users' current second-factor code (what `manage.py demo_totp` prints)."""
    from django_otp.oath import TOTP

    secret = os.environ.get("DEMO_TOTP_SECRET", "KOKKENDEMOKOKKENDEMOKOKKENDEMO23").upper()
    totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/accounts/mfa/" in page.url:
        page.locator("input[name=code]").fill(_code())
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()


def _set_language(page, lang: str) -> None:
    if page.locator("html").get_attribute("lang") != lang:
        with page.expect_navigation():
            page.locator(f".lang-switch button[value={lang}]").click()


def _save(page, name: str, lang: str, *, top_of: str | None = None) -> Path:
    """A screenshot from the top of the page (or from ``top_of``'s heading), at most
    MAX_HEIGHT pixels high, in a 256-colour palette."""
    from PIL import Image

    y = 0
    if top_of:
        y = max(0, int(page.locator(top_of).first.bounding_box()["y"]) - 24)
    height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight") - y)
    png = page.screenshot(full_page=True, clip={"x": 0, "y": y, "width": WIDTH, "height": height},
                          animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256,
                                                              method=Image.Quantize.MEDIANCUT)
    path = OUT / f"{name}-{lang}.png"
    image.save(path, optimize=True)
    return path


def _pages(ids: dict) -> list[tuple[str, str | None, str, str | None]]:
    """(name, user, path, selector to start the picture at)."""
    return [
        ("sign-in", None, "/accounts/login/", None),
        ("agency-sheet", "riken-editor",
         f"/sheets/{ids['riken']}/sections/{ids['section']}/", None),
        ("ministry-review", "mext-reviewer", f"/sheets/{ids['nims']}/", None),
        ("secretariat-matrix", "secretariat", f"/rounds/{ids['open']}/", None),
        ("aggregate", "secretariat", f"/rounds/{ids['published']}/aggregate/", None),
        ("reports", "secretariat", f"/rounds/{ids['published']}/reports/", None),
    ]


def _ids(env: dict) -> dict:
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], MEDIA_ROOT=env["MEDIA_ROOT"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from agreements.models import Round, Sheet

    open_round = Round.objects.filter(status=Round.Status.OPEN).order_by("-fiscal_year").first()
    published = Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-fiscal_year").first()
    riken = Sheet.objects.get(round=open_round, agency__code="riken")
    return {"open": open_round.pk, "published": published.pk, "riken": riken.pk,
            "nims": Sheet.objects.get(round=open_round, agency__code="nims").pk,
            "section": open_round.questionnaire.sections.order_by("order").first().code}


def main(only: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kokken-screenshots-") as tmp:
        env = _environment(Path(tmp))
        print("Building the demo installation…")
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "seed_demo")
        ids = _ids(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",
                                   f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
                _shoot(browser, base, ids, only)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


def _shoot(browser, base: str, ids: dict, only: list[str]) -> None:
    contexts = {}

    def page_for(user, lang):
        if user not in contexts:
            context = browser.new_context(locale="ja-JP", device_scale_factor=1,
                                          viewport={"width": WIDTH, "height": 900})
            page = context.new_page()
            if user:
                _sign_in(page, base, user)
            contexts[user] = (context, page)
        page = contexts[user][1]
        if page.url == "about:blank":
            page.goto(f"{base}/accounts/login/")
        _set_language(page, lang)
        return page

    try:
        for lang in LANGUAGES:
            for name, user, path, top_of in _pages(ids):
                if only and name not in only:
                    continue
                page = page_for(user, lang)
                if name == "reports":
                    _generate_annual_report(page, base, path, ids)
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                saved = _save(page, name, lang, top_of=top_of)
                print(f"{saved.relative_to(ROOT)}  {saved.stat().st_size // 1024} KB")
    finally:
        for context, _page in contexts.values():
            context.close()


def _generate_annual_report(page, base: str, path: str, ids: dict) -> None:
    """The report page looks as it does in use: the annual report generated once."""
    page.goto(f"{base}{path}")
    row = page.locator(f"#report-annual-{ids['published']}")
    if row.locator("a[download]").count():
        return
    row.locator("button[type=submit]").click()
    page.locator(f"#report-annual-{ids['published']} a[download]").wait_for(timeout=180_000)


if __name__ == "__main__":
    main(sys.argv[1:])
