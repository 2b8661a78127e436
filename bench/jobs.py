"""Time the long jobs on the database as it is: the annual PDF, the round Excel export (one
year and all years), opening a round for all agencies and a 5,000-row Excel import of
cross-appointments (run by hand; nothing is kept).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_big .venv/bin/python bench/jobs.py
    DATABASE_URL=… .venv/bin/python bench/jobs.py --runs 3 pdf export-all

On the demo data (`manage.py seed_demo`) or the large case (`bench/bigdata.py --years 10`):
the round is the newest published round of the full questionnaire (the large case's FY-1
bench round, 27 agencies × 78 questions; on the demo alone, its newest published round); "all years" adds every earlier published round of
that questionnaire to the export, as `?with=` does (ten years in the large case). Issue 18's
budgets: annual PDF < 10 s, full Excel export < 5 s, opening a round < 5 s, a 5,000-row
import < 15 s. The import reads a workbook of 5,000 valid cross-appointment rows (built
beforehand from the register's own template) through ``hr.services.rows_import``, as the
upload page does: the kit's reader (kokken/excel.py), the register's resource
(kokken/resources.py), every row validated then saved with its history record, the upload
recorded; added to RIKEN's register of the round's year, rolled back.

Each job runs in a fresh Python process (so its peak memory is its own): one first run
(imports, fonts, cold caches) and ``--runs`` warm runs; prints the first run, the median of
the warm runs, the queries of one run and the process's peak resident memory. Opening a
round runs inside a transaction that is rolled back (no sheet, mail or task is kept), as
the worker does it: ``round_create`` → ``round_open`` → ``round_create_sheets``.

Wall-clock figures are only comparable on an idle machine (the load average is printed);
"its CPU" is this process's CPU time (the database's own work is not in it), steadier under
load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

JOBS = ("pdf", "export", "export-all", "open", "import")
BUDGETS = {"pdf": 10.0, "export": 5.0, "export-all": 5.0, "open": 5.0, "import": 15.0}
TITLES = {"pdf": "annual PDF", "export": "round Excel export (one year)",
          "export-all": "round Excel export (all years)", "open": "opening a round",
          "import": "Excel import, 5,000 cross-appointments"}
IMPORT_ROWS = 5000


def _import_workbook(rows: int, fiscal_year: int) -> bytes:
    """A cross-appointment workbook of ``rows`` valid rows, as an agency fills in the
    register's own template: its headers, and per column a value its widget accepts (the
    allowed values of coded and yes/no columns, in turn)."""
    import io
    from datetime import date, timedelta

    from openpyxl import load_workbook

    from hr.registers import BY_KEY
    from kokken import resources

    register = BY_KEY["crossappointment"]
    book = load_workbook(io.BytesIO(register.template_workbook()))
    sheet = book.worksheets[0]
    columns = register.resource.columns()
    start = date(fiscal_year, 4, 1)

    def value(name, widget, i):
        if hasattr(widget, "allowed"):
            allowed = widget.allowed()
            return allowed[i % len(allowed)]
        if isinstance(widget, resources.Day):
            if "end" in name:
                return date(fiscal_year + 1, 3, 31) if i % 3 else None
            return start + timedelta(days=i % 300)
        if isinstance(widget, resources.Integer):
            return 10 + i % 9 * 10
        return f"ベンチ{name}{i % 50}" if "reference" not in name else f"BENCH-{i:05d}"

    for i in range(rows):
        sheet.append([value(name, widget, i) for name, _label, widget in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _round():
    from agreements.models import Round

    published = (Round.objects.filter(status=Round.Status.PUBLISHED)
                 .select_related("questionnaire").order_by("-fiscal_year", "-pk"))
    # The large case's rounds have the full questionnaire; the demo's published ones do not.
    return published.filter(questionnaire__code="kinou-kyouka").first() or published.first()


def _secretariat():
    from kokken.models import User

    return User.objects.get(username="secretariat")


def job(name: str):
    """The job as a function of no argument, and what it covers (for the printout)."""
    from django.db import transaction
    from django.utils import timezone

    from agreements import aggregation, excel, reports, services
    from agreements.models import ReportJob, Round
    from kokken import access

    round = _round()
    if round is None:
        sys.exit("No published round: run seed_demo (and bench/bigdata.py for the large case).")
    user = _secretariat()
    if name == "pdf":
        report = ReportJob.objects.create(kind="annual", round=round)

        def run():
            reports.report_generate(job=report)
            assert report.status == ReportJob.Status.DONE, report.error

        return run, f"{round}, {round.sheets.count()} sheets"
    if name in ("export", "export-all"):
        rounds = [round]
        if name == "export-all":
            rounds += list(Round.objects.filter(
                status=Round.Status.PUBLISHED, questionnaire__code=round.questionnaire.code,
                fiscal_year__lt=round.fiscal_year).order_by("fiscal_year"))
        agencies = access.export_agencies(user)
        basis = aggregation.Basis.default_for(round)

        def run():
            export = excel.round_workbook(rounds=rounds, agencies=agencies, basis=basis)
            assert export.content

        return run, f"{len(rounds)} round(s), {sum(r.sheets.count() for r in rounds)} sheets"

    if name == "import":
        from django.core.files.uploadedfile import SimpleUploadedFile

        from hr import services as hr_services
        from kokken.models import Agency, User

        content = _import_workbook(IMPORT_ROWS, round.fiscal_year)   # built once, not timed
        agency = Agency.objects.get(code="riken")
        editor = (User.objects.filter(agency=agency, role="agency_editor", is_active=True)
                  .order_by("pk").first())

        def run():
            with transaction.atomic():
                result = hr_services.rows_import(
                    kind="crossappointment", agency=agency, fiscal_year=round.fiscal_year,
                    upload=SimpleUploadedFile("bench.xlsx", content), user=editor)
                assert result.errors == [] and result.saved == IMPORT_ROWS, result.errors[:3]
                transaction.set_rollback(True)

        return run, (f"{IMPORT_ROWS:,} rows, {len(content) // 1024} KB, through "
                     "hr.services.rows_import (the kit's reader, resource and history)")

    def run():
        with transaction.atomic():
            today = timezone.localdate()
            new = services.round_create(
                user=user, fiscal_year=round.fiscal_year + 50, questionnaire=round.questionnaire,
                opens_on=today, due_on=today.replace(year=today.year + 1),
                title_ja="【ベンチ】開始の計測", title_en="[BENCH] opening")
            services.round_open(round=new, user=user)
            created = services.round_create_sheets(round=new)
            assert created, "no sheet created"
            transaction.set_rollback(True)

    return run, f"{round.questionnaire}, {round.targets.count()} target agencies"


def child(name: str, runs: int) -> None:
    """Run one job in this process and print its figures as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-jobs-")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
            transaction.atomic():
        run, what = job(name)
        start = time.perf_counter()
        run()
        first = time.perf_counter() - start
        warm, cpu = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                run()
                warm.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
        transaction.set_rollback(True)
    print(json.dumps({"first": first, "warm": warm, "cpu": cpu, "queries": len(queries),
                      "what": what,
                      "rss_start_mb": before / 1024,
                      "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jobs", nargs="*", help=f"some of {', '.join(JOBS)} (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per job")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
        return
    if set(args.jobs) - set(JOBS):
        parser.error(f"unknown job: {', '.join(sorted(set(args.jobs) - set(JOBS)))}")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before the run: {load} (wall-clock figures: idle machine only)")
    print(f"| job | data | first run (s) | median of {args.runs} warm runs (s) | its CPU (s) "
          "| budget (s) | queries | peak memory (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in args.jobs or JOBS:
        done = subprocess.run([sys.executable, __file__, "--child", name, "--runs", str(args.runs)],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"{name} failed:\n{done.stdout}{done.stderr}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"| {TITLES[name]} | {r['what']} | {r['first']:.2f} | "
              f"{statistics.median(r['warm']):.2f} | {statistics.median(r['cpu']):.2f} | "
              f"< {BUDGETS[name]:.0f} | {r['queries']} | "
              f"{r['rss_peak_mb']:.0f} (process at start: {r['rss_start_mb']:.0f}) |")
    print(f"load average after the run: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
