"""II-1's one-record-per-year forms, declared once for the annual-record kit (kokken/records.py).

Each declaration gives the page, its URL and access rule; II-1 lends the kit its page context,
year picker, the chapter page to go back to, and its services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kokken.access import Perm
from kokken.records import AnnualRecord

from . import forms, selectors, services, views
from .models import CrossAppointmentScheme, PayScheme, PersonnelFunding, SalaryBenchmark


def _yearly(service):
    """A service saving ``values`` for (agency, fiscal year), as the kit calls it."""
    def save(*, agency, fiscal_year, values, user, record=None):
        return service(agency=agency, fiscal_year=fiscal_year, values=values, user=user)

    return save


def _hooks(key: str, segment: str) -> dict:
    return {
        "namespace": "hr", "key": key, "segment": segment, "template": "hr/form.html",
        "context": views._base,
        "year": lambda request, agency: views._year(request, views._agency_qs(agency)),
        "back": views._register_url,
    }


PAY_SCHEMES = AnnualRecord(
    **_hooks("pay_schemes", "pay/"), form=forms.PaySchemesForm, bind_empty=True,
    model=PayScheme, row_name=lambda row: row.get_job_category_display(),
    load=selectors.pay_schemes,
    save=lambda *, agency, fiscal_year, values, user, record=None: services.pay_schemes_save(
        agency=agency, fiscal_year=fiscal_year, rows=values, user=user),
    labels={"title": _("Pay schemes by job category"),
            "intro": _("For each job category you have, say whether the annual salary system "
                       "(年俸制) applies, how it is built and what share of the staff it "
                       "covers."),
            "saved": _("Pay schemes saved.")})

BENCHMARK = AnnualRecord(
    **_hooks("benchmark", "salary/"), form=forms.SalaryBenchmarkForm, model=SalaryBenchmark,
    load=selectors.record_of(SalaryBenchmark), save=_yearly(services.benchmark_save),
    labels={"title": _("Salary level against comparators"),
            "intro": _("II-1 (1)②イ: explain, with survey data, that the salary level is "
                       "what you need to secure the staff you need. Your supervising "
                       "ministry checks the explanation."),
            "saved": _("Salary benchmark saved.")})

BENCHMARK_REVIEW = AnnualRecord(
    **_hooks("benchmark_review", "salary/review/"), form=forms.ReviewForm, perm=Perm.REVIEW,
    model=SalaryBenchmark, history=False,  # the benchmark's history page shows the checks
    load=selectors.record_of(SalaryBenchmark), needs_record=True,
    save=lambda *, record, values, user, **_kw: services.benchmark_review(
        benchmark=record, user=user, **values),
    extra=lambda record: {"benchmark": record},
    labels={"title": _("Check the explanation of the salary level"),
            "intro": _("II-1 (4)①: check, not only against national public servants' "
                       "pay, whether the salary level is what the agency needs to secure "
                       "excellent staff, compared with private companies in similar "
                       "work."),
            "saved": _("Your check of the salary explanation was recorded."),
            "missing": _("The agency has not entered a salary benchmark for this fiscal "
                         "year yet.")})

FUNDING = AnnualRecord(
    **_hooks("funding", "funding/"), form=forms.FundingForm, model=PersonnelFunding,
    load=selectors.record_of(PersonnelFunding), save=_yearly(services.funding_save),
    labels={"title": _("Funding of personnel costs"),
            "intro": _("Amounts in thousands of yen by source of funds. Leave blank what "
                       "you do not know; enter 0 for none."),
            "saved": _("Funding of personnel costs saved.")})

CROSSAPPOINTMENT_SCHEME = AnnualRecord(
    **_hooks("crossappointment_scheme", "cross-appointment-scheme/"),
    form=forms.CrossAppointmentSchemeForm, model=CrossAppointmentScheme, load=selectors.record_of(CrossAppointmentScheme),
    save=_yearly(services.crossappointment_scheme_save),
    labels={"title": _("Cross-appointment scheme"),
            "intro": _("II-1 (2): whether your agency has introduced a cross-appointment "
                       "scheme, as of 1 April of the fiscal year. The agreements themselves "
                       "go in the cross-appointment register."),
            "saved": _("Cross-appointment scheme saved.")})

RECORDS = [PAY_SCHEMES, BENCHMARK, BENCHMARK_REVIEW, FUNDING, CROSSAPPOINTMENT_SCHEME]
