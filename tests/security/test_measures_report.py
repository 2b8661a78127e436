"""II-4 in the annual report: the measures section's figures read back from the PDF's text, the
round Excel export's sheets, and the demo data for every agency."""

import datetime
import re

from django.utils import translation

from agreements import reports
from agreements.models import ReportJob
from kokken import wareki
from kokken.models import Agency
from security import demo
from security import reports as security_reports
from security.models import (
    REQUIRED_MEASURES,
    Challenges,
    Control,
    ExportControl,
    Foundations,
    Incident,
    Review,
    TradeSecrets,
)
from tests.agreements_reports.pdftools import pdf_text
from tests.security import factories as f
from tests.security.test_integrity_indicators import ANSWERS, integrity_round


def test_the_annual_report_has_the_security_measures_section_with_its_figures(cast, tmp_path):
    round_ = integrity_round(cast, 2023, 2, ANSWERS)   # riken, aist, jst, nims, jihs
    for measure in REQUIRED_MEASURES:
        f.control(cast.agency, measure, fiscal_year=2023)
    f.control(cast.other_agency, "a_access", fiscal_year=2023)
    f.yearly(Challenges, cast.agency, fiscal_year=2023, system_budget=True)
    f.incident(cast.agency, fiscal_year=2023, lessons="理研だけの教訓")
    job = ReportJob.objects.create(kind="annual", round=round_)
    flat = re.sub(r"\s+", "", pdf_text(reports.REPORTS["annual"].render(job)[2], tmp_path))
    assert "II-4研究セキュリティの取組" in flat
    assert "(ア)(イ)(ウ)の対策をすべて実施1/51/3" in flat      # all 5 bodies; designated 3
    # riken and aist (both designated) of the five bodies; of the three designated
    # (pdftotext puts each cell's two lines side by side: shares, then counts)
    assert "(ア)アクセス制御全法人に要請40.0%66.7%2/52/3" in flat
    assert "理研だけの教訓" not in flat                          # incidents stay out


def test_the_round_export_s_sheets_hold_the_measures_but_never_the_incidents(cast):
    f.control(cast.agency, "x_pentest", fiscal_year=2024,
              tested_on=datetime.date(2024, 5, 1))
    f.review(cast.agency)
    f.incident(cast.agency, lessons="理研だけの教訓")
    with translation.override("en"):
        sheets = security_reports.measures_sheets(fiscal_year=2024,
                                                  agencies=Agency.objects.kokken_in(2024))
    titles = [s.title for s in sheets]
    assert len(titles) == 7 and len(set(titles)) == 7
    assert "理研だけの教訓" not in repr([s.dict for s in sheets])
    checklist = sheets[2]
    assert checklist.dict[0]["Agency code"] == "riken"


def test_demo_fills_every_agency_for_two_years_labelled_and_idempotent(db):
    demo.seed()
    this = wareki.fiscal_year()
    for year in (this - 1, this):
        n = Agency.objects.kokken_in(year).count()
        for model in (Foundations, ExportControl, TradeSecrets, Challenges):
            assert model.objects.filter(fiscal_year=year).count() == n, model
        assert Control.objects.filter(fiscal_year=year).count() == 9 * n
        assert Review.objects.filter(fiscal_year=year).values("agency").distinct().count() == n
    assert not Review.objects.exclude(findings__startswith="【デモ】").exists()
    assert not Incident.objects.exclude(lessons__startswith="【デモ】").exists()
    assert Incident.objects.exists()
    counts = [m.objects.count() for m in (Review, Control, Incident, Foundations)]
    demo.seed()
    assert counts == [m.objects.count() for m in (Review, Control, Incident, Foundations)]
