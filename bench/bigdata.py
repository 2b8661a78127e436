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
2,000 initiatives over the years). The small case (--years 2) has one published year: the
key pages of both cases show the same rounds (F open, F-1 published), the large one has
eight more years behind them. Deterministic for a given --seed; running it twice adds
nothing.
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django

django.setup()

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from agreements import demo, services
from agreements.models import Questionnaire, Round, Sheet
from hr.models import CrossAppointment, Direction, Initiative, Secondment
from kokken.models import Agency, User
from kokken.wareki import fiscal_year, fiscal_year_ja

TITLE = "【ベンチ】{fy} 国研機能強化フォローアップ"
REGISTERS = {CrossAppointment: 20_000, Secondment: 5_000, Initiative: 2_000}
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


def registers(years: int, seed: int, out) -> None:
    rng = random.Random(seed)
    current = fiscal_year(timezone.localdate())
    agencies = list(Agency.objects.order_by("code"))
    span = range(current - years + 1, current + 1)
    for model, total in REGISTERS.items():
        share = total * len(span) // 10  # the full numbers at ten years
        if model.objects.filter(fiscal_year__lt=current - 1).count() >= share // 2:
            continue
        rows = []
        for i in range(share):
            fy = span[i % len(span)]
            agency = agencies[(i // len(span)) % len(agencies)]
            rows.append(_row(model, agency, fy, i, rng))
        model.objects.bulk_create(rows, batch_size=2000)
        out.write(f"{model.__name__}: {share} rows\n")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        rounds(args.years, args.seed, sys.stdout)
        registers(args.years, args.seed, sys.stdout)


if __name__ == "__main__":
    main()
