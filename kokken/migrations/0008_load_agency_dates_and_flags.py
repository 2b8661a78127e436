"""Data migration: the agencies' validity dates, kinds, 競争的研究費制度 flags and their
sources from fixtures/ (NCGM ends on 2025-03-31; JIHS, a 特殊法人, is added as an
outside body). Idempotent."""

from django.db import migrations


def load_organisations(apps, schema_editor):
    from kokken.organisations import load

    load(
        Ministry=apps.get_model("kokken", "Ministry"),
        Bureau=apps.get_model("kokken", "Bureau"),
        Agency=apps.get_model("kokken", "Agency"),
    )


class Migration(migrations.Migration):
    dependencies = [("kokken", "0007_agency_kind_funding_sources")]

    # Reversing keeps the rows: users and answers point at them.
    operations = [migrations.RunPython(load_organisations, migrations.RunPython.noop)]
