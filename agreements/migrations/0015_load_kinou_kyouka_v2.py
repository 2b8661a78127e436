"""Data migration: version 2 of the 機能強化 questionnaire (fixtures/questionnaires/
kinou-kyouka-v2.json). Version 1 is left as it is (a round uses it; it is locked)."""

from django.db import migrations


def load(apps, schema_editor):
    from agreements.loaders import FIXTURES, load_questionnaire, read

    class Historical:
        def __getattr__(self, name):
            return apps.get_model("agreements", name)

    load_questionnaire(read(FIXTURES / "questionnaires" / "kinou-kyouka-v2.json"),
                       models=Historical())


class Migration(migrations.Migration):
    dependencies = [("agreements", "0014_government_actions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
