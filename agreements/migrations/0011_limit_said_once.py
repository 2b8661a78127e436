"""Data: the character limit is said once per question, in its label (「（400文字以内）」);
help texts that only repeated it are emptied, as in the questionnaire fixtures."""

import re

from django.db import migrations

ONLY_LIMIT_JA = re.compile(r"^\d+字以内で記入してください。$")
ONLY_LIMIT_EN = re.compile(r"^Up to \d+ characters\.$")


def clear(apps, schema_editor):
    Question = apps.get_model("agreements", "Question")
    for q in Question.objects.exclude(help_ja="", help_en=""):
        fields = []
        if ONLY_LIMIT_JA.match(q.help_ja):
            q.help_ja = ""
            fields.append("help_ja")
        if ONLY_LIMIT_EN.match(q.help_en):
            q.help_en = ""
            fields.append("help_en")
        if fields:
            q.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0010_exclusive_none_options")]
    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
