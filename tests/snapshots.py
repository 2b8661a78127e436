"""Whole-database snapshots for tests: take one after an expensive setup (the demo), put it
back into each test that needs it in a fraction of the time.

A snapshot holds every row of every table of the installed models except Django's
bookkeeping (content types and permissions: a flush re-creates them with new ids and no
seeded row points at them). Restoring replaces the rows of every snapshot table, inside
one transaction: inside a ``db`` test it is rolled back with the test, in a
``transactional_db`` test it is committed (and flushed at the end, as always).
PostgreSQL copies rows with COPY and moves each id sequence past the restored ids;
SQLite moves its sequences by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

SKIPPED = {"django_content_type", "auth_permission"}
# Their triggers (kokken migration 0010) refuse DELETE; no foreign key points at them.
APPEND_ONLY = {"kokken_auditevent", "kokken_datatransfer"}


def emptying_sql(quote_name, tables) -> list[str]:
    """PostgreSQL statements that empty ``tables``: DELETE, and TRUNCATE for the
    append-only tables only. A TRUNCATE gives each table and index new files (about a
    second for the project's hundred tables, on every transactional test); deleting the
    few rows a test leaves takes milliseconds. Foreign keys are checked at commit
    (DEFERRABLE INITIALLY DEFERRED), so the order does not matter. The TRUNCATE comes
    first: PostgreSQL refuses one on a table with deletes pending in the transaction."""
    truncated = [t for t in tables if t in APPEND_ONLY]
    sql = [f"TRUNCATE {', '.join(quote_name(t) for t in truncated)};"] if truncated else []
    return sql + [f"DELETE FROM {quote_name(t)};" for t in tables if t not in APPEND_ONLY]


@dataclass(frozen=True)
class Snapshot:
    vendor: str
    tables: dict[str, tuple]  # table → PostgreSQL COPY text, or SQLite (columns, rows)

    def rows(self, table: str) -> int:
        data = self.tables[table]
        return data.count(b"\n") if self.vendor == "postgresql" else len(data[1])


def _tables() -> list[str]:
    names = connection.introspection.django_table_names(only_existing=True,
                                                        include_views=False)
    return sorted(set(names) - SKIPPED)


def take() -> Snapshot:
    qn = connection.ops.quote_name
    tables: dict[str, tuple] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {qn(table)} TO STDOUT") as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(f"SELECT * FROM {qn(table)}")
                tables[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    return Snapshot(vendor=connection.vendor, tables=tables)


def restore(snapshot: Snapshot) -> None:
    """Make every snapshot table hold exactly the snapshot's rows."""
    assert snapshot.vendor == connection.vendor
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY
        # DEFERRED on both databases), so the order of tables does not matter.
        if snapshot.vendor == "postgresql":
            for sql in emptying_sql(qn, snapshot.tables):
                cursor.execute(sql)
        else:
            for table in snapshot.tables:
                cursor.execute(f"DELETE FROM {qn(table)}")
        for table, data in snapshot.tables.items():
            if snapshot.vendor == "postgresql":
                if data:
                    with cursor.cursor.copy(f"COPY {qn(table)} FROM STDIN") as copy:
                        copy.write(data)
            elif data[1]:
                columns, rows = data
                cursor.executemany(
                    f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})", rows)
        if snapshot.vendor == "postgresql":
            models = [m for m in apps.get_models(include_auto_created=True)
                      if m._meta.db_table in snapshot.tables]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
