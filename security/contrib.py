"""What chapter II-4 contributes: the research-integrity indicators of 図11, the coverage of
the information-security measures (the designated agencies apart), the penetration test and
the challenges of 図12; navigation, home panels, report sections."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken import access, figures, wareki
from kokken.models import Agency, Role

from . import reports, selectors

CHAPTER = "II-4"

# (question, label, what the agreement says of the 国研 in FY2023)
INTEGRITY = [
    (1, _("Q1 Activities that promote understanding of research integrity"), _("almost all")),
    (2, _("Q2 Rules on conflicts of interest and of commitment"), _("almost all")),
    (3, _("Q3 An organisation able to manage the risks"), _("almost all")),
    (4, _("Q4 Rules for managing risks from the information reported"), _("about 80%")),
    (5, _("Q5 A way to check the reported information objectively"), _("about 70%")),
    (6, _("Q6 A way to act before a risk materialises"), _("about 70%")),
]


def register() -> None:
    for n, label, quoted in INTEGRITY:
        contrib.register(contrib.Indicator(
            identifier=selectors.key(n), order=n, chapter=CHAPTER, label=label,
            compute=selectors._one(n), unit="%",
            description=format_lazy(_(
                "Share of the accepted sheets of the fiscal year's integrity round that answer "
                "実施している／整備している, among the bodies the round targeted; sheets not "
                "accepted are shown apart. The agreement (図11, FY2023) quotes for the national "
                "R&D agencies: {quoted}."), quoted=quoted)))

    contrib.register(contrib.ReportSection(
        identifier="security.integrity", order=40, chapter=CHAPTER,
        title=_("II-4 Research integrity (図11)"),
        pdf_template="security/report/section.html", context=reports.section_context,
        excel_sheets=reports.excel_sheets))
    contrib.register(contrib.NavItem(
        identifier="security.integrity", order=40, label=_("Research integrity (II-4)"),
        url_name="security:integrity",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT, Role.AGENCY_EDITOR,
                         Role.AGENCY_APPROVER})))
    register_measures()


def register_measures() -> None:
    """①–④ and 図12: indicators, navigation, the report section."""
    for order, identifier, label, compute, description in (
        (10, selectors.COVERAGE, _("Agencies with every information-security measure of "
                                   "(ア)(イ)(ウ) in place"), selectors.infosec_coverage,
         _("Share of the national R&D agencies of the year whose information-security "
           "checklist has all five measures of (ア)(イ)(ウ) in place (access control, logs, "
           "mass-download monitoring, awareness against taking data out, rules against "
           "non-issued devices; II-4 ④, lines 578–580); agencies without a checklist count as "
           "not in place and are shown apart. Breakdown: the share with each measure, 図9's "
           "examples included.")),
        (11, selectors.COVERAGE_DESIGNATED, _("Designated agencies with every measure of "
                                              "(ア)(イ)(ウ) in place"),
         selectors.infosec_coverage_designated,
         _("The same over the designated national R&D agencies (特定国立研究開発法人) only: "
           "the agreement asks them to strengthen their measures early (line 491).")),
        (12, selectors.PENTEST, _("Agencies with a penetration test in the last 12 months"),
         selectors.pentest_share,
         _("Share of the national R&D agencies of the year whose last penetration test lies "
           "in the 12 months up to the reference date (the fiscal year's last day, or today "
           "while it runs); 図9: 「年に1回以上侵入テストを実施」 (line 585). Agencies "
           "without a test date count as not tested. Breakdown: the designated agencies.")),
        (13, selectors.CHALLENGES_KEY, _("Agencies reporting challenges (図12)"),
         selectors.challenges_value,
         _("Share of the national R&D agencies of the year that name at least one challenge "
           "of 図12 (lines 714–717); breakdown: each challenge's share, most reported "
           "first. Agencies without a record count as naming none and are shown apart.")),
    ):
        contrib.register(contrib.Indicator(identifier=identifier, order=order, chapter=CHAPTER,
                                           label=label, compute=compute, unit="%",
                                           description=description))
    contrib.register(contrib.ReportSection(
        identifier="security.measures", order=41, chapter=CHAPTER,
        title=_("II-4 Research security measures"),
        pdf_template="security/report/measures.html", context=reports.measures_context,
        excel_sheets=reports.measures_sheets))
    for audience, context, key in (("agency", agency_panel, agency_panel_key),
                                   ("ministry", ministry_panel, ministry_panel_key),
                                   ("secretariat", secretariat_panel, secretariat_panel_key)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"security.{audience}", order=40, chapter=CHAPTER,
            template="security/panels/panel.html", context=context,
            audience=frozenset({audience}), cache_key=key))
    agency_roles = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER})
    contrib.register(contrib.NavItem(
        identifier="security.chapter", order=41, label=_("Research security (II-4)"),
        url_name="security:chapter", roles=agency_roles,
        url_kwargs=lambda user: {"agency": user.agency.code}))
    contrib.register(contrib.NavItem(
        identifier="security.overview", order=42, label=_("Security measures (II-4)"),
        url_name="security:overview",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT})))


# --- Home panels ----------------------------------------------------------------------------

def _panel(request, agencies, fiscal_year: int | None, *, agency=None) -> dict:
    """The checklist figures over ``agencies`` (a list: no query for them) and the open
    incidents the viewer may see (restricted: counted only for those who see the register).
    The checklist figures are cached under the II-4 registers' version (kokken/figures.py):
    one query (the incidents) when cached, whatever the number of agencies or rows."""
    from .models import Incident, Measure, Status

    fiscal_year = fiscal_year or wareki.fiscal_year()
    cov = figures.cached("security-coverage", (fiscal_year, figures.population_key(agencies)),
                         figures.registers_version(request, ["security"]),
                         lambda: selectors.coverage(fiscal_year=fiscal_year, agencies=agencies))
    incidents = access.restricted_rows(request.user, Incident.objects.filter(
        agency_id__in=[a.pk for a in agencies]).exclude(status=Status.CLOSED))
    sees = (access.sees_restricted(request.user, agency) if agency is not None
            else _sees_incidents(request))
    return {"security_year": fiscal_year, "security_coverage": cov, "security_agency": agency,
            "security_incidents": incidents.count() if sees else None,
            "security_own": cov.agencies[0] if agency is not None and cov.agencies else None,
            "security_measures": len(Measure.choices)}


def agency_panel(*, request, agency: Agency, fiscal_year: int | None = None, **_kw) -> dict:
    return _panel(request, [agency], fiscal_year, agency=agency)


def ministry_panel(*, request, ministry, fiscal_year: int | None = None, **_kw) -> dict:
    year = fiscal_year or wareki.fiscal_year()
    supervised = figures.supervised_ids(request, ministry)
    return _panel(request, [a for a in figures.agencies_of_year(request, year)
                            if a.pk in supervised], year)


def secretariat_panel(*, request, fiscal_year: int | None = None, **_kw) -> dict:
    year = fiscal_year or wareki.fiscal_year()
    return _panel(request, figures.agencies_of_year(request, year), year)


# The panel's HTML is kept (``DashboardPanel.cache_key``) under the II-4 registers' version
# (incidents are a register: opening or closing one is a new version), the year's agencies
# and, for the restricted count of open incidents, whether the viewer is shown it and over
# which agencies: the agency itself, the ministry's agencies the viewer may see restricted
# records of, or every agency.

def _sees_incidents(request) -> bool:
    return (access.has_global(request.user, access.Perm.MANAGE)
            or access.reviews_any(request.user))


def agency_panel_key(*, request, agency: Agency, fiscal_year: int | None = None, **_kw):
    return figures.panel_key(request, ["security"], fiscal_year, agency.pk,
                             access.sees_restricted(request.user, agency))


def ministry_panel_key(*, request, ministry, fiscal_year: int | None = None, **_kw):
    return figures.panel_key(
        request, ["security"], fiscal_year, ministry.pk,
        sorted(figures.supervised_ids(request, ministry)), _sees_incidents(request),
        sorted(figures.supervised_ids(request, ministry, access.Perm.RESTRICTED)))


def secretariat_panel_key(*, request, fiscal_year: int | None = None, **_kw):
    if not access.sees_every_agency(request.user, access.Perm.RESTRICTED):
        return None
    return figures.panel_key(request, ["security"], fiscal_year, "every agency",
                             _sees_incidents(request))
