"""Good-practice demo data: the examples the agreement names (published, from
fixtures/practices/agreement-examples.json), a few agencies' proposals in every state
(marked 【デモ】), a council survey result (II-4-A1), two of them featured on the homes, and a
council-of-agencies (国研協) curator among the demo users."""

from __future__ import annotations

from django.utils import timezone

from kokken import wareki
from kokken.models import Agency, User

from .models import Finding, Practice, Source

DEMO = "【デモ】"
CURATOR = "nims-approver"   # a member of the council's working group in the demo

S = Practice.State
PROPOSALS = [
    ("riken", S.DRAFT, "II-1", "II-1-S2", "クロスアポイントメントによる大学との人事交流",
     "国立大学とのクロスアポイントメント協定の文例を整備し、エフォート管理と社会保険の手続を標準化。",
     "クロスアポイントメント, 人事交流", "HR-12, HR-13"),
    ("aist", S.SUBMITTED, "II-4", "II-4-S4-2", "みなし輸出管理の事前相談窓口",
     "共同研究の開始前に輸出管理の事前相談を受け付け、該非判定と取引審査を一元化。",
     "輸出管理, みなし輸出, 相談窓口", "SEC-11"),
    ("jst", S.PUBLISHED, "II-2", "II-2-S2-1", "他法人職員も受講できる研究マネジメント研修",
     "研究マネジメント人材向けの研修を他の国研の職員にも開放し、受講枠を設定。",
     "研修, 研究マネジメント人材, 相互乗り入れ", "TR-05, TR-11"),
    ("riken", S.WITHDRAWN, "II-1", "II-1-S1", "年俸制の業績評価シートの共通化",
     "年俸制の業績評価シートを職種間で共通化（試行の結果、取り下げ）。",
     "年俸制, 業績評価", "HR-01"),
]

# A council survey result (II-4-A1): survey, lesson, summary, tags.
SURVEY = ("国研協 研究セキュリティに関するアンケート", "共同研究の開始前に相手先確認を済ませる",
          "共同研究の開始後に相手先の確認を行った例で手戻りが生じた。契約前の確認を手順に組み込む。",
          "研究セキュリティ, 相手先確認, 教訓")


def seed(stdout=None) -> None:
    from . import services

    services.examples_load()
    _make_curator()
    if Practice.objects.filter(title_ja__startswith=DEMO).exists():
        return
    agencies = {a.code: a for a in Agency.objects.filter(code__in={p[0] for p in PROPOSALS})}
    now, year = timezone.now(), wareki.fiscal_year()
    Practice.objects.bulk_create([Practice(
        agency=agencies[code], fiscal_year=year, state=state, chapter=chapter,
        section=section, title_ja=f"{DEMO}{title}", summary_ja=f"{DEMO}{summary}",
        tags=tags, questions=questions,
        submitted_at=now if state != S.DRAFT else None,
        published_at=now if state == S.PUBLISHED else None,
        featured=state == S.PUBLISHED)
        for code, state, chapter, section, title, summary, tags, questions in PROPOSALS] + [
        Practice(agency=None, source=Source.SURVEY, survey=f"{DEMO}{SURVEY[0]}",
                 finding=Finding.LESSON, fiscal_year=year - 1, state=S.PUBLISHED,
                 chapter="II-4", section="II-4", title_ja=f"{DEMO}{SURVEY[1]}",
                 summary_ja=f"{DEMO}{SURVEY[2]}", tags=SURVEY[3], published_at=now,
                 featured=True)])


def _make_curator() -> None:
    user = User.objects.filter(username=CURATOR, council_member=False).first()
    if user is not None:
        user.council_member = True
        user.save(update_fields=["council_member"])
