"""Demo rounds: a living system for every demo user (``manage.py seed_demo``).

Every round's dates lie inside its own fiscal year:
FY2022 integrity round (the FY2022 questionnaire) and FY2023 integrity round (the FY2023
questionnaire): historical, fixed years whatever the clock, published, every body accepted,
for year-on-year. They survey 図11's research bodies (agreement line 614): 24 国研. The
agreement gives the count only; which 24 (and why) is recorded, marked as an assumption, in
``fixtures/surveys.json``.
F 機能強化 round (F = today's fiscal year): open, the 国研 of the year in mixed states (one
returned, one awaiting approval, submissions awaiting review …).
II-1 figures the questionnaire restates (HR-06 salary …) are the registers' values.
Every value is generated, deterministic and marked 【デモ】 where it is text: demo
figures must never pass for official ones. Everything goes through the services,
so history, timelines and notifications look as they would in real use.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from kokken import organisations
from kokken.models import Agency, Role, User
from kokken.wareki import fiscal_year, fiscal_year_ja

from . import answers as values
from . import services
from .models import Question, Questionnaire, Round, Sheet

S = Sheet.State
K = Question.Kind

# Share of agencies that answer "done" per integrity question (the agreement's FY2023
# figures: Q1–Q3 almost all, Q4 about 80%, Q5 and Q6 about 70%).
DONE_RATE = {"INT-Q1": 0.95, "INT-Q2": 0.93, "INT-Q3": 0.9, "INT-Q4": 0.8, "INT-Q5": 0.7,
             "INT-Q6": 0.7}

# The open round's states by agency; the rest follow STATE_CYCLE in code order.
OPEN_STATES = {"riken": S.IN_PROGRESS, "aist": S.RETURNED, "jst": S.AWAITING_APPROVAL,
               "nims": S.SUBMITTED, "amed": S.ACCEPTED}
STATE_CYCLE = [S.ACCEPTED] * 3 + [S.SUBMITTED, S.IN_PROGRESS, S.NOT_STARTED, S.RETURNED,
                                  S.SUBMITTED, S.IN_PROGRESS]


def round_dates(fy: int, today: date) -> tuple[date, date]:
    """Opening and due dates inside fiscal year ``fy`` (1 April – 31 March).

    A past year's round ran from October to mid-November; the current year's opened a
    month ago (not before 1 April) and is due in about five weeks (not after 31 March).
    """
    start, end = date(fy, 4, 1), date(fy + 1, 3, 31)
    if end < today:
        return date(fy, 10, 1), date(fy, 11, 14)
    opens = max(start, min(today - timedelta(days=30), end))
    return opens, max(opens, min(today + timedelta(days=35), end))


# The integrity surveys the agreement reports (図11): historical, so their years are fixed.
INTEGRITY_YEARS = {1: 2022, 2: 2023}  # questionnaire version → the fiscal year it was asked


def research_bodies(fy: int) -> dict:
    """round_create arguments for 図11's research bodies of ``fy`` as the fixture records
    them (24 国研 in FY2023; the 6 other 独法 are unnamed, so not in the data)."""
    survey = organisations.survey("integrity-research-bodies", fy)
    codes = survey["kokken"]["codes"]
    return {"population": Round.Population.CUSTOM,
            "population_name_ja": survey["name_ja"], "population_name_en": survey["name_en"],
            "targets": list(Agency.objects.kokken_in(fy).filter(code__in=codes))}


def seed(stdout) -> None:
    today = timezone.localdate()
    current = fiscal_year(today)
    secretariat = User.objects.get(username="secretariat")
    people: dict[int, tuple[User, User, User]] = {}  # agency id → its demo cast
    plans = [
        ("integrity", 1, INTEGRITY_YEARS[1], "研究インテグリティ フォローアップ",
         "research integrity follow-up", "published"),
        ("integrity", 2, INTEGRITY_YEARS[2], "研究インテグリティ フォローアップ",
         "research integrity follow-up", "published"),
        ("kinou-kyouka", 2, current, "国研機能強化フォローアップ",
         "follow-up of the strengthening of national R&D agencies", "open"),
    ]
    for code, version, fy, title_ja, title_en, plan in plans:
        title_ja = f"【デモ】{fiscal_year_ja(fy)} {title_ja}"
        if Round.objects.filter(fiscal_year=fy, title_ja=title_ja).exists():
            continue  # seeding twice loses nothing and duplicates nothing
        questionnaire = Questionnaire.objects.get(code=code, version=version)
        opens, due = round_dates(fy, today)
        population = research_bodies(fy) if code == "integrity" else {}
        round = services.round_create(
            user=secretariat, fiscal_year=fy, questionnaire=questionnaire, opens_on=opens,
            due_on=due, title_ja=title_ja, title_en=f"[DEMO] FY{fy} {title_en}", **population)
        services.round_open(round=round, user=secretariat)
        services.round_create_sheets(round=round)
        _play(round, plan, people)
        stdout.write(f"Demo round: {title_ja}")
    _government(stdout)


def _play(round: Round, plan: str, people: dict) -> None:
    for index, sheet in enumerate(round.sheets.select_related("agency").order_by("agency__code")):
        if plan == "published":
            target = S.ACCEPTED
        else:
            target = OPEN_STATES.get(sheet.agency.code, STATE_CYCLE[index % len(STATE_CYCLE)])
        _drive(sheet, target, random.Random(f"{round.fiscal_year}-{sheet.agency.code}"),
               people)
    if plan == "published":
        secretariat = User.objects.get(username="secretariat")
        services.round_close(round=round, user=secretariat)
        services.round_publish(round=round, user=secretariat)


def _people(agency: Agency, cache: dict) -> tuple[User, User, User]:
    if agency.pk in cache:  # the same three people act in every round
        return cache[agency.pk]
    editor = User.objects.get(username=f"{agency.code}-editor")
    approver = User.objects.get(username=f"{agency.code}-approver")
    ministry = agency.ministries.order_by("order").first()
    reviewer = User.objects.filter(role=Role.MINISTRY_REVIEWER, ministry=ministry).first()
    cache[agency.pk] = editor, approver, reviewer
    return cache[agency.pk]


def _drive(sheet: Sheet, target: str, rng: random.Random, people: dict) -> None:
    if target == S.NOT_STARTED:
        return
    editor, approver, reviewer = _people(sheet.agency, people)
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
        comment = services.comment_add(
            sheet=sheet, user=reviewer,
            question=sheet.round.questionnaire.questions.order_by("order").first(),
            text="【デモ】取組の具体的な内容と時期を追記してください。")
        services.sheet_transition(sheet=sheet, user=reviewer, action="return",
                                  comment="【デモ】記載内容の確認をお願いします。")
        services.comment_reply(comment=comment, user=editor,
                               text="【デモ】規程の改正時期を追記する方向で検討しています。")
        return
    services.sheet_transition(sheet=sheet, user=reviewer, action="accept")


def _answers(sheet: Sheet, rng: random.Random, *, complete: bool) -> dict:
    """Plausible answers in question order, respecting conditions; a question that restates
    a register value (HR-06 …) takes the register's value, so the two never disagree."""
    from .contrib import registry

    linked = {link.question_code: link for link in registry.linked_answers()}
    questions = list(Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id)
                     .select_related("show_if_question").prefetch_related("options")
                     .order_by("order"))
    current: dict[int, object] = {}
    raw: dict[str, object] = {}
    cut = len(questions) if complete else rng.randint(len(questions) // 3, 2 * len(questions) // 3)
    for q in questions[:cut]:
        if not values.is_visible(q, current, agency=sheet.agency) or q.kind == K.EVIDENCE:
            continue
        if not q.required and rng.random() < 0.3:
            continue
        link = linked.get(q.code)
        value = _value(q, rng, sheet.round.fiscal_year) if link is None else \
            link.value(agency=sheet.agency, fiscal_year=sheet.round.fiscal_year)
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
        # An exclusive option (「参照していない」) now and then, and then alone.
        alone = [o.code for o in q.options.all() if o.exclusive]
        others = [c for c in options if c not in alone]
        if alone and rng.random() < 0.1 or not others:
            return alone[:1]
        return rng.sample(others, k=rng.randint(1, max(1, min(3, len(others)))))
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


# Government-side actions of the current fiscal year: (user, item, status, what was done,
# agencies).
GOVERNMENT = [
    ("secretariat", "II-4-G2", "done", "【デモ】研究インテグリティのフォローアップ調査を実施し、結果を公表した。", []),
    ("secretariat", "II-4-G3", "in_progress", "【デモ】研究機関等向けの説明会を開催（年2回予定のうち1回）。", []),
    ("mext-reviewer", "I-G1", "in_progress", "【デモ】次期中長期目標の策定に向けて申合せの反映を検討中。", ["riken", "nims"]),
    ("mext-reviewer", "II-1-G3", "done", "【デモ】給与水準の説明の妥当性を確認した。", ["riken", "nims", "jst"]),
    ("meti-reviewer", "I-G1", "done", "【デモ】中長期目標に申合せの内容を反映した。", ["aist", "nedo"]),
]
# I-G1 per agency: (reviewer, agency, plan period relative to the current fiscal year,
# in objectives, in plan).
PLANS = [("mext-reviewer", "riken", -1, 5, False, False),
         ("meti-reviewer", "aist", -2, 2, True, True),
         ("meti-reviewer", "nedo", -3, 1, True, False)]


def _government(stdout) -> None:
    """A few government-side actions and I-G1 records, so the matrix and report show data."""
    from .models import AgreementItem

    fy = fiscal_year(timezone.localdate())
    for username, code, status, text, agencies in GOVERNMENT:
        services.government_action_save(
            user=User.objects.get(username=username), item=AgreementItem.objects.get(code=code),
            fiscal_year=fy, values={"status": status, "description": text},
            agencies=list(Agency.objects.filter(code__in=agencies)))
    for username, code, start, end, objectives, plan in PLANS:
        services.plan_reflection_save(
            user=User.objects.get(username=username), agency=Agency.objects.get(code=code),
            fiscal_year=fy, values={"period_start": fy + start, "period_end": fy + end,
                                      "in_objectives": objectives, "in_plan": plan,
                                      "note": "【デモ】記載例"})
    stdout.write(f"Demo government-side actions: {len(GOVERNMENT)}, I-G1 records: {len(PLANS)}")
