"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the audit tables.

The models already refuse both (``AppendOnly``); the trigger also stops raw SQL and
any other client. SQLite (development) relies on the models alone.
"""

from django.db import migrations

TABLES = ["kokken_auditevent", "kokken_datatransfer"]

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION kokken_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION kokken_audit_append_only()")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kokken_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("kokken", "0009_audit_trail_and_security")]

    operations = [migrations.RunPython(forwards, backwards)]
