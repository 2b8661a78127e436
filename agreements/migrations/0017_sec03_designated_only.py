"""Data migration: SEC-03 of the 機能強化 questionnaire v2 is asked only of the designated
agencies (特定国立研究開発法人), as the agreement addresses it (line 491), instead of being
answered 「特定国立研究開発法人に該当しない」 by the others. The option goes when no answer
chose it. Version 1 is left as it is (locked; its answers keep their meaning)."""

from django.db import migrations


def forward(apps, schema_editor):
    Question = apps.get_model("agreements", "Question")
    Answer = apps.get_model("agreements", "Answer")
    for question in Question.objects.filter(questionnaire__code="kinou-kyouka",
                                            questionnaire__version=2, code="SEC-03"):
        question.applies_to = "designated"
        question.save(update_fields=["applies_to"])
        Question.objects.filter(show_if_question=question).update(applies_to="designated")
        if not Answer.objects.filter(question=question, choice="na").exists():
            question.options.filter(code="na").delete()


def backward(apps, schema_editor):
    Question = apps.get_model("agreements", "Question")
    Option = apps.get_model("agreements", "Option")
    for question in Question.objects.filter(questionnaire__code="kinou-kyouka",
                                            questionnaire__version=2, code="SEC-03"):
        question.applies_to = ""
        question.save(update_fields=["applies_to"])
        Option.objects.get_or_create(question=question, code="na", defaults={
            "label_ja": "特定国立研究開発法人に該当しない", "label_en": "Not a designated agency",
            "order": 4})


class Migration(migrations.Migration):
    dependencies = [("agreements", "0016_question_applies_to")]

    operations = [migrations.RunPython(forward, backward)]
