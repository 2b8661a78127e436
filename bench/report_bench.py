"""Time the annual PDF report of all 27 agencies (run by hand; nothing is kept).

    .venv/bin/python bench/report_bench.py            # prints the timings
    .venv/bin/python bench/report_bench.py --write    # also writes docs/benchmarks.md
    .venv/bin/python bench/report_bench.py --keep     # and keeps the PDFs in /tmp/bench-*.pdf

Builds, inside a transaction that is rolled back, a 20-question questionnaire
(eight two-part questions as in the integrity survey, four yes/no, text), a
previous round (year on year) and a published round with every agency's
submitted answers, then renders the reports through the job service, as the
worker does. Honours DATABASE_URL (SQLite by default).
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements import reports
from agreements.models import (
    Answer,
    Option,
    Question,
    Questionnaire,
    ReportJob,
    Round,
    Section,
    Sheet,
)
from kokken.models import Agency, Ministry

RUNS = 3
LOAD_BEFORE = " / ".join(f"{x:.1f}" for x in os.getloadavg())


def build(rng: random.Random) -> Round:
    qn = Questionnaire.objects.create(code="bench", version=1, title_ja="ベンチマーク調査")
    section = Section.objects.create(questionnaire=qn, code="S1", title_ja="研究セキュリティ・インテグリティ")
    questions = []
    order = 0
    for i in range(1, 9):  # 8 two-part questions = 16 questions
        order += 1
        parent = Question.objects.create(
            questionnaire=qn, section=section, code=f"B-Q{i}-1", kind="single", order=order,
            text_ja=f"設問{i}：リスクマネジメントのための取組を実施しているか")
        Option.objects.bulk_create([
            Option(question=parent, code="done", label_ja="実施している", order=1),
            Option(question=parent, code="not_done", label_ja="実施していない", order=2)])
        order += 1
        child = Question.objects.create(
            questionnaire=qn, section=section, code=f"B-Q{i}-2", kind="single", order=order,
            text_ja=f"設問{i}で実施していない場合、検討しているか", show_if_question=parent,
            show_if_values=["not_done"], refines_parent=True)
        Option.objects.bulk_create([
            Option(question=child, code="considering", label_ja="検討している", order=1),
            Option(question=child, code="not_considering", label_ja="検討していない", order=2)])
        questions.append((parent, child))
    yes_no = []
    for i in range(1, 4):  # 3 yes/no
        order += 1
        q = Question.objects.create(questionnaire=qn, section=section, code=f"B-YN{i}",
                                    kind="yes_no", order=order, text_ja=f"規程{i}を整備しているか")
        Option.objects.bulk_create([Option(question=q, code="yes", label_ja="はい", order=1),
                                    Option(question=q, code="no", label_ja="いいえ", order=2)])
        yes_no.append(q)
    order += 1
    note = Question.objects.create(questionnaire=qn, section=section, code="B-NOTE",
                                   kind="long_text", order=order, text_ja="課題", required=False)
    assert qn.questions.count() == 20

    agencies = list(Agency.objects.all())
    rounds = []
    for fy, status in ((2022, Round.Status.PUBLISHED), (2023, Round.Status.PUBLISHED)):
        round = Round.objects.create(fiscal_year=fy, questionnaire=qn, status=status,
                                     title_ja=f"{fy}年度 ベンチマーク", opens_on=date(fy, 6, 1),
                                     due_on=date(fy, 7, 31))
        round.targets.set(agencies)
        answers = []
        for agency in agencies:
            sheet = Sheet.objects.create(round=round, agency=agency, state=Sheet.State.SUBMITTED)
            for parent, child in questions:
                choice = rng.choices(["done", "not_done"], [4, 1])[0]
                answers.append(Answer(sheet=sheet, question=parent, choice=choice))
                if choice == "not_done":
                    answers.append(Answer(sheet=sheet, question=child,
                                          choice=rng.choice(["considering", "not_considering"])))
            for q in yes_no:
                answers.append(Answer(sheet=sheet, question=q, choice=rng.choice(["yes", "no"])))
            answers.append(Answer(sheet=sheet, question=note, text="専門人材の確保が課題。" * 5))
        Answer.objects.bulk_create(answers)
        rounds.append(round)
    return rounds[-1]


def timed(job: ReportJob) -> tuple[float, int, int, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        reports.report_generate(job=job)
        elapsed = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == "done", job.error
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", job.file.path], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    return elapsed, len(queries), job.file.size, pages


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "?")
    import weasyprint

    subset = subprocess.run(["sh", "-c", "ldconfig -p | grep -c libharfbuzz-subset"],
                            capture_output=True, text=True, check=False).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {int(mem) // 1024} MiB RAM; {platform.platform()}; "
            f"Python {platform.python_version()}; WeasyPrint {weasyprint.__version__}; "
            f"libharfbuzz-subset {'present' if subset not in ('', '0') else 'MISSING'}; "
            f"database {connection.vendor}")


def main() -> None:
    rng = random.Random(2024)
    results = {}
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        with transaction.atomic():
            round = build(rng)
            mext = Ministry.objects.get(code="MEXT")
            riken = Agency.objects.get(code="riken")
            jobs = {
                "annual (27 agencies)": ReportJob.objects.create(kind="annual", round=round),
                "ministry (MEXT)": ReportJob.objects.create(kind="ministry", round=round,
                                                            ministry=mext),
                "agency (RIKEN)": ReportJob.objects.create(kind="agency", round=round,
                                                           agency=riken),
            }
            cold = timed(jobs["annual (27 agencies)"])  # first run pays for imports and fonts
            for name, job in jobs.items():
                runs = [timed(job) for _ in range(RUNS)]
                results[name] = runs
                if "--keep" in sys.argv:  # copies to look at: /tmp/bench-<kind>.pdf
                    Path(f"/tmp/bench-{job.kind}.pdf").write_bytes(Path(job.file.path).read_bytes())
            transaction.set_rollback(True)

    lines = [f"| report | first run (s) | median of {RUNS} warm runs (s) | queries | pages | size (KB) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, runs in results.items():
        first = f"{cold[0]:.2f}" if name.startswith("annual") else "—"
        med = statistics.median(r[0] for r in runs)
        _t, queries, size, pages = runs[-1]
        lines.append(f"| {name} | {first} | {med:.2f} | {queries} | {pages} | {size // 1024} |")
    table = "\n".join(lines)
    print(machine())
    print(table)
    if "--write" in sys.argv:  # appends this run to docs/benchmarks.md
        doc = ROOT / "docs" / "benchmarks.md"
        doc.parent.mkdir(exist_ok=True)
        if not doc.exists():
            doc.write_text(HEADER, encoding="utf-8")
        with doc.open("a", encoding="utf-8") as fh:
            fh.write(f"\n### {date.today().isoformat()}, {connection.vendor}\n\n"
                     f"Machine: {machine()}; load average before the run "
                     f"{LOAD_BEFORE}.\n\n{table}\n")
        print(f"appended to {doc}")


HEADER = """# Benchmarks

## PDF reports (`bench/report_bench.py`)

Run by hand: `.venv/bin/python bench/report_bench.py --write` appends a run below
(set `DATABASE_URL` for PostgreSQL). Data: 27 agencies, a 20-question
questionnaire (8 two-part questions as in the integrity survey, 3 yes/no, 1 text),
every sheet submitted, a published FY2022 round for year on year and a published
FY2023 round (so the annual report lists the agencies per answer). Times are
`report_generate()` end to end, as the worker runs it: queries, template, SVG
charts, WeasyPrint layout, font subsetting, atomic file write.

The first run includes importing WeasyPrint and loading the CJK font, which a
worker pays once. Without `libharfbuzz-subset0` CJK subsetting is several times
slower (see STACK.md). The machine is shared: the load average is recorded with
each run because it moves the numbers by a factor of two.
"""


if __name__ == "__main__":
    main()
