"""The embedded SQLite default holds ordinary concurrency through a real server.

A gunicorn with several workers and threads serves a file database seeded with the demo;
two people and a second tab autosave and post whole sections at the same time, as fast
clicking does. No reply may be a 5xx ("database is locked") and no answer may be lost.
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

SEED = r"""
import json
from django.test import Client
from agreements.models import Question, Round, Sheet
from kokken.models import User
from kokken.wareki import fiscal_year
round = Round.objects.get(fiscal_year=fiscal_year(), status="open")  # the demo's open round
sheet = Sheet.objects.get(round=round, agency__code="riken")
sessions = {}
for name in ("riken-editor", "riken-approver"):
    client = Client()
    client.force_login(User.objects.get(username=name))
    sessions[name] = client.cookies["sessionid"].value
questions = {}
for q in Question.objects.filter(questionnaire=round.questionnaire).select_related("section"):
    questions.setdefault(q.section.code, []).append([q.code, q.kind])
print("SEED" + json.dumps({"sheet": sheet.pk, "sessions": sessions, "questions": questions}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sqlite-server")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL",
                                                              "DJANGO_SETTINGS_MODULE")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp / "media"),
                "DJANGO_SETTINGS_MODULE": "kokken.settings", "PYTHONPATH": str(ROOT)})
    python = sys.executable
    run = dict(cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], **run) \
        .returncode == 0
    seeded = subprocess.run([python, "manage.py", "seed_demo"], **run)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    out = subprocess.run([python, "manage.py", "shell", "-c", SEED], **run)
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout.split("SEED", 1)[1])
    port = free_port()
    log = open(tmp / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "kokken.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "3", "--threads", "4", "--timeout", "60"], cwd=ROOT, env=env, stdout=log,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(f"{url}/accounts/login/", timeout=10)
            break
        except requests.RequestException:
            time.sleep(0.2)
    try:
        yield {"url": url, "db": tmp / "db.sqlite3", "env": env, **data}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def session(server, who):
    s = requests.Session()
    s.cookies.set("sessionid", server["sessions"][who], domain="127.0.0.1")
    page = s.get(f"{server['url']}/sheets/{server['sheet']}/sections/HR/", timeout=30)
    assert page.status_code == 200
    s.version = int(re.search(r'name="version" id="sheet-version" value="(\d+)"', page.text)[1])
    s.headers["X-CSRFToken"] = s.cookies["csrftoken"]
    return s


def number_questions(server, section):
    return [code for code, kind in server["questions"][section] if kind in ("integer", "amount")]


def text_questions(server, section):
    return [code for code, kind in server["questions"][section] if kind in ("short_text",
                                                                          "long_text")]


def test_concurrent_autosaves_and_posts_against_sqlite_get_no_5xx_and_lose_nothing(server):
    url, sheet = server["url"], server["sheet"]
    statuses: list[tuple[str, int]] = []
    expected: dict[str, str] = {}
    lock = threading.Lock()

    def autosaver(who, codes, rounds):
        s = session(server, who)
        for n in range(rounds):
            for code in codes:
                value = f"{who[6:]}-{n}" if code in texts else str(100 + n)
                r = s.post(f"{url}/sheets/{sheet}/autosave/",
                           data={"code": code, f"q-{code}": value, "version": s.version},
                           timeout=60)
                with lock:
                    statuses.append((f"autosave {code}", r.status_code))
                    if r.status_code == 200:
                        expected[code] = value

    def poster(who, section, codes, rounds):
        s = session(server, who)
        for n in range(rounds):
            data = {"version": s.version, "next_section": section}
            data.update({f"q-{code}": f"post-{who[6:]}-{n}" for code in codes})
            r = s.post(f"{url}/sheets/{sheet}/sections/{section}/", data=data, timeout=60,
                       allow_redirects=False)
            with lock:
                statuses.append((f"post {section}", r.status_code))
                if r.status_code == 302:
                    expected.update({code: data[f"q-{code}"] for code in codes})

    texts = set(text_questions(server, "SEC")) | set(text_questions(server, "IP"))
    hr_numbers = number_questions(server, "HR")
    threads = [
        threading.Thread(target=autosaver, args=("riken-editor", hr_numbers[:2], 12)),
        threading.Thread(target=autosaver, args=("riken-approver", hr_numbers[2:4], 12)),
        threading.Thread(target=autosaver, args=("riken-editor", text_questions(server, "SEC")[:2], 12)),
        threading.Thread(target=poster, args=("riken-approver", "IP", text_questions(server, "IP")[:2], 10)),
        threading.Thread(target=poster, args=("riken-editor", "TR", text_questions(server, "TR")[:2], 10)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    errors = [(what, status) for what, status in statuses if status >= 500]
    assert errors == []
    assert len(statuses) == 2 * 2 * 12 + 2 * 12 + 2 * 10
    assert all(status in (200, 302) for _what, status in statuses), statuses
    # Every answer holds the last value its sender saved: nothing lost, nothing reverted.
    check = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "import json; from agreements.models import Answer; from agreements import answers as v;"
         f"print('ANS' + json.dumps({{a.question.code: str(v.display(a.question, v.get(a, a.question), {{}})).replace(',', '')"
         f" for a in Answer.objects.filter(sheet_id={sheet}).select_related('question')}}))"],
        cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=120)
    stored = json.loads(check.stdout.split("ANS", 1)[1])
    assert {code: stored.get(code) for code in expected} == expected
