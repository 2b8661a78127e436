"""Existing answers get the sheet version of their last recorded change.

Without it they would keep version 0 and a page opened before someone else's
next change could not tell that the answer had moved on.
"""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def forwards(apps, schema_editor):
    Answer = apps.get_model("agreements", "Answer")
    AnswerChange = apps.get_model("agreements", "AnswerChange")
    last = (AnswerChange.objects.filter(sheet_id=OuterRef("sheet_id"),
                                        question_id=OuterRef("question_id"))
            .values("sheet_id", "question_id").annotate(v=Max("sheet_version")).values("v"))
    Answer.objects.filter(version=0).update(version=Coalesce(Subquery(last[:1]), Value(0)))


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0006_answer_version"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
