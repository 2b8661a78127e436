"""Data migration: since when NIMS, RIKEN and AIST are 特定国立研究開発法人 (2016-10-01,
with its source) from fixtures/. Idempotent."""

from django.db import migrations


def load_organisations(apps, schema_editor):
    from kokken.organisations import load

    load(
        Ministry=apps.get_model("kokken", "Ministry"),
        Bureau=apps.get_model("kokken", "Bureau"),
        Agency=apps.get_model("kokken", "Agency"),
    )


class Migration(migrations.Migration):
    dependencies = [("kokken", "0013_agency_designation_dates")]

    # Reversing keeps the dates: the schema migration before this one drops them.
    operations = [migrations.RunPython(load_organisations, migrations.RunPython.noop)]
