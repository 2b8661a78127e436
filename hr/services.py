"""Writes to the II-1 registers. Views, imports and demo data call these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import BooleanField
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokken import access, excel, wareki
from kokken.access import Perm
from kokken.models import Agency, DataTransfer

from .models import (
    CrossAppointment,
    CrossAppointmentScheme,
    Direction,
    Initiative,
    JobCategory,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
    Secondment,
)


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


def funding_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> PersonnelFunding:
    access.require(user, Perm.EDIT, agency)
    funding, _created = PersonnelFunding.objects.update_or_create(
        agency=agency, fiscal_year=fiscal_year, defaults={**values, "updated_by": user})
    return funding


def crossappointment_scheme_save(*, agency: Agency, fiscal_year: int, values: dict,
                                 user) -> CrossAppointmentScheme:
    """Record whether the agency has introduced a cross-appointment scheme (as of 1 April)."""
    access.require(user, Perm.EDIT, agency)
    scheme = (CrossAppointmentScheme.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
              or CrossAppointmentScheme(agency=agency, fiscal_year=fiscal_year))
    for name, value in values.items():
        setattr(scheme, name, value)
    scheme.updated_by = user
    scheme.full_clean()
    scheme.save()
    return scheme


def row_save(*, instance, values: dict, user):
    """Create or update one cross-appointment, secondment or initiative."""
    access.require(user, Perm.EDIT, instance.agency_id)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


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
# Every row register imports the same way: only its column list differs.
# The register's export (reports.rows_dataset) uses the same headers.

def crossappointment_columns() -> list[excel.Column]:
    f = CrossAppointment._meta.get_field
    return [
        excel.Column("direction", gettext_lazy("Direction"), excel.choice(Direction.choices)),
        excel.Column("partner_name", gettext_lazy("Partner institution"),
                     excel.text(f("partner_name").max_length)),
        excel.Column("partner_type", gettext_lazy("Partner type"),
                     excel.choice(CrossAppointment.PartnerType.choices)),
        excel.Column("effort_percent", gettext_lazy("Effort share (%)"), excel.integer(0, 100)),
        excel.Column("start_date", gettext_lazy("Start date"), excel.day()),
        excel.Column("end_date", gettext_lazy("End date"), excel.day(), required=False),
        excel.Column("settles_salary", gettext_lazy("Settles salary"), excel.boolean(),
                     required=False),
        excel.Column("settles_social_insurance", gettext_lazy("Settles social insurance"),
                     excel.boolean(), required=False),
        excel.Column("settles_work", gettext_lazy("Settles work arrangement"), excel.boolean(),
                     required=False),
        excel.Column("settles_ip", gettext_lazy("Settles IP handling"), excel.boolean(),
                     required=False),
        excel.Column("reference", gettext_lazy("Internal reference"),
                     excel.text(f("reference").max_length), required=False),
    ]


def secondment_columns() -> list[excel.Column]:
    return [
        excel.Column("direction", gettext_lazy("Direction"), excel.choice(Direction.choices)),
        excel.Column("kind", gettext_lazy("Type of secondment"),
                     excel.choice(Secondment.Kind.choices)),
        excel.Column("partner_type", gettext_lazy("Partner type"),
                     excel.choice(Secondment.PartnerType.choices)),
        excel.Column("start_date", gettext_lazy("Start date"), excel.day()),
        excel.Column("end_date", gettext_lazy("End date"), excel.day(), required=False),
    ]


def initiative_columns() -> list[excel.Column]:
    f = Initiative._meta.get_field
    return [
        excel.Column("kind", gettext_lazy("Initiative"), excel.choice(Initiative.Kind.choices)),
        excel.Column("title", gettext_lazy("Title"), excel.text(f("title").max_length),
                     required=False),
        excel.Column("description", gettext_lazy("Description"),
                     excel.text(f("description").max_length)),
    ]


@dataclass(frozen=True)
class RowImport:
    """One row register's Excel import: its model, columns, sheet title and transfer label."""

    model: type
    columns: Callable[[], list[excel.Column]]
    title: Any
    what: str


ROW_IMPORTS = {
    "crossappointment": RowImport(CrossAppointment, crossappointment_columns,
                                  gettext_lazy("Cross-appointments"), "hr.crossappointments"),
    "secondment": RowImport(Secondment, secondment_columns, gettext_lazy("Secondments"),
                            "hr.secondments"),
    "initiative": RowImport(Initiative, initiative_columns, gettext_lazy("Initiatives"),
                            "hr.initiatives"),
}


def _check_period(row: dict) -> Iterable[tuple[str | None, str]]:
    if row.get("start_date") and row.get("end_date") and row["end_date"] < row["start_date"]:
        yield "end_date", _("The end date is before the start date.")


def rows_import(*, kind: str, agency: Agency, fiscal_year: int, upload, user,
                replace: bool = False) -> excel.ImportResult:
    """Add (or, with ``replace``, replace) the year's rows of register ``kind`` from a workbook.

    All or nothing: one bad cell and nothing is saved. The upload is recorded.
    """
    access.require(user, Perm.EDIT, agency)
    spec = ROW_IMPORTS[kind]
    columns = spec.columns()
    fields = {c.field: spec.model._meta.get_field(c.field) for c in columns}

    def apply(rows: list[dict]) -> int:
        if replace:
            spec.model.objects.filter(agency=agency, fiscal_year=fiscal_year).delete()
        objs = []
        for row in rows:
            # A blank optional cell takes the field's default ("" for text, False for yes/no).
            values = {name: field.get_default() if row.get(name) is None and not field.null
                      else row.get(name) for name, field in fields.items()}
            objs.append(spec.model(agency=agency, fiscal_year=fiscal_year, updated_by=user,
                                   **values))
        spec.model.objects.bulk_create(objs)
        return len(objs)

    result = excel.import_rows(upload, columns, apply=apply, validate=_check_period)
    DataTransfer.record(user=user, direction=DataTransfer.Direction.IMPORT,
                        what=f"{spec.what} {fiscal_year}", filename=getattr(upload, "name", "") or "",
                        size=getattr(upload, "size", 0) or 0,
                        agency=agency, succeeded=result.ok)
    return result


def rows_template(*, kind: str) -> bytes:
    """The empty workbook to fill in, with the allowed values of coded and yes/no columns."""
    spec = ROW_IMPORTS[kind]
    choices = {}
    for column in spec.columns():
        field = spec.model._meta.get_field(column.field)
        if field.choices:
            choices[column.label] = [label for _c, label in field.choices]
        elif isinstance(field, BooleanField):
            choices[column.label] = [_("Yes"), _("No")]
    return excel.template_workbook(spec.columns(), title=str(spec.title), choices=choices)
