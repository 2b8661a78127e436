"""Data: the 「参照していない」-style options (code ``none``) of multiple-choice questions
exclude the others, as the questionnaire fixtures now say."""

from django.db import migrations


def mark(apps, schema_editor):
    Option = apps.get_model("agreements", "Option")
    Option.objects.filter(code="none", question__kind="multiple").update(exclusive=True)


def unmark(apps, schema_editor):
    Option = apps.get_model("agreements", "Option")
    Option.objects.filter(code="none", question__kind="multiple").update(exclusive=False)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0009_option_exclusive")]
    operations = [migrations.RunPython(mark, unmark)]
