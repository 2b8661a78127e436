"""Backup and restore with django-dbbackup lose nothing.

Demo data and some uploaded and generated files are backed up (compressed, as
``manage.py backup`` does by default), restored by another process into an EMPTY
database and an empty MEDIA_ROOT, and every table's row count and a checksum of its
rows, and every file's bytes, must be the same. On the SQLite default the source is the
test database itself; under .ci/run the same runs on PostgreSQL (pg_dump / pg_restore).
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.conftest import postgres_only

TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
}


def snapshot(cursor, vendor: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, checksum of its rows in a stable order)}."""
    cursor.execute(TABLES[vendor])
    tables = [table for (table,) in cursor.fetchall()]
    if vendor == "postgresql":
        # On the server, each row as PostgreSQL prints it (times in UTC for both sides).
        cursor.execute("SET TIME ZONE 'UTC'")
        found = {}
        for table in tables:
            cursor.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' '
                           f'ORDER BY t::text), \'\')) FROM "{table}" t')
            found[table] = tuple(cursor.fetchone())
        return found
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def restore(*, database_url: str, media: Path, db_backup: Path, media_backup: Path) -> None:
    """dbrestore + mediarestore in a process of their own, as an operator would run them."""
    script = ("import django; django.setup(); from django.core.management import call_command; "
              f"call_command('dbrestore', interactive=False, input_path={str(db_backup)!r}, "
              "uncompress=True); "
              f"call_command('mediarestore', interactive=False, input_path={str(media_backup)!r}, "
              "uncompress=True)")
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "kokken.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def demo_installation(transactional_db, demo_data, settings, tmp_path):
    """Demo data (committed: pg_dump reads it from another process) and files in MEDIA_ROOT."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    (media / "reports" / "7").mkdir(parents=True)
    (media / "reports" / "7" / "annual.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(50_000))
    (media / "uploads" / "riken").mkdir(parents=True)
    (media / "uploads" / "riken" / "規程_2024.xlsx").write_bytes(os.urandom(20_000))
    return media


def back_up(tmp_path: Path) -> tuple[Path, Path]:
    db_backup, media_backup = tmp_path / "db.dump.gz", tmp_path / "media.tar.gz"
    call_command("dbbackup", output_path=str(db_backup), compress=True, verbosity=0)
    call_command("mediabackup", output_path=str(media_backup), compress=True, verbosity=0)
    assert db_backup.stat().st_size > 0 and media_backup.stat().st_size > 0
    return db_backup, media_backup


@pytest.mark.skipif(postgres_only(), reason="the PostgreSQL round trip below covers this run")
def test_backup_and_restore_on_sqlite_lose_nothing(demo_installation, tmp_path):
    before = snapshot(connection.cursor(), "sqlite")
    assert before["agreements_sheet"][0] > 0 and before["kokken_user"][0] > 0
    db_backup, media_backup = back_up(tmp_path)

    target, target_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    restore(database_url=f"sqlite:///{target}", media=target_media, db_backup=db_backup,
            media_backup=media_backup)
    # Read as Django reads (its converters for dates, decimals, booleans).
    with sqlite3.connect(target, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
                         ) as restored:
        after = snapshot(restored.cursor(), "sqlite")
    assert after == before
    assert files(target_media) == files(demo_installation)


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_only(), reason="needs PostgreSQL; .ci/run runs it")
def test_backup_and_restore_on_postgresql_lose_nothing(demo_installation, tmp_path):
    before = snapshot(connection.cursor(), "postgresql")
    assert before["agreements_sheet"][0] > 0 and before["kokken_user"][0] > 0
    db_backup, media_backup = back_up(tmp_path)

    db = connection.settings_dict
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
                  "password": db["PASSWORD"] or None}
    empty = f"kokken_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        url = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{server['host']}:{server['port']}"
               f"/{empty}")
        target_media = tmp_path / "restored-media"
        restore(database_url=url, media=target_media, db_backup=db_backup,
                media_backup=media_backup)
        with psycopg.connect(**server, dbname=empty) as restored:
            after = snapshot(restored.cursor(), "postgresql")
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
    assert after == before
    assert files(target_media) == files(demo_installation)


@pytest.mark.skipif(postgres_only(), reason="the round trips above cover PostgreSQL")
def test_backup_command_compresses_and_keeps_files_in_backup_dir(transactional_db, settings,
                                                                 tmp_path):
    """``manage.py backup``: both kinds, compressed by default, into STORAGES["dbbackup"].
    (Committed data: SQLite's backup API waits for an open write transaction to end.)"""
    from dbbackup import settings as dbbackup_settings

    backups = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.txt").write_text("a")
    saved = dict(dbbackup_settings.STORAGE_OPTIONS)
    dbbackup_settings.STORAGE_OPTIONS.update(location=str(backups))
    try:
        call_command("backup", verbosity=0)
    finally:
        dbbackup_settings.STORAGE_OPTIONS.clear()
        dbbackup_settings.STORAGE_OPTIONS.update(saved)
    names = sorted(p.name for p in backups.iterdir() if not p.name.endswith(".metadata"))
    assert len(names) == 2, names  # the database and the files
    assert any(".sqlite3" in name for name in names) and any(".tar" in name for name in names)
    assert all(name.endswith(".gz") for name in names), names
