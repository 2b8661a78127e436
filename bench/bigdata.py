"""The large case for the benchmarks: ten fiscal years of follow-up and registers at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_big .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py seed_demo
    DATABASE_URL=… .venv/bin/python bench/bigdata.py --years 10 --seed 1      # the large case
    DATABASE_URL=… .venv/bin/python bench/bigdata.py --years 2 --seed 1       # the small case

On top of the demo (users, agencies, the open round of this fiscal year F with the full
questionnaire), it adds one published round of the full questionnaire for each of the
fiscal years F-(years-1) … F-1, every agency's sheet answered, submitted and accepted
through the services (so the answer history, timelines and snapshots are real), and the
II-1 registers of those years with bulk rows (20,000 cross-appointments, 5,000 secondments,
2,000 initiatives over the years), and the other chapters' registers over the same years and
the year's 国研: 5,000 training programmes (II-2) and 1,000 seat requests between agencies,
2,000 COI/COC cases (II-3), 1,000 good-practice entries. Those numbers are for ten years; a
shorter span gets its share (a tenth per year), --scale multiplies them (a test runs at a
hundredth). The small case (--years 2) has one published year: the key pages of both cases
show the same rounds (F open, F-1 published), the large one has eight more years behind them.

Rows are valid (each passes the model's own field checks and ``clean()``; the first of each
register passes ``full_clean()`` as a whole) and each has its history record, written with the
rows (``kokken.history``: the figures' cache versions read them). No row names a person:
titles are generated and marked 【ベンチ】. Deterministic for a given --seed; running it twice
adds nothing: a register this script already filled (its history records say
``bench/bigdata.py``) is left alone, so on a database built by an earlier version of it a
second run adds only the registers that version did not.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django

django.setup()

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation

from agreements import demo, services
from agreements.models import Question, Questionnaire, Round, Sheet
from hr.models import CrossAppointment, Direction, Initiative, Secondment
from ip.models import CaseType, CoiCase, Counterpart, Decision
from kokken.models import Agency, User
from kokken.wareki import fiscal_year, fiscal_year_ja
from practices.models import Chapter, Practice
from training.models import Category, Format, Programme, SeatRequest

BENCH = "【ベンチ】"
TITLE = BENCH + "{fy} 国研機能強化フォローアップ"
# Every history record of a row this script adds says so: how a second run knows a register
# is done (II-1's, on a database built before the mark, by its unmarked bench rows).
REASON = "bench/bigdata.py"
REGISTERS = {CrossAppointment: 20_000, Secondment: 5_000, Initiative: 2_000}
# In this order: seat requests are made for the programmes open to other agencies.
CHAPTER_REGISTERS = {Programme: 5_000, SeatRequest: 1_000, CoiCase: 2_000, Practice: 1_000}
PEOPLE: dict = {}  # agency id → (editor, approver, reviewer), as the demo keeps them


def rounds(years: int, seed: int, out) -> None:
    today = timezone.localdate()
    current = fiscal_year(today)
    secretariat = User.objects.get(username="secretariat")
    questionnaire = Questionnaire.objects.get(code="kinou-kyouka", version=1)
    for fy in range(current - years + 1, current):
        title_ja = TITLE.format(fy=fiscal_year_ja(fy))
        if Round.objects.filter(fiscal_year=fy, title_ja=title_ja).exists():
            continue
        started = time.monotonic()
        opens, due = demo.round_dates(fy, today)
        with transaction.atomic():
            round = services.round_create(
                user=secretariat, fiscal_year=fy, questionnaire=questionnaire, opens_on=opens,
                due_on=due, title_ja=title_ja, title_en=f"[BENCH] FY{fy} follow-up")
            services.round_open(round=round, user=secretariat)
            services.round_create_sheets(round=round)
            for sheet in round.sheets.select_related("agency").order_by("agency__code"):
                _accepted(sheet, fy, random.Random(f"{seed}-{fy}-{sheet.agency.code}"))
            services.round_close(round=round, user=secretariat)
            services.round_publish(round=round, user=secretariat)
        out.write(f"{title_ja}: {round.sheets.count()} sheets in {time.monotonic() - started:.0f} s\n")


def _accepted(sheet: Sheet, fy: int, rng: random.Random) -> None:
    """Answered, approved, submitted and accepted through the services, as the demo does.
    Questions restating a register the demo has no row for in that year get a plain value."""
    editor, approver, reviewer = demo._people(sheet.agency, PEOPLE)
    services.answers_save(sheet=sheet, user=editor, raw=demo._answers(sheet, rng, complete=True),
                          base_version=sheet.version, source="demo")
    demo._attach_required_evidence(sheet, editor)
    missing = services.missing_required(sheet)
    if missing:
        sheet.refresh_from_db()
        services.answers_save(sheet=sheet, user=editor, base_version=sheet.version, source="demo",
                              raw={q.code: demo._value(q, rng, fy) for q in missing})
    for user, action in ((editor, "request_approval"), (approver, "submit"), (reviewer, "accept")):
        services.sheet_transition(sheet=sheet, user=user, action=action)


def registers(years: int, seed: int, out, scale: float = 1.0) -> None:
    rng = random.Random(seed)
    current = fiscal_year(timezone.localdate())
    agencies = list(Agency.objects.order_by("code"))
    span = range(current - years + 1, current + 1)
    for model, total in REGISTERS.items():
        share = _share(total, span, scale)
        if _filled(model) or _filled_before():
            continue
        rows = []
        for i in range(share):
            fy = span[i % len(span)]
            agency = agencies[(i // len(span)) % len(agencies)]
            rows.append(_row(model, agency, fy, i, rng))
        _insert(model, rows)
        out.write(f"{model.__name__}: {share} rows\n")


def _share(total: int, span, scale: float) -> int:
    return int(total * len(span) * scale) // 10  # the full numbers at ten years


def _filled(model) -> bool:
    """This script added the register's rows already (a run is one transaction per register)."""
    return model.history.filter(history_change_reason=REASON).exists()


def _filled_before() -> bool:
    """The II-1 registers were made by a version of this script that did not mark its history
    records: its cross-appointments (made first) are there, unmarked."""
    rows = CrossAppointment.objects.filter(partner_name__startswith=BENCH)
    return rows.exists() and not _filled(CrossAppointment)


def _insert(model, rows: list) -> None:
    """The rows and their history records, in one transaction, marked as this script's."""
    for row in rows:
        row._change_reason = REASON  # simple-history's bulk_history_create reads it
    with transaction.atomic():
        model.objects.bulk_create(rows, batch_size=2000)


def _validated(rows: list) -> list:
    """Every row through its fields' validators and the model's clean() (no query); the first
    through full_clean(), foreign keys, uniqueness and constraints included."""
    if rows:
        rows[0].full_clean()
        relations = [f.name for f in rows[0]._meta.concrete_fields if f.is_relation]
        for row in rows[1:]:
            row.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    return rows


def _row(model, agency, fy, i, rng):
    start = date(fy, rng.randint(4, 12), 1)
    if model is CrossAppointment:
        return CrossAppointment(
            agency=agency, fiscal_year=fy, direction=rng.choice(list(Direction.values)),
            partner_name=f"【ベンチ】大学{i % 300}", partner_type=rng.choice(
                list(CrossAppointment.PartnerType.values)),
            effort_percent=rng.choice([10, 20, 30, 50]), start_date=start,
            settles_salary=True, settles_social_insurance=rng.random() < 0.8,
            settles_work=True, settles_ip=rng.random() < 0.6, reference=f"B-{i}")
    return _other(model, agency, fy, i, rng, start)


def _other(model, agency, fy, i, rng, start):
    fields = {"agency": agency, "fiscal_year": fy}
    for f in model._meta.concrete_fields:
        if f.name in fields or f.primary_key or f.null or f.has_default() or f.name == "updated_at":
            continue
        if f.choices:
            fields[f.name] = rng.choice([c[0] for c in f.choices])
        elif f.get_internal_type() in ("CharField", "TextField"):
            fields[f.name] = f"【ベンチ】{f.name} {i}"[: f.max_length or 200]
        elif f.get_internal_type() == "DateField":
            fields[f.name] = start
        elif "Integer" in f.get_internal_type():
            fields[f.name] = rng.randint(1, 10)
        elif f.get_internal_type() == "BooleanField":
            fields[f.name] = rng.random() < 0.5
    return model(**fields)


# --- II-2, II-3 and the good practices --------------------------------------------------

def chapter_registers(years: int, seed: int, out, scale: float = 1.0) -> None:
    """The other chapters' registers over the span's years, each year's rows spread over that
    year's 国研 (``Agency.objects.kokken_in``). Each register has its own random stream, so
    a register's rows do not depend on which others were made in the same run."""
    current = fiscal_year(timezone.localdate())
    span = list(range(current - years + 1, current + 1))
    agencies = {fy: list(Agency.objects.kokken_in(fy).order_by("code")) for fy in span}
    for model, total in CHAPTER_REGISTERS.items():
        if _filled(model):
            continue
        rng = random.Random(f"{seed}-{model._meta.label}")
        with translation.override("ja"):
            rows = _validated(MAKERS[model](_share(total, span, scale), span, agencies, rng))
        if not rows:
            continue
        _insert(model, rows)
        if model is Practice:
            _partners(rows, agencies, rng)
        out.write(f"{model.__name__}: {len(rows)} rows\n")


def _spread(n: int, span: list[int], agencies: dict):
    """(i, fiscal year, agency) for n rows: years in turn, each year's agencies in turn."""
    for i in range(n):
        fy = span[i % len(span)]
        yield i, fy, agencies[fy][(i // len(span)) % len(agencies[fy])]


def _day(rng: random.Random, fy: int) -> date:
    """A day of the fiscal year, not after today."""
    start = date(fy, 4, 1)
    last = min(date(fy + 1, 3, 31), timezone.localdate())
    return start + timedelta(days=rng.randint(0, max((last - start).days, 0)))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _programmes(n, span, agencies, rng) -> list[Programme]:
    rows = []
    for i, fy, agency in _spread(n, span, agencies):
        category, form = rng.choice(Category.values), rng.choice(Format.values)
        always = form == Format.ELEARNING and rng.random() < 0.7
        start = None if always else _day(rng, fy)
        open_to_others = rng.random() < 0.4
        rows.append(Programme(
            agency=agency, fiscal_year=fy, category=category, format=form,
            title=f"{BENCH}{Category(category).label} 研修 {i}",
            in_japanese=True, in_english=rng.random() < 0.2, always_open=always,
            start_date=start, end_date=None if always else start + timedelta(
                days=rng.choice([0, 1, 2, 4, 30])),
            open_to_others=open_to_others,
            capacity=rng.choice([None, 5, 10, 20, 50]) if open_to_others else None))
    return rows


def _seat_requests(n, span, agencies, rng) -> list[SeatRequest]:
    """Requests from another 国研 of the year for this script's open programmes."""
    programmes = list(Programme.objects.filter(
        title__startswith=BENCH, open_to_others=True, agency__isnull=False,
        fiscal_year__in=span).order_by("id"))
    rows = []
    S = SeatRequest.State
    for i in range(n if programmes else 0):
        programme = programmes[i % len(programmes)]
        others = [a for a in agencies[programme.fiscal_year] if a.pk != programme.agency_id]
        state = rng.choices(S.values, weights=[3, 10, 2, 2, 1])[0]
        decided = state in (S.ACCEPTED, S.WAITLISTED, S.DECLINED)
        rows.append(SeatRequest(
            programme=programme, providing_agency_id=programme.agency_id,
            requesting_agency=rng.choice(others), seats=rng.randint(1, 5), state=state,
            note=f"{BENCH}研究推進部門 {i}",
            reason=f"{BENCH}定員のため" if state == S.DECLINED else "",
            decided_at=_moment(_day(rng, programme.fiscal_year)) if decided else None))
    return rows


def _coi_cases(n, span, agencies, rng) -> list[CoiCase]:
    rows = []
    today = timezone.localdate()
    for _i, fy, agency in _spread(n, span, agencies):
        received = _day(rng, fy)
        decided = received + timedelta(days=rng.randint(3, 120))
        pending = decided > today or rng.random() < 0.03
        decision = "" if pending else rng.choices(Decision.values, weights=[4, 5, 1])[0]
        measures = {name: rng.random() < 0.4 for name in CoiCase.MEASURES}
        if decision == Decision.MITIGATION and not any(measures.values()):
            measures[rng.choice(CoiCase.MEASURES)] = True
        rows.append(CoiCase(
            agency=agency, fiscal_year=fy, case_type=rng.choice(CaseType.values),
            counterpart=rng.choice(Counterpart.values), received_on=received,
            decided_on=None if pending else decided, decision=decision,
            continued=decision in (Decision.APPROVED, Decision.MITIGATION) and rng.random() < 0.8,
            **(measures if decision == Decision.MITIGATION else {})))
    return rows


# Neutral subjects of practices, per chapter: no person, no real agency's programme.
TOPICS = {
    "I": ["法人間連携", "共通指標", "情報共有"],
    "II-1": ["クロスアポイントメント", "年俸制", "人事交流", "通年採用", "キャリア支援"],
    "II-2": ["研修の相互乗り入れ", "研究マネジメント人材", "eラーニング", "資格取得支援"],
    "II-3": ["知財戦略", "ライセンス", "スタートアップ支援", "利益相反管理"],
    "II-4": ["輸出管理", "研究セキュリティ", "研究公正", "相手先確認", "情報管理"],
}
PREFIX = {"I": "GEN", "II-1": "HR", "II-2": "TR", "II-3": "IP", "II-4": "SEC"}


def _practices(n, span, agencies, rng) -> list[Practice]:
    codes = sorted(set(Question.objects.filter(questionnaire__code="kinou-kyouka")
                       .values_list("code", flat=True)))
    secretariat = User.objects.get(username="secretariat")
    S = Practice.State
    rows = []
    for i, fy, agency in _spread(n, span, agencies):
        chapter = rng.choice(Chapter.values)
        topics = rng.sample(TOPICS[chapter], 2)
        state = rng.choices(S.values, weights=[12, 10, 70, 8])[0]
        day = _day(rng, fy)
        mine = [c for c in codes if c.startswith(PREFIX[chapter] + "-")]
        rows.append(Practice(
            agency=agency, fiscal_year=fy, chapter=chapter, state=state,
            section=chapter if rng.random() < 0.3 else f"{chapter}-S{rng.randint(1, 5)}",
            title_ja=f"{BENCH}{topics[0]}の取組 {i}", title_en=f"[BENCH] practice {i}",
            summary_ja=(f"{BENCH}ベンチマーク用に生成した事例。{topics[0]}について手順を整備し、"
                        f"{topics[1]}と合わせて他法人と共有した。"),
            body=f"{BENCH}生成データ。" * rng.randint(1, 20),
            tags=", ".join(topics),
            questions=", ".join(rng.sample(mine, min(len(mine), rng.randint(1, 2))))
            if mine and rng.random() < 0.3 else "",
            submitted_at=_moment(day) if state != S.DRAFT else None,
            published_at=_moment(day) if state == S.PUBLISHED else None,
            published_by=secretariat if state == S.PUBLISHED else None))
    return rows


def _partners(rows: list[Practice], agencies: dict, rng: random.Random) -> None:
    """One entry in five names one or two other 国研 of its year that run it too."""
    through = Practice.partners.through
    links = []
    for row in rows:
        if rng.random() < 0.2:
            others = [a for a in agencies[row.fiscal_year] if a.pk != row.agency_id]
            links += [through(practice_id=row.pk, agency_id=a.pk)
                      for a in rng.sample(others, rng.randint(1, 2))]
    through.objects.bulk_create(links, batch_size=2000)


MAKERS = {Programme: _programmes, SeatRequest: _seat_requests, CoiCase: _coi_cases,
          Practice: _practices}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies the registers' row counts (default 1: the issue's)")
    args = parser.parse_args()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        rounds(args.years, args.seed, sys.stdout)
        registers(args.years, args.seed, sys.stdout, args.scale)
        chapter_registers(args.years, args.seed, sys.stdout, args.scale)
    analyse(sys.stdout)


def analyse(out) -> None:
    """Fresh statistics for the planner, as autovacuum keeps them in production (it may be
    off on a benchmark machine: this one's is). Without them PostgreSQL guesses the row
    counts of the new tables and index-only scans visit every heap page."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        out.write("VACUUM ANALYZE done\n")


if __name__ == "__main__":
    main()
