"""Structured logs: one JSON line per request, with ids and never a name or a secret."""

import io
import json
import logging.config

import pytest
from django.conf import settings
from django.urls import reverse

from kokken import logs
from tests.conftest import sign_in


@pytest.fixture
def json_lines():
    """Production logging (JSON at INFO) for the test; returns a reader of the lines."""
    logging.config.dictConfig(logs.logging_config(json=True, level="INFO", request_level="INFO"))
    stream = io.StringIO()
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    console.setStream(stream)

    def read() -> list[dict]:
        text, _ = stream.getvalue(), stream.truncate(0)
        stream.seek(0)
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    yield read
    logging.config.dictConfig(settings.LOGGING)


def request_lines(lines):
    return [line for line in lines if line["event"] in ("request_finished", "request_failed")]


@pytest.mark.django_db
def test_one_json_line_per_request_with_ids_role_path_status_and_duration(
        client, cast, json_lines):
    sign_in(client, cast.editor)
    response = client.get(reverse("agency_detail", kwargs={"agency": cast.agency.code}) + "?q=x")
    assert response.status_code == 200
    [line] = request_lines(json_lines())
    assert line["user_id"] == cast.editor.pk
    assert line["role"] == cast.editor.role
    assert line["path"] == f"/agencies/{cast.agency.code}/"  # no query string
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert len(line["request_id"]) == 36
    text = json.dumps(line, ensure_ascii=False)
    for personal in (cast.editor.username, cast.editor.email):
        assert personal not in text


@pytest.mark.django_db
def test_each_request_gets_its_own_id_and_anonymous_ones_no_user(client, json_lines):
    client.get("/healthz")
    client.get("/healthz")
    lines = request_lines(json_lines())
    assert len(lines) == 2
    assert lines[0]["request_id"] != lines[1]["request_id"]
    assert all(line["user_id"] is None and line["role"] is None for line in lines)


@pytest.mark.django_db
def test_password_reset_tokens_never_reach_the_log(client, json_lines):
    client.get("/accounts/password/reset/MQ/secret-token-123/")
    lines = json_lines()
    assert request_lines(lines)
    assert "secret-token-123" not in json.dumps(lines)


def test_task_lines_say_how_the_task_ended():
    event = logs.add_outcome(None, "info", {"event": "task_failed"})
    assert event["outcome"] == "failed"
    assert logs.add_outcome(None, "info", {"event": "task_succeeded"})["outcome"] == "succeeded"
    assert "outcome" not in logs.add_outcome(None, "info", {"event": "request_finished"})


def test_development_console_is_plain_text_and_quiet_about_ordinary_requests():
    config = logs.logging_config(json=False, level="WARNING", request_level="WARNING")
    formatter = logging.config.dictConfig(config) or logging.getLogger().handlers[0].formatter
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello", None, None)
    assert not formatter.format(record).startswith("{")
    assert config["loggers"]["django_structlog.middlewares.request"]["level"] == "WARNING"
    logging.config.dictConfig(settings.LOGGING)
