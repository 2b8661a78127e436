"""PostgreSQL going away under load (a restart, a fail-over, dropped connections).

The real test runs gunicorn and a Celery worker on the test database and, while requests
are in flight, drops every connection to that database and refuses new ones for a few
seconds (``pg_terminate_backend`` + ``ALLOW_CONNECTIONS false``: what a restart does to
the app, without touching the machine's shared PostgreSQL cluster). It proves that users
get a "try again" page and never the error page, that nothing is half written, that the
same gunicorn workers serve again by themselves, and that the worker finishes the jobs
queued around the outage.

The fast tests check the "try again" answer itself (any database).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from unittest import mock

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Answer, AnswerChange, Sheet
from kokken.models import Agency, AuditEvent, Notification
from tests.agreements.factories import make_questionnaire, open_round
from tests.conftest import sign_in

from .workers import REAL, Gunicorn, OwnRedis, Worker, use_broker, wait_for

TRY_AGAIN_JA = "もう一度お試しください"
TRY_AGAIN_EN = "Please try again in a moment."


# --- The answer while the database is away (fast, any database) -------------------------

@pytest.fixture
def database_gone():
    """Every session lookup fails as it does while PostgreSQL restarts (a session the cache
    does not keep is read from the database: an unknown cookie is)."""
    error = OperationalError("terminating connection due to administrator command")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
                    side_effect=error):
        yield


@pytest.mark.django_db
def test_a_page_says_try_again_with_503_while_the_database_is_away(cast, database_gone):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get(reverse("notifications"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert TRY_AGAIN_JA in page and TRY_AGAIN_EN in page
    assert "Traceback" not in page and "administrator command" not in page


@pytest.mark.django_db
def test_the_api_says_try_again_in_json_while_the_database_is_away(cast, database_gone):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/api/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_a_session_that_cannot_be_saved_at_the_end_of_the_request_says_try_again(cast):
    from django.contrib.sessions.backends.base import UpdateError

    def save(self, must_create=False):  # as the database backend fails when PostgreSQL goes
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise UpdateError  # exactly as Django's database sessions do

    client = Client(raise_request_exception=False)
    client.force_login(cast.editor)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save", save):
        response = client.get(reverse("notifications"))
    assert response.status_code == 503  # not Django's "Bad Request (400)"
    assert TRY_AGAIN_JA in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_get_the_error_page(cast):
    client = Client(raise_request_exception=False)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
                    side_effect=RuntimeError("a bug")):
        client.cookies["sessionid"] = "x" * 32
        response = client.get(reverse("notifications"))
    assert response.status_code == 500
    assert "システムエラー" in response.content.decode()


# --- PostgreSQL away under load (gunicorn + worker, .ci/run) ----------------------------

class Outage:
    """Drop this test database's connections and refuse new ones, on the shared cluster."""

    def __init__(self):
        settings = connection.settings_dict
        self.name = settings["NAME"]
        self.admin = psycopg.connect(
            host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
            user=settings["USER"], password=settings["PASSWORD"] or None, dbname="postgres",
            autocommit=True)
        with connection.cursor() as cursor:  # the test's own connection stays (it checks)
            cursor.execute("SELECT pg_backend_pid()")
            self.own_pid = cursor.fetchone()[0]

    def begin(self) -> int:
        self.admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
        rows = self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s AND pid <> pg_backend_pid()",
            [self.name, self.own_pid]).fetchall()
        return len(rows)

    def end(self) -> None:
        self.admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def close(self) -> None:
        self.end()
        self.admin.close()


class Load:
    """Users in flight: an editor autosaving, others reading pages, until stopped."""

    def __init__(self, web: Gunicorn):
        self.web = web
        self.results: list[tuple[float, str, int, str, str]] = []  # (t, what, status, version, body)
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def run(self, what: str, call) -> None:
        def loop():
            n = 0
            while not self.stop.is_set():
                n += 1
                try:
                    status, headers, body = call(n)
                except OSError as exc:  # a refused or reset connection would be a failure too
                    status, headers, body = 0, {}, repr(exc)
                self.results.append((time.monotonic(), what, status,
                                     headers.get("X-Answer-Version", ""), body))
                time.sleep(0.02)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        self.threads.append(thread)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def session_cookies(user) -> dict[str, str]:
    client = sign_in(Client(), user)
    csrf = "k" * 32  # a CSRF secret of our own, sent as cookie and header (as a browser would)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.skipif(not REAL, reason="needs PostgreSQL and Redis (.ci/run sets both)")
@pytest.mark.django_db(transaction=True)
def test_postgresql_going_away_under_load_gives_try_again_and_everything_recovers(
        request, organisations, cast, media, tmp_path):
    from kokken.celery import app

    riken, aist = Agency.objects.get(code="riken"), Agency.objects.get(code="aist")
    app.conf.task_always_eager = True  # the round under load opens in-process, at once
    load_round = open_round(cast, make_questionnaire("qload"), targets=[riken, aist])  # eager
    sheet = Sheet.objects.get(round=load_round, agency=riken)
    v0 = sheet.version
    later_qn = make_questionnaire("qlater")
    today = timezone.localdate()  # due later: no reminder falls due during the test
    later = [services.round_create(user=cast.secretariat, fiscal_year=year,
                                   questionnaire=later_qn, opens_on=today,
                                   due_on=today + timedelta(days=60), title_ja=f"{year}年度 障害時",
                                   targets=[riken, aist]) for year in (2025, 2026)]
    editor, reader = session_cookies(cast.editor), session_cookies(cast.secretariat)

    redis = OwnRedis(tmp_path)
    redis.start()
    request.addfinalizer(redis.stop)
    saved_broker = app.conf.broker_url
    use_broker(redis.url)
    request.addfinalizer(lambda: use_broker(saved_broker))
    app.conf.task_always_eager = False  # restored by tests/conftest.py
    outage = Outage()
    request.addfinalizer(outage.close)
    web = Gunicorn(tmp_path, media=media, redis_url=redis.url)
    request.addfinalizer(web.stop)
    worker = Worker(tmp_path, media=media, redis_url=redis.url,
                    args=("--pool=solo", "-B", f"--schedule={tmp_path / 'beat'}"),
                    env={"SWEEP_SECONDS": "2"})
    request.addfinalizer(worker.stop)
    web.wait_until_ready()
    worker.wait_until_ready()
    gunicorn_workers = web.workers()

    # Two rounds are opened; their sheets wait in the queue, where the worker will meet
    # them during the outage (it stops taking work until then).
    app.control.cancel_consumer("celery", reply=True, timeout=5, limit=1)
    for round in later:
        assert services.round_open(round=round, user=cast.secretariat)

    sheet_url = reverse("agreements:sheet", kwargs={"sheet": sheet.pk})
    autosave_url = reverse("agreements:sheet_autosave", kwargs={"sheet": sheet.pk})
    version = {"now": v0}

    def autosave(n):
        status, headers, body = web.request(
            "POST", autosave_url, cookies=editor,
            data={"code": "T1", "q-T1": f"回答{n}", "version": version["now"]},
            headers={"X-CSRFToken": editor["csrftoken"], "HX-Request": "true"})
        if status == 200:
            version["now"] = int(headers["X-Answer-Version"])
        return status, headers, body

    load = Load(web)
    load.run("autosave", autosave)
    load.run("sheet", lambda n: web.request("GET", sheet_url, cookies=editor))
    load.run("notifications", lambda n: web.request("GET", reverse("notifications"),
                                                     cookies=reader))
    def served(kind, after=0.0, n=1):
        return sum(1 for t, what, status, _v, _b in load.results
                   if what == kind and status == 200 and t > after) >= n

    wait_for(lambda: all(served(kind) for kind in ("autosave", "sheet", "notifications")),
             "the load to run", lambda: web.log, timeout=60)

    started = time.monotonic()
    assert outage.begin() >= 2  # gunicorn's and the worker's connections were dropped
    app.control.add_consumer("celery", reply=True, timeout=5, limit=1)
    time.sleep(3)
    outage.end()
    ended = time.monotonic()
    wait_for(lambda: served("autosave", after=ended, n=1), "a save after the outage",
             lambda: web.log, timeout=30)
    recovered = time.monotonic()
    time.sleep(1)
    load.finish()

    # Users: saved, or told to try again; never the error page, never a hang.
    statuses = {status for _t, _w, status, _v, _b in load.results}
    odd = [(t - started, what, status, body[:2000]) for t, what, status, _v, body in load.results
           if status not in (200, 503)]
    assert statuses <= {200, 503}, odd
    refused = [(what, body) for t, what, status, _v, body in load.results if status == 503]
    assert refused, "no request met the outage"
    for _what, body in refused:
        assert TRY_AGAIN_JA in body and TRY_AGAIN_EN in body
    assert all(started - 1 <= t <= recovered + 0.5
               for t, _w, status, _v, _b in load.results if status == 503)
    assert all(status == 200 for t, _w, status, _v, _b in load.results if t > recovered + 0.5)
    assert recovered - ended < 10, "the app took too long to reconnect"
    assert web.workers() == gunicorn_workers, "gunicorn's workers were restarted"

    # Data: every version of the sheet is whole (its answer change and its audit line),
    # every acknowledged save is there, and the answer is the last change's value.
    sheet.refresh_from_db()
    versions = sorted(set(AnswerChange.objects.filter(sheet=sheet)
                          .values_list("sheet_version", flat=True)))
    assert versions == list(range(v0 + 1, sheet.version + 1))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANSWER_CHANGE,
                                     what__startswith=f"sheet #{sheet.pk} v").count() \
        == sheet.version - v0
    acknowledged = {int(v) for _t, what, status, v, _b in load.results
                    if what == "autosave" and status == 200}
    assert acknowledged <= set(versions)
    last = AnswerChange.objects.filter(sheet=sheet).order_by("-sheet_version").first()
    answer = Answer.objects.get(sheet=sheet, question__code="T1")
    assert (answer.text, answer.version) == (last.new, last.sheet_version)

    # The worker: its queued sheet creations finish once the database is back, and each
    # agency is told once.
    for round in later:
        wait_for(lambda r=round: Sheet.objects.filter(round=r).count() == 2,
                 f"the sheets of round {round.pk}", lambda: worker.log, timeout=60, every=0.5)
    assert worker.process.poll() is None, worker.log
    time.sleep(2.5)  # one more sweep: nobody is told twice
    for round in later:
        riken_sheet = Sheet.objects.get(round=round, agency=riken)
        assert Notification.objects.filter(
            user=cast.editor,
            url=reverse("agreements:sheet", kwargs={"sheet": riken_sheet.pk})).count() == 1
    assert "OperationalError" in worker.log  # it did meet the outage
