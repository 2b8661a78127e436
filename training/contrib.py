"""What chapter II-2 contributes to the follow-up (registered from TrainingConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken import figures, wareki
from kokken.models import Agency, Role

from . import selectors

CHAPTER = "II-2"


def _figures(request, fiscal_year: int | None) -> dict:
    """The three figures over the year's agencies (read once per request for every panel),
    cached under the II-2 registers' version (kokken/figures.py): no query of their own when
    cached, a change to a register shows at once."""
    fiscal_year = fiscal_year or wareki.fiscal_year()
    agencies = figures.agencies_of_year(request, fiscal_year)

    def compute() -> dict:
        return {"training_external": selectors.external_training(fiscal_year=fiscal_year,
                                                                 agencies=agencies),
                "training_open": selectors.open_programmes(fiscal_year=fiscal_year,
                                                           agencies=agencies),
                "training_strategy": selectors.strategy_share(fiscal_year=fiscal_year,
                                                              agencies=agencies)}

    return {"training_year": fiscal_year, "training_agencies": agencies, "training_own": None,
            **figures.cached("training", (fiscal_year, figures.population_key(agencies)),
                             figures.registers_version(request, ["training"]), compute)}


def agency_panel(*, request, agency: Agency, fiscal_year: int | None = None, **_kw) -> dict:
    from .models import SeatRequest

    context = _figures(request, fiscal_year)
    context["training_own"] = SeatRequest.objects.filter(
        providing_agency=agency, state=SeatRequest.State.REQUESTED).count()
    return context


def panel(*, request, fiscal_year: int | None = None, **_kw) -> dict:
    return _figures(request, fiscal_year)


def ministry_panel(*, request, ministry, fiscal_year: int | None = None, **_kw) -> dict:
    """The all-agency figures, and the same figures over the agencies the ministry supervises
    (read from the figures' per-agency values: no query more)."""
    context = _figures(request, fiscal_year)
    supervised = {a.pk for a in context["training_agencies"]} & figures.supervised_ids(
        request, ministry)
    context["training_scope"] = {
        key: selectors.scoped(context[key], supervised)
        for key in ("training_external", "training_open", "training_strategy")}
    return context


def panel_key(*, request, fiscal_year: int | None = None, **_kw):
    """What the panel's HTML depends on (``DashboardPanel.cache_key``): the year's figures
    from the II-2 registers (the seat requests are one of them)."""
    return figures.panel_key(request, ["training"], fiscal_year)


def agency_panel_key(*, request, agency: Agency, fiscal_year: int | None = None, **_kw):
    return figures.panel_key(request, ["training"], fiscal_year, agency.pk)


def ministry_panel_key(*, request, ministry, fiscal_year: int | None = None, **_kw):
    return figures.panel_key(request, ["training"], fiscal_year, ministry.pk,
                             sorted(figures.supervised_ids(request, ministry)))


def register() -> None:
    agency_roles = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER})
    contrib.register(contrib.NavItem(
        identifier="training.chapter", order=20, label=_("Training (II-2)"),
        url_name="training:chapter", roles=agency_roles,
        url_kwargs=lambda user: {"agency": user.agency.code}))
    contrib.register(contrib.NavItem(
        identifier="training.catalogue", order=21, label=_("Shared training catalogue"),
        url_name="training:catalogue",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT, *agency_roles})))
    contrib.register(contrib.NavItem(
        identifier="training.indicators", order=22, label=_("II-2 indicators"),
        url_name="training:indicators",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT, *agency_roles})))
    contrib.register(contrib.Indicator(
        identifier=selectors.EXTERNAL, order=1, chapter=CHAPTER,
        label=_("Agencies that use or want outside training"), unit="%",
        compute=selectors.external_training,
        # xgettext:no-python-format
        description=_("Share of the agencies of the year that use, or want to use, training "
                      "provided outside the agency; agencies that did not report count as "
                      "no and are shown apart. Breakdown: share with an unmet need, per "
                      "category. The agreement (footnote 4, line 220) quotes 13 of 27 "
                      "agencies.")))
    contrib.register(contrib.Indicator(
        identifier=selectors.OPEN_PROGRAMMES, order=2, chapter=CHAPTER,
        label=_("Agencies offering programmes open to other agencies"), unit="%",
        compute=selectors.open_programmes,
        description=_("Share of the agencies of the year with at least one programme open "
                      "to other agencies (相互乗り入れ, line 214); breakdown: seat requests "
                      "and seats accepted across agencies.")))
    contrib.register(contrib.Indicator(
        identifier=selectors.STRATEGY, order=3, chapter=CHAPTER,
        label=_("Agencies with a specialist-staff strategy"), unit="%",
        compute=selectors.strategy_share,
        description=_("Share of the agencies of the year that have a strategy for securing "
                      "and developing specialist staff (専門人材の確保・育成に関する戦略, "
                      "line 299); agencies that did not report stay in the denominator. "
                      "Breakdown: participants and certified staff reported for the year.")))
    contrib.register(contrib.Indicator(
        identifier=selectors.UPTAKE, order=4, chapter=CHAPTER,
        label=_("Training participants reported"), unit=_("persons"),
        compute=selectors.uptake,
        description=_("Participants in training in the fiscal year, summed over the agencies "
                      "that entered their uptake (研修の受講, line 299); agencies that did not "
                      "report add nothing and are shown apart. Breakdown: per category, and "
                      "the year before for the trend.")))
    from . import reports

    contrib.register(contrib.ReportSection(
        identifier="training.section", order=20, chapter=CHAPTER,
        title=_("II-2 Developing and training specialist staff"),
        pdf_template="training/report/section.html", context=reports.section_context,
        excel_sheets=reports.excel_sheets))
    for audience, context, key in (("agency", agency_panel, agency_panel_key),
                                   ("ministry", ministry_panel, ministry_panel_key),
                                   ("secretariat", panel, panel_key)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"training.{audience}", order=20, chapter=CHAPTER,
            template="training/panels/panel.html", context=context,
            audience=frozenset({audience}), cache_key=key))
