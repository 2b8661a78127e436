"""II-4 demo data for every 国研 over two fiscal years: foundations, objective reviews, export
control, trade secrets, the information-security checklist, challenges, and a few restricted
incidents. Every text is marked 【デモ】; no personal names. Bulk writes only (history rows are
written with them, kokken/history.py); a second run adds nothing."""

from __future__ import annotations

import datetime
import random

from kokken import wareki
from kokken.models import Agency

from .models import (
    CHALLENGES,
    Challenges,
    Control,
    ExportControl,
    FollowUp,
    Foundations,
    Guidelines,
    Incident,
    Measure,
    Review,
    ReviewerKind,
    ReviewFollowUp,
    TradeSecrets,
)

DEMO = "【デモ】"
EVIDENCE = {
    Measure.ACCESS_CONTROL: "情報システム利用規程・アクセス権限管理台帳",
    Measure.LOGS: "ログ管理基準・ログ保管システム",
    Measure.MASS_DOWNLOAD: "大量ダウンロード検知システムの運用記録",
    Measure.AWARENESS: "情報持ち出し防止研修の実施記録",
    Measure.DEVICES: "要管理区域における私物端末利用規程",
    Measure.EDR: "EDR導入・運用報告",
    Measure.IPS: "IPS運用報告",
    Measure.PENTEST: "侵入テスト報告書",
    Measure.CLOUD: "クラウド利用基準・アクセス記録",
}
FINDINGS = ["外国人研究者の受入れ手続の確認範囲", "兼業申告の確認頻度", "管理区域の入退室記録",
            "共同研究契約の秘密保持条項"]


def seed(stdout=None) -> None:
    rng = random.Random(24)
    this = wareki.fiscal_year()
    years = [this - 1, this]
    if Review.objects.filter(findings__startswith=DEMO).exists():
        return
    by_year = {year: list(Agency.objects.kokken_in(year).order_by("code")) for year in years}
    yearly = {Foundations: [], ExportControl: [], TradeSecrets: [], Challenges: []}
    reviews, controls, incidents = [], [], []
    for year in years:
        today = min(datetime.date(year + 1, 3, 31), datetime.date.today())
        for n, agency in enumerate(by_year[year]):
            strong = agency.designated or n % 3 == 0     # the designated agencies act first
            yearly[Foundations].append(Foundations(
                agency=agency, fiscal_year=year, office=strong or n % 2 == 0,
                office_since=datetime.date(2022, 4, 1) if strong or n % 2 == 0 else None,
                desk=True, desk_since=datetime.date(2021, 10, 1),
                follow_up=FollowUp.YEARLY if strong else rng.choice(FollowUp.values),
                checked_against=f"{DEMO}論文データベース、研究費データベース",
                monitoring=strong, case_videos=n % 4 != 1, multilingual=strong or n % 2 == 1,
                languages=f"{DEMO}英語" if strong or n % 2 == 1 else ""))
            yearly[ExportControl].append(ExportControl(
                agency=agency, fiscal_year=year, rules=True,
                rules_revised_on=datetime.date(year, 4, 1), deemed_export=n % 5 != 4,
                deemed_export_since=datetime.date(2022, 5, 1) if n % 5 != 4 else None,
                classifications=rng.randint(5, 400), licences=rng.randint(0, 12),
                advisor=n % 3 == 1, seminars=rng.randint(0, 4), screening=strong))
            levels = 3 if strong else rng.choice([0, 2, 3])
            areas = rng.randint(2, 30) if levels else 0
            yearly[TradeSecrets].append(TradeSecrets(
                agency=agency, fiscal_year=year, levels=levels, areas=areas,
                areas_with_responsible=areas if strong else areas // 2,
                network_by_level=bool(levels) and strong,
                guidelines=Guidelines.HANDBOOK if levels else Guidelines.OWN))
            picks = {code: rng.random() < weight for (code, _l), weight in zip(
                CHALLENGES, (0.8, 0.5, 0.4, 0.3, 0.35, 0.7), strict=True)}
            yearly[Challenges].append(Challenges(
                agency=agency, fiscal_year=year, **picks,
                other=f"{DEMO}外国人研究者向け教材の翻訳" if n % 9 == 0 else ""))
            for k in range(1 + (n % 2)):
                reviews.append(Review(
                    agency=agency, fiscal_year=year,
                    reviewed_on=datetime.date(year, 7 + 3 * k, 1 + n % 20),
                    reviewer=ReviewerKind.values[(n + k) % len(ReviewerKind.values)],
                    findings=f"{DEMO}{FINDINGS[(n + k) % len(FINDINGS)]}について指摘",
                    follow_up=ReviewFollowUp.values[(n + k + year) % len(ReviewFollowUp.values)]))
            for measure in Measure.values:
                in_place = strong or rng.random() < (0.85 if measure < "x" else 0.55)
                tested = (today - datetime.timedelta(days=rng.randint(30, 500))
                          if measure == Measure.PENTEST and in_place else None)
                controls.append(Control(
                    agency=agency, fiscal_year=year, measure=measure, in_place=in_place,
                    evidence=f"{DEMO}{EVIDENCE[measure]}" if in_place else "",
                    verified_on=min(today, datetime.date(year, 10, 1)) if in_place else None,
                    tested_on=tested))
            if n % 6 == 1:
                found = datetime.date(year, 6 + n % 6, 10)
                reported = n % 12 == 1
                incidents.append(Incident(
                    agency=agency, fiscal_year=year, occurred_on=found,
                    subject="information" if n % 4 == 1 else "technology",
                    certainty="suspected" if n % 3 else "confirmed", reported=reported,
                    reported_on=found + datetime.timedelta(days=7) if reported else None,
                    status="closed" if year < this else "investigating",
                    lessons=f"{DEMO}持ち出し制限の周知と記録の確認を強化"))
    for model, rows in yearly.items():
        have = set(model.objects.filter(fiscal_year__in=years)
                   .values_list("agency_id", "fiscal_year"))
        model.objects.bulk_create([r for r in rows if (r.agency_id, r.fiscal_year) not in have])
    have = set(Control.objects.filter(fiscal_year__in=years)
               .values_list("agency_id", "fiscal_year", "measure"))
    Control.objects.bulk_create([c for c in controls
                                 if (c.agency_id, c.fiscal_year, c.measure) not in have])
    Review.objects.bulk_create(reviews)
    if not Incident.objects.filter(lessons__startswith=DEMO).exists():
        Incident.objects.bulk_create(incidents)
    if stdout is not None:
        stdout.write(f"security: {len(reviews)} reviews, {len(controls)} checklist lines, "
                     f"{len(incidents)} incidents (restricted)")
