"""Japanese search on PostgreSQL: the pg_trgm extension and trigram GIN indexes on the
searched columns, in the form Django's ``icontains`` queries them (``UPPER(col::text)``).
Trigrams need no word boundaries, so 年俸制 inside 「年俸制の導入」 is found through the
index. SQLite (the embedded default) has neither and searches without an index: every
operation here does nothing there."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ("title_ja", "title_en", "summary_ja", "summary_en", "body", "tags", "questions")


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create_indexes(apps, schema_editor):
    if not _postgres(schema_editor):
        return
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS practice_{column}_trgm ON practices_practice '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def drop_indexes(apps, schema_editor):
    if not _postgres(schema_editor):
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS practice_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_practice_entries")]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; nothing on SQLite
        migrations.RunPython(create_indexes, drop_indexes),
    ]
