"""Real processes for the fault tests: a Celery worker on the test database, and a
Redis server of the test's own (never the machine's main one on 6379)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

REAL = (os.environ.get("DATABASE_URL", "").startswith("postgres")
        and bool(os.environ.get("REDIS_URL")))
TIMEOUT = 120


def test_database_url() -> str:
    db = connection.settings_dict
    return (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


class Worker:
    def __init__(self, tmp_path: Path, *, media: Path, redis_url: str | None = None,
                 args: tuple[str, ...] = ("--pool=solo",), env: dict | None = None):
        self.log_path = tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
        full_env = {**os.environ, "DATABASE_URL": test_database_url(), "MEDIA_ROOT": str(media),
                    "CELERY_TASK_ALWAYS_EAGER": "false", "LOG_FORMAT": "json",
                    "KOKKEN_DEMO": "on" if settings.DEMO_MODE else "off", **(env or {})}
        if redis_url:
            full_env["REDIS_URL"] = redis_url
        log = open(self.log_path, "wb")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kokken", "worker", *args,
             "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "-n", f"fault-{uuid.uuid4().hex[:8]}@%h"],
            cwd=settings.BASE_DIR, env=full_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self) -> None:
        from kokken.celery import app

        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log
            if app.control.ping(timeout=1.0):
                return
        raise AssertionError("The Celery worker did not start:\n" + self.log)

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once (a host or container dies)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """redis-server on a port of its own, in a directory of its own, keeping nothing."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path / "redis"
        self.dir.mkdir(exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("own redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def use_broker(url: str) -> None:
    """Point this (the web) process's Celery app at another broker."""
    from kokken.celery import app

    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


class Gunicorn:
    """gunicorn serving the project on the test database, as in production (DEBUG off)."""

    def __init__(self, tmp_path: Path, *, media: Path, redis_url: str, workers: int = 2):
        self.port = free_port()
        self.log_path = tmp_path / f"gunicorn-{uuid.uuid4().hex[:6]}.log"
        env = {**os.environ, "DATABASE_URL": test_database_url(), "MEDIA_ROOT": str(media),
               "REDIS_URL": redis_url, "CELERY_TASK_ALWAYS_EAGER": "false", "DEBUG": "false",
               "LOG_FORMAT": "json", "KOKKEN_DEMO": "on" if settings.DEMO_MODE else "off"}
        log = open(self.log_path, "wb")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kokken.wsgi", "-b", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "2",
             "--preload"],  # the workers fork from a loaded app: a faster start
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def request(self, method: str, path: str, *, cookies: dict[str, str],
                data: dict | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
        import http.client
        from urllib.parse import urlencode

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            body = urlencode(data or {}, doseq=True) if method == "POST" else None
            all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                           "Accept-Language": "ja", **(headers or {})}
            if body is not None:
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return (response.status, dict(response.getheaders()),
                    response.read().decode(errors="replace"))
        finally:
            connection.close()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log
            try:
                if self.request("GET", "/healthz", cookies={})[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start:\n" + self.log)

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in path.read_text().split())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wait_for(predicate, what: str, log=lambda: "", timeout=TIMEOUT, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}\n{log()}")
