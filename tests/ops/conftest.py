"""Fixtures of the fault tests (real workers, gunicorn, a Redis of their own)."""

import pytest
from django.core.management import call_command


@pytest.fixture
def organisations(transactional_db):
    from kokken.models import Agency

    if not Agency.objects.exists():  # an earlier transactional test flushed them
        call_command("load_organisations", verbosity=0)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def through_broker():
    """This process sends tasks to the broker instead of running them in-process."""
    from kokken.celery import app

    app.conf.task_always_eager = False  # restored by tests/conftest.py
