"""What chapter II-3 contributes to the follow-up (registered from IpConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken import access, figures, wareki
from kokken.models import Agency, Role

from . import reports, selectors

CHAPTER = "II-3"


def _figures(request, fiscal_year: int | None) -> dict:
    """The figures over the year's agencies (read once per request for every panel), cached
    under the II-3 registers' version (kokken/figures.py): no query of their own when
    cached, a change to a register shows at once."""
    fiscal_year = fiscal_year or wareki.fiscal_year()
    agencies = figures.agencies_of_year(request, fiscal_year)
    values, decided = figures.cached(
        "ip-speed", (fiscal_year, figures.population_key(agencies)),
        figures.registers_version(request, ["ip"]),
        lambda: _compute(fiscal_year, agencies))
    return {"ip_year": fiscal_year, "ip_coordinated": values[selectors.COORDINATED],
            "ip_median": values[selectors.MEDIAN_DAYS], "ip_p90": values[selectors.P90_DAYS],
            "ip_continued": values[selectors.CONTINUED],
            "ip_startups": values[selectors.STARTUPS],
            "ip_income": values[selectors.LICENCE_INCOME], "ip_own": None, "ip_agency": None,
            "ip_decided": decided}


def _compute(fiscal_year: int, agencies: list[Agency]) -> tuple[dict, dict[int, int]]:
    """The indicator values and each agency's count of decided cases (the speed computed
    once for both)."""
    speed = selectors.decision_speed(fiscal_year=fiscal_year, agencies=[a.pk for a in agencies])
    values = selectors.indicator_values(fiscal_year=fiscal_year, agencies=agencies, speed=speed)
    return values, {pk: n for pk, (_m, _p, n) in speed.per_agency.items()}


def agency_panel(*, request, agency: Agency, fiscal_year: int | None = None, **_kw) -> dict:
    """The figures of every agency, and the agency's own decision speed for those who may
    see it (kokken.access.case_speed_agencies: few cases, only those who see the log)."""
    context = _figures(request, fiscal_year)
    context["ip_agency"] = agency
    n = _decided(context, agency)
    if agency.pk in access.case_speed_agencies(request.user, {agency.pk: n}):
        own = context["ip_median"].per_agency
        context["ip_own"] = {"median": own.get(agency.pk),
                             "p90": context["ip_p90"].per_agency.get(agency.pk)}
    return context


def _decided(context: dict, agency: Agency) -> int:
    """Cases the agency decided in the year (from the figures already computed)."""
    return context["ip_decided"].get(agency.pk, 0)


def panel(*, request, fiscal_year: int | None = None, **_kw) -> dict:
    return _figures(request, fiscal_year)


def panel_key(*, request, fiscal_year: int | None = None, **_kw):
    """The ministry's and the secretariat's panel show the same figures to every viewer."""
    return figures.panel_key(request, ["ip"], fiscal_year)


def agency_panel_key(*, request, agency: Agency, fiscal_year: int | None = None, **_kw):
    """The agency's panel: the same figures, and its own decision speed for those who may see
    it (``access.case_speed_agencies``, asked here as the panel asks it): one panel for those
    who see the speed, another for those who do not."""
    n = _decided(_figures(request, fiscal_year), agency)
    shown = agency.pk in access.case_speed_agencies(request.user, {agency.pk: n})
    return figures.panel_key(request, ["ip"], fiscal_year, agency.pk, agency.abbr, shown)


def register() -> None:
    agency_roles = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER})
    contrib.register(contrib.NavItem(
        identifier="ip.chapter", order=30, label=_("IP and startups (II-3)"),
        url_name="ip:chapter", roles=agency_roles,
        url_kwargs=lambda user: {"agency": user.agency.code}))
    contrib.register(contrib.NavItem(
        identifier="ip.indicators", order=31, label=_("II-3 indicators"),
        url_name="ip:indicators",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT, *agency_roles})))
    for order, (key, label, unit, compute, description) in enumerate([
        (selectors.COORDINATED, _("Agencies whose COI rules are coordinated with funders"),
         "%", selectors.coordinated_share,
         _("Share of the agencies of the year whose COI/COC rules are coordinated in advance "
           "with funders and partner institutions (the first problem case and its remedy, "
           "lines 373–377); agencies without a rules record stay in the denominator and are "
           "shown apart.")),
        (selectors.MEDIAN_DAYS, _("Median days from COI case receipt to decision"),
         _("days"), selectors.median_days,
         _("Median of the days from receipt to decision of the COI/COC cases received in the "
           "fiscal year and decided, over all agencies and per agency, computed in the "
           "database: the predictability and speed line 349 asks for (「予見性が高まるよう…"
           "柔軟かつ迅速に運用できるよう」). Pending cases are counted apart.")),
        (selectors.P90_DAYS, _("90th percentile of days from COI case receipt to decision"),
         _("days"), selectors.p90_days,
         _("The 90th percentile of the same days (line 349): nine cases in ten are decided "
           "within it.")),
        (selectors.CONTINUED, _("COI cases where collaboration continued with mitigation"),
         "%", selectors.continued_with_mitigation,
         _("Of the cases received in the fiscal year and decided, the share approved with "
           "mitigation measures whose collaboration continued: the second problem case "
           "(line 379, 「リスクを把握した場合の安易な連携解消」) and its remedy (line 383). "
           "Breakdown: share of each decision.")),
        (selectors.STARTUPS, _("Startups supported"), _("companies"), selectors.startups,
         _("Startups the agencies supported in the fiscal year, per agency and in all (the "
           "AIST Solutions practice, line 397); an agency without rows supported none.")),
        (selectors.LICENCE_INCOME, _("Licence income"), _("thousand yen"),
         selectors.licence_income,
         _("Licence income of the fiscal year summed over the agencies that reported, with "
           "the five years up to it (the trend); agencies without an IP management record "
           "are shown apart (II-3 (2)①, line 320)."))], start=1):
        contrib.register(contrib.Indicator(
            identifier=key, order=order, chapter=CHAPTER, label=label, unit=unit,
            compute=compute, description=description))
    for audience, context, key in (("agency", agency_panel, agency_panel_key),
                                   ("ministry", panel, panel_key),
                                   ("secretariat", panel, panel_key)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"ip.{audience}", order=30, chapter=CHAPTER,
            template="ip/panels/panel.html", context=context,
            audience=frozenset({audience}), cache_key=key))
    contrib.register(contrib.ReportSection(
        identifier="ip.section", order=30, chapter=CHAPTER,
        title=_("II-3 IP management, COI/COC and startups"),
        pdf_template="ip/report/section.html", context=reports.section_context,
        excel_sheets=reports.excel_sheets))
