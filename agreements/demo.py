"""Demo rounds: a living system for every demo user (``manage.py seed_demo``).

FY2022 integrity round: published, every agency accepted (for year-on-year).
FY2023 integrity round: open, the 24 国研 the agreement's 図11 surveyed as research
bodies (研究機関等), in mixed states.
FY2024 機能強化 round: open, in progress.
Every value is generated, deterministic and marked 【デモ】 where it is text: demo
figures must never pass for official ones. Everything goes through the services,
so history, timelines and notifications look as they would in real use.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from kokken.models import Agency, Role, User

from . import answers as values
from . import services
from .models import Question, Questionnaire, Round, Sheet

S = Sheet.State
K = Question.Kind

# Share of agencies that answer "done" per integrity question (the agreement's FY2023
# figures: Q1–Q3 almost all, Q4 about 80%, Q5 and Q6 about 70%).
DONE_RATE = {"INT-Q1": 0.95, "INT-Q2": 0.93, "INT-Q3": 0.9, "INT-Q4": 0.8, "INT-Q5": 0.7,
             "INT-Q6": 0.7}

# FY2023 states by agency; the rest follow STATE_CYCLE in code order.
FY2023_STATES = {"riken": S.SUBMITTED, "aist": S.RETURNED, "jst": S.ACCEPTED,
                 "nims": S.AWAITING_APPROVAL}
STATE_CYCLE = [S.ACCEPTED] * 6 + [S.SUBMITTED, S.IN_PROGRESS, S.NOT_STARTED, S.RETURNED]
FY2024_STATES = {"riken": S.IN_PROGRESS, "aist": S.NOT_STARTED, "jst": S.AWAITING_APPROVAL,
                 "nims": S.SUBMITTED, "amed": S.ACCEPTED}

# 図11 (agreement line 614): the FY2023 survey of research bodies covered 24 国研 (and 6
# other 独法). The agreement does not name them; the demo assumes the three bodies that
# mainly fund others' research (AMED, JST, NEDO) were surveyed as funding bodies instead.
FY2023_NOT_SURVEYED = ("amed", "jst", "nedo")


def seed(stdout) -> None:
    today = timezone.localdate()
    secretariat = User.objects.get(username="secretariat")
    plans = [
        ("integrity", 1, 2022, "令和4年度 研究インテグリティ フォローアップ",
         "FY2022 research integrity follow-up", today - timedelta(days=700), 60, "published"),
        ("integrity", 2, 2023, "令和5年度 研究インテグリティ フォローアップ",
         "FY2023 research integrity follow-up", today - timedelta(days=30), 44, "mixed2023"),
        ("kinou-kyouka", 1, 2024, "令和6年度 国研機能強化フォローアップ",
         "FY2024 follow-up of the strengthening of national R&D agencies",
         today - timedelta(days=10), 55, "mixed2024"),
    ]
    for code, version, fy, title_ja, title_en, opens, days, plan in plans:
        title_ja = f"【デモ】{title_ja}"
        if Round.objects.filter(fiscal_year=fy, title_ja=title_ja).exists():
            continue  # seeding twice loses nothing and duplicates nothing
        questionnaire = Questionnaire.objects.get(code=code, version=version)
        population = {}
        if plan == "mixed2023":
            population = {"population": Round.Population.CUSTOM,
                          "population_name_ja": "研究機関等（国立研究開発法人）",
                          "population_name_en": "Research bodies (national R&D agencies)",
                          "targets": list(Agency.objects.kokken_in(fy)
                                          .exclude(code__in=FY2023_NOT_SURVEYED))}
        round = services.round_create(
            user=secretariat, fiscal_year=fy, questionnaire=questionnaire, opens_on=opens,
            due_on=opens + timedelta(days=days), title_ja=title_ja, title_en=f"[DEMO] {title_en}",
            **population)
        services.round_open(round=round, user=secretariat)
        services.round_create_sheets(round=round)
        _play(round, plan)
        stdout.write(f"Demo round: {title_ja}")
    _government(stdout)


# Government-side actions for FY2024: (user, item, status, what was done, agencies).
GOVERNMENT = [
    ("secretariat", "II-4-G2", "done", "【デモ】研究インテグリティのフォローアップ調査を実施し、結果を公表した。", []),
    ("secretariat", "II-4-G3", "in_progress", "【デモ】研究機関等向けの説明会を開催（年2回予定のうち1回）。", []),
    ("mext-reviewer", "I-G1", "in_progress", "【デモ】次期中長期目標の策定に向けて申合せの反映を検討中。", ["riken", "nims"]),
    ("mext-reviewer", "II-1-G3", "done", "【デモ】給与水準の説明の妥当性を確認した。", ["riken", "nims", "jst"]),
    ("meti-reviewer", "I-G1", "done", "【デモ】中長期目標に申合せの内容を反映した。", ["aist", "nedo"]),
]
# I-G1 per agency: (reviewer, agency, first FY, last FY, in objectives, in plan).
PLANS = [("mext-reviewer", "riken", 2018, 2024, False, False),
         ("meti-reviewer", "aist", 2020, 2024, True, True),
         ("meti-reviewer", "nedo", 2023, 2027, True, False)]


def _government(stdout) -> None:
    """A few government-side actions and I-G1 records, so the matrix and report show data."""
    from .models import AgreementItem

    for username, code, status, text, agencies in GOVERNMENT:
        services.government_action_save(
            user=User.objects.get(username=username), item=AgreementItem.objects.get(code=code),
            fiscal_year=2024, values={"status": status, "description": text},
            agencies=list(Agency.objects.filter(code__in=agencies)))
    for username, code, start, end, objectives, plan in PLANS:
        services.plan_reflection_save(
            user=User.objects.get(username=username), agency=Agency.objects.get(code=code),
            fiscal_year=2024, values={"period_start": start, "period_end": end,
                                      "in_objectives": objectives, "in_plan": plan,
                                      "note": "【デモ】記載例"})
    stdout.write(f"Demo government-side actions: {len(GOVERNMENT)}, I-G1 records: {len(PLANS)}")


def _play(round: Round, plan: str) -> None:
    for index, sheet in enumerate(round.sheets.select_related("agency").order_by("agency__code")):
        if plan == "published":
            target = S.ACCEPTED
        elif plan == "mixed2023":
            target = FY2023_STATES.get(sheet.agency.code, STATE_CYCLE[index % len(STATE_CYCLE)])
        else:
            target = FY2024_STATES.get(sheet.agency.code, [S.IN_PROGRESS, S.NOT_STARTED][index % 2])
        _drive(sheet, target, random.Random(f"{round.fiscal_year}-{sheet.agency.code}"))
    if plan == "published":
        secretariat = User.objects.get(username="secretariat")
        services.round_close(round=round, user=secretariat)
        services.round_publish(round=round, user=secretariat)


def _people(agency: Agency) -> tuple[User, User, User]:
    editor = User.objects.get(username=f"{agency.code}-editor")
    approver = User.objects.get(username=f"{agency.code}-approver")
    ministry = agency.ministries.order_by("order").first()
    reviewer = User.objects.filter(role=Role.MINISTRY_REVIEWER, ministry=ministry).first()
    return editor, approver, reviewer


def _drive(sheet: Sheet, target: str, rng: random.Random) -> None:
    if target == S.NOT_STARTED:
        return
    editor, approver, reviewer = _people(sheet.agency)
    complete = target != S.IN_PROGRESS
    raw = _answers(sheet, rng, complete=complete)
    services.answers_save(sheet=sheet, user=editor, raw=raw, base_version=sheet.version,
                          source="demo")
    if complete:
        _attach_required_evidence(sheet, editor)
    if target == S.IN_PROGRESS:
        return
    services.sheet_transition(sheet=sheet, user=editor, action="request_approval")
    if target == S.AWAITING_APPROVAL:
        return
    services.sheet_transition(sheet=sheet, user=approver, action="submit")
    if target == S.SUBMITTED:
        return
    if target == S.RETURNED:
        services.comment_add(sheet=sheet, user=reviewer, question=sheet.round.questionnaire
                             .questions.order_by("order").first(),
                             text="【デモ】取組の具体的な内容と時期を追記してください。")
        services.sheet_transition(sheet=sheet, user=reviewer, action="return",
                                  comment="【デモ】記載内容の確認をお願いします。")
        return
    services.sheet_transition(sheet=sheet, user=reviewer, action="accept")


def _answers(sheet: Sheet, rng: random.Random, *, complete: bool) -> dict:
    """Plausible answers in question order, respecting conditions."""
    questions = list(Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id)
                     .select_related("show_if_question").prefetch_related("options")
                     .order_by("order"))
    current: dict[int, object] = {}
    raw: dict[str, object] = {}
    cut = len(questions) if complete else rng.randint(len(questions) // 3, 2 * len(questions) // 3)
    for q in questions[:cut]:
        if not values.is_visible(q, current) or q.kind == K.EVIDENCE:
            continue
        if not q.required and rng.random() < 0.3:
            continue
        value = _value(q, rng, sheet.round.fiscal_year)
        if value is None:
            continue
        raw[q.code] = value
        current[q.pk] = value
    return raw


def _value(q: Question, rng: random.Random, fy: int):
    options = [o.code for o in q.options.all()]
    if q.kind in (K.SINGLE, K.YES_NO):
        prefix = q.code.rsplit("-", 1)[0]
        if "done" in options and prefix in DONE_RATE:
            return "done" if rng.random() < DONE_RATE[prefix] else "not_done"
        if "considering" in options:
            return rng.choice(["considering", "considering", "not_considering"])
        weights = [max(1, len(options) - i) ** 2 for i in range(len(options))]
        return rng.choices(options, weights=weights)[0]
    if q.kind == K.MULTIPLE:
        return rng.sample(options, k=rng.randint(1, max(1, min(3, len(options)))))
    if q.kind == K.INTEGER:
        return str(rng.randint(0, 40))
    if q.kind == K.DECIMAL:
        return f"{rng.uniform(0.5, 5):.1f}"
    if q.kind == K.PERCENT:
        return str(rng.randint(5, 95))
    if q.kind == K.AMOUNT:
        return str(rng.randrange(5000, 15000, 10))
    if q.kind == K.DATE:
        return f"{fy}-{rng.randint(4, 12):02d}-{rng.randint(1, 28):02d}"
    if q.kind == K.SHORT_TEXT:
        return "【デモ】記載例"[: q.max_length or 200]
    if q.kind == K.LONG_TEXT:
        text = "【デモ】この回答はデモ用に自動生成した記載例です。実際の取組状況ではありません。"
        return text[: q.max_length or 4000]
    return None


def _attach_required_evidence(sheet: Sheet, editor: User) -> None:
    for q in Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id,
                                     kind=K.EVIDENCE, required=True):
        upload = ContentFile("【デモ】根拠資料の例です。\n".encode(), name="demo-evidence.txt")
        services.evidence_add(sheet=sheet, user=editor, question=q, upload=upload,
                              content_type="text/plain")
