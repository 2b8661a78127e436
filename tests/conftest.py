"""The standard cast of every test, in one place.

RIKEN (supervised by MEXT) is the agency under test. AIST (METI) is "another
agency"; the METI reviewer is "a ministry that does not supervise RIKEN".
"""

import os
from dataclasses import dataclass

import pytest

from kokken.models import Agency, Ministry, Role, User


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


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as user."""
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
