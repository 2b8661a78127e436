"""The idle timeout holds without writing the session on every request (issue 18)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
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


def _idle_past_the_timeout(client) -> None:
    """What an hour without a request does: the row's expiry passes and the cached copy,
    stored for the session's remaining age, is gone."""
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    cache.delete(CachedSession.cache_key_prefix + key)


def test_a_session_idle_longer_than_the_timeout_is_signed_out(client_for, cast):
    client = client_for(cast.editor)
    assert client.get("/agencies/riken/").status_code == 200
    _idle_past_the_timeout(client)
    response = client.get("/agencies/riken/")
    assert response.status_code == 302 and reverse("login") in response.url


def test_pages_read_the_session_from_the_cache(client_for, cast):
    client = client_for(cast.editor)
    client.get("/agencies/riken/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/agencies/riken/").status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_a_session_the_cache_lost_is_read_from_the_database(client_for, cast):
    client = client_for(cast.editor)
    client.get("/agencies/riken/")
    cache.delete(CachedSession.cache_key_prefix + client.session.session_key)
    response = client.get("/agencies/riken/")
    assert response.status_code == 200 and response.wsgi_request.user == cast.editor


def test_cached_copy_of_a_session_expires_with_it(client_for, cast, monkeypatch):
    stored = {}
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None, **kw: (
        stored.__setitem__(key, timeout), real_set(key, value, timeout, **kw))[1])
    client = client_for(cast.editor)
    client.get("/agencies/riken/")
    key = CachedSession.cache_key_prefix + client.session.session_key
    assert key in stored
    assert abs(stored[key] - settings.SESSION_COOKIE_AGE) <= 5


def test_anonymous_visits_create_no_session(client, db):
    client.get(reverse("login"))
    assert Session.objects.count() == 0
