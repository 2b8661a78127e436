"""What chapter II-1 contributes to the follow-up (registered from HrConfig.ready()).

The pattern for every chapter app: navigation, indicators, dashboard panels and
report sections, each a small dataclass from ``agreements.contrib``.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken.models import Agency, Role

from . import reports, selectors

CHAPTER = "II-1"


def _state(fiscal_year: int | None) -> tuple[selectors.RegistersState, int]:
    """The registers' state and the year to show (the latest, without ``?fy=``)."""
    state = selectors.registers_state()
    return state, fiscal_year or state.latest_year


def _all_agencies(rows: list[Agency], fiscal_year: int) -> dict:
    return selectors.indicators_from_rows(rows, fiscal_year=fiscal_year)


def agency_panel(*, request, agency: Agency, fiscal_year: int | None = None, **_kw) -> dict:
    """The agency's own figures beside the all-agency figures (two queries; figures cached)."""
    state, fiscal_year = _state(fiscal_year)
    values = _all_agencies(selectors.agency_rows(
        agencies=Agency.objects.kokken_in(fiscal_year), fiscal_year=fiscal_year, state=state),
        fiscal_year)
    own = {key: value.per_agency.get(agency.pk) for key, value in values.items()}
    return {"hr_agency": agency, "hr_year": fiscal_year, "hr_values": values, "hr_own": own,
            "hr_keys": _keys()}


def ministry_panel(*, request, ministry, fiscal_year: int | None = None, **_kw) -> dict:
    """The supervised agencies' figures and the all-agency figures (two queries: the
    supervised agencies and those of the year are read together; figures cached)."""
    from kokken import access

    state, fiscal_year = _state(fiscal_year)
    supervised = access.agencies(request.user).filter(ministries=ministry)
    population = Agency.objects.kokken_in(fiscal_year)
    rows = selectors.agency_rows(
        agencies=Agency.objects.filter(Q(pk__in=supervised.values("pk"))
                                       | Q(pk__in=population.values("pk"))).annotate(
            hr_supervised=Exists(supervised.filter(pk=OuterRef("pk"))),
            hr_population=Exists(population.filter(pk=OuterRef("pk")))),
        fiscal_year=fiscal_year, state=state)
    mine = [r for r in rows if r.hr_supervised]
    return {"hr_year": fiscal_year, "hr_rows": mine,
            "hr_scope": selectors.indicators_from_rows(mine),
            "hr_values": _all_agencies([r for r in rows if r.hr_population], fiscal_year),
            "hr_keys": _keys()}


def secretariat_panel(*, request, fiscal_year: int | None = None, **_kw) -> dict:
    state, fiscal_year = _state(fiscal_year)
    return {"hr_year": fiscal_year, "hr_keys": _keys(),
            "hr_values": _all_agencies(selectors.agency_rows(
                agencies=Agency.objects.kokken_in(fiscal_year), fiscal_year=fiscal_year,
                state=state), fiscal_year)}


def _cache_key(request, fiscal_year: int | None, *parts) -> tuple:
    """What a II-1 panel's HTML depends on (``DashboardPanel.cache_key``): the year shown,
    its agencies (id, code, abbreviation, kind, designation), the registers' state and the
    caller's ``parts``. One query (the registers' state) beside the year's agencies, which
    every panel reads once per request."""
    from kokken import figures

    state, year = _state(fiscal_year)
    agencies = figures.agencies_of_year(request, year)
    return (year, figures.population_key(agencies), *parts), (state.latest_year, state.version)


def agency_panel_key(*, request, agency: Agency, fiscal_year: int | None = None, **_kw):
    return _cache_key(request, fiscal_year, agency.pk, agency.short_name)


def ministry_panel_key(*, request, ministry, fiscal_year: int | None = None, **_kw):
    from kokken import figures

    return _cache_key(request, fiscal_year, ministry.pk,
                      sorted(figures.supervised_ids(request, ministry)))


def secretariat_panel_key(*, request, fiscal_year: int | None = None, **_kw):
    return _cache_key(request, fiscal_year)


def _keys() -> dict:
    return {"salary": selectors.ANNUAL_SALARY, "ca": selectors.CROSSAPPOINTMENT,
            "partners": selectors.PARTNERS, "gap": selectors.SALARY_GAP,
            "adequate": selectors.ADEQUATE}


def register() -> None:
    agency_roles = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER})
    contrib.register(contrib.NavItem(
        identifier="hr.register", order=10, label=_("Pay and personnel (II-1)"),
        url_name="hr:register", roles=agency_roles,
        url_kwargs=lambda user: {"agency": user.agency.code}))
    contrib.register(contrib.NavItem(
        identifier="hr.indicators", order=11, label=_("II-1 indicators"),
        url_name="hr:indicators",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT, *agency_roles})))

    indicators = [
        (selectors.ANNUAL_SALARY, _("Agencies with an annual salary system (年俸制)"), "%",
         # xgettext:no-python-format
         _("Share of the agencies of the year with 年俸制 for at least one job category, as "
           "of 1 April of the fiscal year; agencies that did not report are shown apart and "
           "stay in the denominator. Per job category: among the agencies that have staff in "
           "it. The agreement quotes about 60% as of 1 April 2023 (research management "
           "staff: about 50%).")),
        (selectors.CROSSAPPOINTMENT,
         _("Agencies that have introduced cross-appointment (クロスアポイントメント導入)"), "%",
         # xgettext:no-python-format
         _("Share of the agencies of the year that have introduced a cross-appointment "
           "scheme, as of 1 April of the fiscal year, whether or not they signed an agreement "
           "that year; agencies that did not report are shown apart and stay in the "
           "denominator. The agreement quotes 90% or more as of 1 April 2023.")),
        (selectors.PARTNERS, _("Cross-appointment agreements by partner type"),
         _("agreements (count)"),
         _("Partner types as shares of all agreements. The agreement quotes national "
           "universities 29%, other R&D agencies 18%, private companies 14%.")),
        (selectors.SALARY_GAP, _("Salary gap to the comparator"), "%",
         _("(Average annual salary − comparator average) ÷ comparator average; the overall "
           "figure is the mean over the agencies that reported.")),
        (selectors.ADEQUATE, _("Salary explanations found adequate by ministries"), "%",
         _("Share found adequate among the explanations the supervising ministries have "
           "checked.")),
    ]
    for order, (identifier, label, unit, description) in enumerate(indicators, start=1):
        contrib.register(contrib.Indicator(
            identifier=identifier, order=order, chapter=CHAPTER, label=label,
            compute=getattr(selectors, {
                selectors.ANNUAL_SALARY: "annual_salary_share",
                selectors.CROSSAPPOINTMENT: "crossappointment_share",
                selectors.PARTNERS: "partner_distribution",
                selectors.SALARY_GAP: "salary_gap",
                selectors.ADEQUATE: "explanations_adequate"}[identifier]),
            unit=unit, description=description))

    contrib.register(contrib.DashboardPanel(
        identifier="hr.agency", order=10, chapter=CHAPTER, template="hr/panels/agency.html",
        context=agency_panel, audience=frozenset({"agency"}),
        cache_key=agency_panel_key))
    contrib.register(contrib.DashboardPanel(
        identifier="hr.ministry", order=10, chapter=CHAPTER, template="hr/panels/ministry.html",
        context=ministry_panel, audience=frozenset({"ministry"}),
        cache_key=ministry_panel_key))
    contrib.register(contrib.DashboardPanel(
        identifier="hr.secretariat", order=10, chapter=CHAPTER,
        template="hr/panels/secretariat.html", context=secretariat_panel,
        audience=frozenset({"secretariat"}), cache_key=secretariat_panel_key))

    from .records import BENCHMARK  # the salary record's page and values, from its declaration

    for order, (code, field, label) in enumerate([
            ("HR-06", "average_salary", _("Average annual salary in the II-1 register")),
            ("HR-07", "comparator_salary",
             _("Comparator average annual salary in the II-1 register")),
            ("HR-09", "comparator", _("Comparator industries in the II-1 register")),
    ]):
        contrib.register(contrib.LinkedAnswer(
            identifier=f"hr.{code}", order=order, chapter=CHAPTER, question_code=code,
            label=label, value=BENCHMARK.field_value(field), url=BENCHMARK.url))

    contrib.register(contrib.ReportSection(
        identifier="hr.section", order=10, chapter=CHAPTER,
        title=_("II-1 Flexible pay and personnel exchange"),
        pdf_template="hr/report/section.html", context=reports.section_context,
        excel_sheets=reports.excel_sheets))
