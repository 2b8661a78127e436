"""Samples of API URL parameters for the access-matrix test: each belongs to RIKEN."""

from datetime import date

from agreements.models import Questionnaire, Round, Sheet
from kokken.models import Agency, ApiToken
from tests.access_samples import sample


def riken_round(cast) -> Round:
    questionnaire, _ = Questionnaire.objects.get_or_create(
        code="matrix", version=1, defaults={"title_ja": "調査票"})
    round, made = Round.objects.get_or_create(
        title_ja="令和6年度フォローアップ（マトリクス）", defaults={
            "fiscal_year": 2024, "questionnaire": questionnaire, "opens_on": date(2024, 4, 1),
            "due_on": date(2024, 6, 30), "status": Round.Status.OPEN})
    if made:
        round.targets.set(Agency.objects.filter(code__in=[cast.agency.code]))
    return round


@sample("sheet_id")
def _sheet(cast):
    sheet, _ = Sheet.objects.get_or_create(round=riken_round(cast), agency=cast.agency)
    return sheet.pk


@sample("round_id")
def _round(cast):
    return riken_round(cast).pk


@sample("questionnaire_id")
def _questionnaire(cast):
    return riken_round(cast).questionnaire_id


@sample("api_token")
def _api_token(cast):
    token, _ = ApiToken.issue(user=cast.editor, name="matrix")
    return token.pk


@sample("report_job_id")
def _report_job(cast):
    from django.core.files.base import ContentFile

    from agreements.models import ReportJob

    job, _ = ReportJob.objects.get_or_create(
        kind=ReportJob.Kind.AGENCY, round=riken_round(cast), agency=cast.agency,
        defaults={"status": ReportJob.Status.DONE, "requested_by": cast.editor})
    if not job.file:
        job.file.save("reports/matrix-riken.pdf", ContentFile(b"%PDF-1.4 RIKEN"))
    return job.pk
