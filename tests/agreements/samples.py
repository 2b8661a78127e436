"""Access-matrix samples for the follow-up loop: all belong to RIKEN's sheet."""

from django.core.files.base import ContentFile

from agreements.models import AcceptedSnapshot, Answer, Evidence, Question
from kokken.models import Notification
from tests.access_samples import sample
from tests.agreements.factories import make_questionnaire, open_round


def riken_sheet(cast):
    if not hasattr(cast, "_riken_sheet"):
        round = open_round(cast, make_questionnaire())
        cast._riken_sheet = round.sheets.get(agency=cast.agency)
    return cast._riken_sheet


@sample("round")
def _round(cast):
    return riken_sheet(cast).round_id


@sample("sheet")
def _sheet(cast):
    return riken_sheet(cast).pk


@sample("section")
def _section(cast):
    return "S1"


@sample("snapshot")
def _snapshot(cast):
    sheet = riken_sheet(cast)
    return AcceptedSnapshot.objects.create(sheet=sheet, data={"answers": {}},
                                           accepted_by=cast.reviewer).pk


@sample("evidence")
def _evidence(cast):
    sheet = riken_sheet(cast)
    question = Question.objects.get(questionnaire=sheet.round.questionnaire, code="E1")
    answer, _ = Answer.objects.get_or_create(sheet=sheet, question=question)
    evidence = Evidence(answer=answer, original_name="理化学研究所_規程.pdf", size=4,
                        content_type="application/pdf", uploaded_by=cast.editor)
    evidence.file.save("rule.pdf", ContentFile(b"%PDF"), save=False)
    evidence.save()
    return evidence.pk


@sample("notification")
def _notification(cast):
    return Notification.objects.create(user=cast.editor, subject="s", body="b", url="/").pk


@sample("comment")
def _comment(cast):
    from agreements.models import ReviewComment

    return ReviewComment.objects.create(sheet=riken_sheet(cast), author=cast.reviewer,
                                        text="理化学研究所への指摘").pk


@sample("item")
def _government_item(cast):
    return "I-G1"


@sample("action")
def _government_action(cast):
    """A MEXT action with an evidence file (MEXT supervises RIKEN)."""
    from agreements.models import AgreementItem, GovernmentAction

    found = GovernmentAction.objects.filter(item__code="I-G1", ministry=cast.reviewer.ministry,
                                            fiscal_year=2024).first()
    if found is not None:   # asked once per user and method
        return found.pk
    action = GovernmentAction.objects.create(
        item=AgreementItem.objects.get(code="I-G1"), ministry=cast.reviewer.ministry,
        fiscal_year=2024, status="done", description="反映済み",
        evidence_file=ContentFile(b"evidence", name="plan.pdf"))
    action.agencies.add(cast.agency)
    return action.pk
