"""The standard cast of every test, in one place.

RIKEN (supervised by MEXT) is the agency under test. AIST (METI) is "another
agency"; the METI reviewer is "a ministry that does not supervise RIKEN".
"""

import os
from dataclasses import dataclass

import pytest

from kokken.models import Agency, Ministry, Role, User


def pytest_configure(config):
    _own_redis_database(os.environ.get("PYTEST_XDIST_WORKER"))


def _own_redis_database(worker: str | None) -> None:
    """Under pytest-xdist (``make test`` runs one process per core), each process gets a
    Redis database of its own for the cache, the broker and the workers its tests start:
    sharing one, a process would read figures the other cached for a different database
    and its Celery workers would take the other's tasks. Settings are already loaded
    here (pytest-django loads them first), so the URL is changed where it is used."""
    url = os.environ.get("REDIS_URL")
    if not (worker and url):
        return
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings

    from kokken.celery import app

    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    own = urlunsplit(parts._replace(path=f"/{(base - int(worker.removeprefix('gw'))) % 16}"))
    os.environ["REDIS_URL"] = own
    settings.REDIS_URL = settings.CELERY_BROKER_URL = own
    settings.CACHES["default"]["LOCATION"] = own
    app.conf.broker_url = own


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """Transactional tests (live server, real workers, concurrency) end with Django's
    flush, which on PostgreSQL is one TRUNCATE of every table: about a second each time.
    Here it deletes the rows instead (tests/snapshots.py), with the same result."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    from tests import snapshots

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences,
                            allow_cascade=allow_cascade)
        return snapshots.emptying_sql(self.quote_name, tables)

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


def make_user(username: str, role: str, *, agency: str | None = None,
              ministry: str | None = None) -> User:
    return User.objects.create_user(
        username=username,
        password="test-password-123",
        email=f"{username}@example.invalid",
        role=role,
        agency=Agency.objects.get(code=agency) if agency else None,
        ministry=Ministry.objects.get(code=ministry) if ministry else None,
    )


@dataclass
class Cast:
    agency: Agency          # RIKEN, supervised by MEXT
    other_agency: Agency    # AIST, supervised by METI
    editor: User            # RIKEN editor
    approver: User          # RIKEN approver
    other_editor: User      # AIST editor
    other_approver: User    # AIST approver
    reviewer: User          # MEXT reviewer (supervises RIKEN)
    other_reviewer: User    # METI reviewer (does not supervise RIKEN)
    secretariat: User
    sysadmin: User

    @property
    def outsiders(self) -> list[User]:
        """Users who must learn nothing about RIKEN's unpublished things."""
        return [self.other_editor, self.other_approver, self.other_reviewer]


@pytest.fixture
def cast(db) -> Cast:
    if not Agency.objects.exists():
        # A transactional test that ran earlier flushed what the data migration loaded.
        from django.core.management import call_command

        call_command("load_organisations", verbosity=0)
    return Cast(
        agency=Agency.objects.get(code="riken"),
        other_agency=Agency.objects.get(code="aist"),
        editor=make_user("t-riken-editor", Role.AGENCY_EDITOR, agency="riken"),
        approver=make_user("t-riken-approver", Role.AGENCY_APPROVER, agency="riken"),
        other_editor=make_user("t-aist-editor", Role.AGENCY_EDITOR, agency="aist"),
        other_approver=make_user("t-aist-approver", Role.AGENCY_APPROVER, agency="aist"),
        reviewer=make_user("t-mext-reviewer", Role.MINISTRY_REVIEWER, ministry="MEXT"),
        other_reviewer=make_user("t-meti-reviewer", Role.MINISTRY_REVIEWER, ministry="METI"),
        secretariat=make_user("t-secretariat", Role.SECRETARIAT),
        sysadmin=make_user("t-admin", Role.ADMIN),
    )


def seeded_snapshot(django_db_blocker, seed):
    """Run ``seed()`` once, committed, with the settings every test runs with; return a
    snapshot of the result and put the database back as it was."""
    from django.test.utils import override_settings

    from kokken.celery import app
    from tests import snapshots

    with django_db_blocker.unblock():
        before = snapshots.take()
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True  # as _celery_in_process does for every test
        try:
            # _fast_test_settings and _reports_in_the_test, which are per test.
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS, REPORT_RUNNER="inline"):
                seed()
            return snapshots.take()
        finally:
            app.conf.task_always_eager = eager
            snapshots.restore(before)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    """``manage.py seed_demo`` run once per test session (committed, as ``make run`` does)."""
    from django.core.management import call_command

    return seeded_snapshot(django_db_blocker, lambda: call_command(
        "seed_demo", stdout=open(os.devnull, "w")))  # noqa: SIM115


@pytest.fixture
def demo_data(db, _demo_snapshot):
    """The database as ``manage.py seed_demo`` leaves it (seeded once per session and
    restored into this test). Request it before fixtures that create rows (``cast``):
    restoring replaces every table's rows."""
    from tests import snapshots

    assert not User.objects.exists(), "request demo_data before fixtures that create rows"
    snapshots.restore(_demo_snapshot)
    return _demo_snapshot


def totp_code(device) -> str:
    """The code an authenticator app would show now for ``device`` (the next time step
    if this one was already used: django-otp refuses a code twice)."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t >= totp.t():
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


def _in_window(device) -> bool:
    import time

    now_t = int((time.time() - device.t0) // device.step)
    return device.last_t + 1 <= now_t + device.tolerance


def sign_in(client, user):
    """Sign ``client`` in as ``user``; users who need a second factor confirm it with a
    code computed from their TOTP device (one is set up for them if they have none)."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kokken import access, mfa

    client.force_login(user)
    if access.mfa_required(user) or mfa.has_device(user):
        device = mfa.totp_device(user) or TOTPDevice.objects.create(
            user=user, name=mfa.TOTP_NAME, confirmed=True)
        code = totp_code(device)
        if not _in_window(device):
            # This time window's codes are used up (many sign-ins of one user within
            # seconds): a recovery code, as a person would.
            code = mfa.new_recovery_codes(user)[0]
        response = client.post(reverse("mfa_verify"), {"code": code})
        if response.status_code != 302:
            # The code's time step was taken or passed meanwhile (a step boundary between
            # computing and checking it, with this user signed in many times a second): a
            # recovery code, as a person would. Seen once in three clean-clone runs.
            response = client.post(reverse("mfa_verify"),
                                   {"code": mfa.new_recovery_codes(user)[0]})
        assert response.status_code == 302, f"second factor refused for {user.username}"
    return client


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as user."""
    return lambda user: sign_in(client, user)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # No API throttling unless a test sets a rate (counters would leak between tests).
    settings.API_THROTTLE_RATES = {"user": None, "anon": None}
    # The security settings are cached across requests; each test starts from its database.
    from django.core.cache import cache

    from kokken.models import SecuritySettings

    cache.delete(SecuritySettings.CACHE_KEY)
    # Nor from figures cached under registers' versions an earlier test's writes made.
    from kokken import figures

    figures.forget_tokens()
    # One process: its cache is shared by everything the test runs, Redis or not
    # (kokken/signed_in.py; sessions as served with Redis).
    settings.CACHE_IS_SHARED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Nor from a signed-in user kept under an id that this test's database gives another.
    from kokken import signed_in

    signed_in.forget()


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Tasks run in-process, even when REDIS_URL is set, except in tests marked
    ``worker``, which start a real worker and send tasks through Redis."""
    from kokken.celery import app

    eager = request.node.get_closest_marker("worker") is None
    before = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _reports_in_the_test(request, settings):
    """Report jobs run inside the test (not in a background thread) unless a test says
    otherwise; ``worker`` tests send them through Celery."""
    settings.REPORT_RUNNER = "inline" if request.node.get_closest_marker("worker") is None \
        else "celery"


def postgres_only():
    return os.environ.get("DATABASE_URL", "").startswith("postgres")
