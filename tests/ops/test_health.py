"""/readyz: JSON, no sign-in, each dependency named, nothing sensitive."""

import json
import os

import pytest
from django.urls import resolve

from kokken import access, pdf

REDIS = os.environ.get("REDIS_URL", "")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def broker(settings):
    """Tasks through a broker (not in-process), as in production; restored afterwards."""
    from kokken.celery import app

    def use(url: str):
        settings.REDIS_URL = url
        app.conf.broker_url = url
        app.conf.task_always_eager = False
        app.conf.broker_connection_timeout = 1

    saved = (app.conf.broker_url, app.conf.broker_connection_timeout)
    yield use
    app.conf.broker_url, app.conf.broker_connection_timeout = saved


def readyz(client):
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_readyz_answers_anonymous_users_with_each_check_named(client, media):
    status, body = readyz(client)
    assert status == 200, body
    assert body == {"status": "ok", "checks": {"database": "ok", "storage": "ok",
                                               "broker": "not used", "workers": "not used",
                                               "fonts": "ok"}}


def test_health_endpoints_are_declared_public():
    assert access.rule_of(resolve("/readyz").func).kind == "public"
    assert access.rule_of(resolve("/healthz").func).kind == "public"


@pytest.mark.django_db
def test_readyz_is_unavailable_without_japanese_fonts(client, media, monkeypatch):
    monkeypatch.setattr(pdf, "japanese_fonts", lambda: ())
    status, body = readyz(client)
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["fonts"] == "unavailable"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_unavailable_when_uploads_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["storage"] == "unavailable"


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_broker_without_naming_it(client, media, broker):
    broker("redis://127.0.0.1:9/0")  # the discard port: nothing listens there
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["broker"] == "unavailable"
    assert body["checks"]["workers"] == "unavailable"
    text = json.dumps(body)
    for secret in ("127.0.0.1", "redis", ":9", str(media), "Error", "Traceback"):
        assert secret not in text


@pytest.mark.worker
@pytest.mark.skipif(not REDIS, reason="needs Redis (.ci/run sets REDIS_URL)")
@pytest.mark.django_db
def test_readyz_wants_a_worker_on_every_queue(client, media, broker):
    """Redis answers but no worker listens: not ready (reports would wait for ever)."""
    broker(REDIS)
    status, body = readyz(client)
    assert body["checks"]["broker"] == "ok"
    assert body["checks"]["workers"] == "unavailable"
    assert status == 503


@pytest.mark.django_db
def test_readyz_exposes_nothing_about_the_installation(client, media, settings):
    response = client.get("/readyz")
    text = response.content.decode()
    for secret in (settings.SECRET_KEY, str(settings.BASE_DIR), str(media),
                   settings.DATABASES["default"]["NAME"].__str__()):
        assert secret not in text
    assert set(json.loads(text)) == {"status", "checks"}
