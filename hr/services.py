"""Writes to the II-1 registers. Views, imports and demo data call these."""

from __future__ import annotations


from django.db import transaction
from django.utils import timezone

from kokken import access, excel, history, wareki
from kokken.access import Perm
from kokken.models import Agency

from .models import (
    CrossAppointment,
    CrossAppointmentScheme,
    Initiative,
    JobCategory,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
    Secondment,
)


@history.by_user
def pay_schemes_save(*, agency: Agency, fiscal_year: int, rows: dict[str, dict | None],
                     user) -> None:
    """Replace the year's pay schemes: ``rows`` maps a job category to its values,
    or to None when the agency has no staff in that category."""
    access.require(user, Perm.EDIT, agency)
    with transaction.atomic():
        for category in JobCategory.values:
            values = rows.get(category)
            if values is None:
                PayScheme.objects.filter(agency=agency, fiscal_year=fiscal_year,
                                         job_category=category).delete()
                continue
            if not values.get("annual_salary"):
                values = {**values, "structure": "", "retirement_included": False}
            PayScheme.objects.update_or_create(
                agency=agency, fiscal_year=fiscal_year, job_category=category,
                defaults={**values, "updated_by": user})


@history.by_user
def benchmark_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> SalaryBenchmark:
    """Save the agency's salary benchmark. A changed explanation needs a fresh review.

    Race-safe: two first saves at once (a double click) give one row, the later save wins.
    """
    access.require(user, Perm.EDIT, agency)
    with transaction.atomic():
        _lock_agency(agency)
        return _benchmark_save(agency=agency, fiscal_year=fiscal_year, values=values, user=user)


def _lock_agency(agency: Agency) -> None:
    """Serialise this agency's register writes that first look, then insert.

    The row lock on the agency makes the second of two simultaneous requests wait, then
    see the first one's rows (the unique constraints stay the last line of defence)."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()


def _benchmark_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> SalaryBenchmark:
    benchmark = SalaryBenchmark.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if benchmark is None:
        benchmark = SalaryBenchmark(agency=agency, fiscal_year=fiscal_year)
    reviewed_fields = ("average_salary", "comparator", "survey", "survey_other",
                       "comparator_salary", "explanation")
    changed = any(getattr(benchmark, f) != values.get(f, getattr(benchmark, f))
                  for f in reviewed_fields)
    for name, value in values.items():
        setattr(benchmark, name, value)
    if changed and benchmark.explanation_adequate is not None:
        benchmark.explanation_adequate = None
        benchmark.reviewed_by = None
        benchmark.reviewed_at = None
    benchmark.updated_by = user
    benchmark.full_clean()
    benchmark.save()
    return benchmark


@history.by_user
def benchmark_review(*, benchmark: SalaryBenchmark, adequate: bool, note: str = "",
                     user) -> SalaryBenchmark:
    """The supervising ministry records whether the explanation is adequate (II-1 (4)①)."""
    access.check(user, Perm.REVIEW, benchmark.agency_id)
    benchmark.explanation_adequate = adequate
    benchmark.review_note = note
    benchmark.reviewed_by = user
    benchmark.reviewed_at = timezone.now()
    benchmark.save(update_fields=["explanation_adequate", "review_note", "reviewed_by",
                                  "reviewed_at"])
    return benchmark


@history.by_user
def funding_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> PersonnelFunding:
    access.require(user, Perm.EDIT, agency)
    funding, _created = PersonnelFunding.objects.update_or_create(
        agency=agency, fiscal_year=fiscal_year, defaults={**values, "updated_by": user})
    return funding


@history.by_user
def crossappointment_scheme_save(*, agency: Agency, fiscal_year: int, values: dict,
                                 user) -> CrossAppointmentScheme:
    """Record whether the agency has introduced a cross-appointment scheme (as of 1 April)."""
    access.require(user, Perm.EDIT, agency)
    scheme = (CrossAppointmentScheme.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
              or CrossAppointmentScheme(agency=agency, fiscal_year=fiscal_year))
    return row_save(instance=scheme, values=values, user=user)


@history.by_user
def row_save(*, instance, values: dict, user):
    """Create or update one register row (a cross-appointment, secondment, initiative, the
    cross-appointment scheme), validated by the model, stamped with who changed it."""
    access.require(user, Perm.EDIT, instance.agency_id)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


@history.by_user
def row_delete(*, instance, user) -> None:
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.delete()


# --- Copy the previous fiscal year ------------------------------------------

COPY_FIELDS = {
    PayScheme: ("job_category", "annual_salary", "structure", "retirement_included",
                "coverage_percent"),
    SalaryBenchmark: ("average_salary", "comparator", "survey", "survey_other",
                      "comparator_salary", "explanation"),
    PersonnelFunding: PersonnelFunding.AMOUNTS,
    CrossAppointment: ("direction", "partner_name", "partner_type", "effort_percent",
                       "start_date", "end_date", *CrossAppointment.SETTLES, "reference"),
    Secondment: ("direction", "kind", "partner_type", "start_date", "end_date"),
    Initiative: ("kind", "title", "description"),
    CrossAppointmentScheme: ("introduced", "introduced_on", "rules"),
}


@history.by_user
def copy_previous_year(*, agency: Agency, fiscal_year: int, user) -> dict[str, int]:
    """Start a fiscal year from the previous year's registers.

    Never overwrites: a register that already has rows for ``fiscal_year`` is
    left alone (pay schemes: per job category). Agreements and secondments
    that ended before the year starts are not carried over; the ministry's
    verdict on the salary explanation is not carried over either.
    Returns the number of rows copied per model name. Race-safe (see ``_lock_agency``).
    """
    access.require(user, Perm.EDIT, agency)
    start, _end = wareki.fiscal_year_bounds(fiscal_year)
    copied: dict[str, int] = {}
    with transaction.atomic():
        _lock_agency(agency)  # two clicks at once: the second waits, then finds the rows
        for model, fields in COPY_FIELDS.items():
            source = model.objects.filter(agency=agency, fiscal_year=fiscal_year - 1)
            target = model.objects.filter(agency=agency, fiscal_year=fiscal_year)
            if model is PayScheme:
                source = source.exclude(job_category__in=target.values("job_category"))
            elif target.exists():
                copied[model.__name__] = 0
                continue
            if model in (CrossAppointment, Secondment):
                source = source.exclude(end_date__lt=start)
            new = [model(agency=agency, fiscal_year=fiscal_year, updated_by=user,
                         **{f: getattr(row, f) for f in fields}) for row in source]
            model.objects.bulk_create(new)
            copied[model.__name__] = len(new)
    return copied


# --- Excel import of the row registers ----------------------------------------
# Declared once per register (hr/registers.py, ``excel=[...]``); the kit reads the file
# through the register's django-import-export resource.


def rows_import(*, kind: str, agency: Agency, fiscal_year: int, upload, user,
                replace: bool = False, dry_run: bool = False) -> excel.ImportResult:
    """Add (or, with ``replace``, replace) the year's rows of register ``kind`` from a workbook.

    All or nothing: one bad cell and nothing is saved. The upload is recorded. The register
    checks EDIT on the agency itself (``Register.apply``).
    """
    from .registers import BY_KEY

    return BY_KEY[kind].import_file(agency=agency, fiscal_year=fiscal_year, upload=upload,
                                    user=user, replace=replace, dry_run=dry_run)


def rows_template(*, kind: str) -> bytes:
    """The empty workbook to fill in, with the allowed values of coded and yes/no columns."""
    from .registers import BY_KEY

    return BY_KEY[kind].template_workbook()
