"""The idle timeout holds without writing the session on every request (issue 18)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kokken.middleware import SessionIdleMiddleware


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries if "django_session" in q["sql"]
               and not q["sql"].lstrip().upper().startswith("SELECT"))


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_a_minute_do_not_write_the_session(client_for, cast):
    client = client_for(cast.editor)
    client.get(reverse("home"), follow=True)  # the first page marks the session as seen
    assert _session_writes(client, "/agencies/riken/") == 0
    assert _session_writes(client, "/agencies/riken/") == 0


def test_a_page_after_a_minute_moves_the_expiry_forward(client_for, cast, monkeypatch):
    client = client_for(cast.editor)
    client.get("/agencies/riken/")
    before = _expiry(client)
    later = SessionIdleMiddleware.REFRESH_SECONDS + 1
    real = __import__("time").time
    monkeypatch.setattr("kokken.middleware.time.time", lambda: real() + later)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=before - timedelta(seconds=later))
    assert _session_writes(client, "/agencies/riken/") >= 1
    assert _expiry(client) > before - timedelta(seconds=later)


def test_a_session_idle_longer_than_the_timeout_is_signed_out(client_for, cast):
    client = client_for(cast.editor)
    assert client.get("/agencies/riken/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/agencies/riken/")
    assert response.status_code == 302 and reverse("login") in response.url


def test_anonymous_visits_create_no_session(client, db):
    client.get(reverse("login"))
    assert Session.objects.count() == 0
