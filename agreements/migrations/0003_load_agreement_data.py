"""Data migration: the agreement's structure and the questionnaires from fixtures/.

Idempotent; ``manage.py load_agreement_data`` applies later fixture changes.
"""

from django.db import migrations


def load(apps, schema_editor):
    from agreements.loaders import load_all

    class Historical:
        def __getattr__(self, name):
            return apps.get_model("agreements", name)

    load_all(Historical())


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_answer_change_version")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
