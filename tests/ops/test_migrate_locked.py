"""``migrate_locked``: a second start waits for the first instead of migrating beside it."""

import threading

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from kokken.management.commands.migrate_locked import LOCK_ID
from tests.conftest import postgres_only


@pytest.mark.django_db
def test_migrate_locked_on_a_migrated_database_has_nothing_to_apply(capsys):
    call_command("migrate_locked", verbosity=1)
    assert "No migrations to apply" in capsys.readouterr().out


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_only(), reason="advisory locks are PostgreSQL's; .ci/run runs this")
@pytest.mark.django_db
def test_a_second_migration_run_waits_for_the_lock_holder():
    db = connection.settings_dict
    other = psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                            user=db["USER"], password=db["PASSWORD"] or None, dbname=db["NAME"],
                            autocommit=True)
    other.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])  # "the first start", still migrating
    finished = threading.Event()

    def second_start():
        try:
            call_command("migrate_locked", verbosity=0)
            finished.set()
        finally:
            connection.close()

    thread = threading.Thread(target=second_start)
    thread.start()
    try:
        assert not finished.wait(timeout=2), "migrated while another run held the lock"
    finally:
        other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
        other.close()
    thread.join(timeout=60)
    assert finished.is_set()
