"""Data migration: the ministries and the 27 agencies from fixtures/ (idempotent)."""

from django.db import migrations


def load_organisations(apps, schema_editor):
    from kokken.organisations import load

    load(
        Ministry=apps.get_model("kokken", "Ministry"),
        Bureau=apps.get_model("kokken", "Bureau"),
        Agency=apps.get_model("kokken", "Agency"),
    )


class Migration(migrations.Migration):
    dependencies = [("kokken", "0001_initial")]

    # Reversing keeps the rows: users and answers point at them.
    operations = [migrations.RunPython(load_organisations, migrations.RunPython.noop)]
