"""Chapter II-4's integrity figures (図11) for the page, the annual report (PDF section) and
the Excel export: every output reads ``selectors.integrity_figures``, so they cannot differ.

Machine-readable rules: one table per sheet, header in row 1, numbers without units (the
unit is in the header), blank distinct from 0.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agreements import charts
from kokken import xlsx
from kokken.models import Agency
from kokken.wareki import fiscal_year_label

from . import selectors


def chart(year: selectors.IntegrityYear) -> str:
    """図11 for the year: one 100% bar per question asked, split by outcome (SVG)."""
    rows = [{"label": f"Q{f.n}", "segments": [{"label": str(label), "count": count}
                                              for _code, label, count, _share in f.segments]}
            for f in year.figures if f.asked]
    if not rows or not year.accepted:
        return ""
    return charts.stacked_bar(rows, title=_("Research integrity: share of bodies per outcome "
                                            "(%(year)s)") % {"year": fiscal_year_label(
                                                year.fiscal_year)})


def context(*, fiscal_year: int, agencies: QuerySet[Agency],
            unpublished: QuerySet[Agency] | None = None) -> dict:
    """The figures of ``fiscal_year``, the year before and the trend of every round up to it,
    over ``agencies`` (``unpublished``: the bodies an unpublished round counts, by default the
    same). One computation (``selectors.integrity_trend``) for all three."""
    trend = selectors.integrity_trend(until=fiscal_year, agencies=agencies,
                                      unpublished=unpublished)
    by_year = {y.fiscal_year: y for y in trend}
    year = by_year.get(fiscal_year) or selectors._no_round(fiscal_year)
    before = by_year.get(fiscal_year - 1) or selectors._no_round(fiscal_year - 1)
    rows = [{"figure": f, "before": b if not before.empty else None}
            for f, b in zip(year.figures, before.figures, strict=True)]
    return {"year": year, "before": before, "rows": rows, "chart": chart(year),
            "fiscal_year": fiscal_year, "outcomes": selectors.OUTCOMES[:3],
            **trend_context(trend)}


def trend_context(trend: list[selectors.IntegrityYear]) -> dict:
    """Q1–Q6 across the rounds (FY2022 → FY2023 → …): one row per question, one cell per
    year with a round that has figures for the viewer (None: the round did not ask it)."""
    years = [y for y in trend if not y.empty]
    rows = [{"label": figures[0].label, "n": figures[0].n, "cells": list(figures)}
            for figures in zip(*[y.figures for y in years], strict=True)] if years else []
    return {"trend_years": years, "trend_rows": rows}


def section_context(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """Context of the PDF section ``security/report/section.html``."""
    return context(fiscal_year=fiscal_year, agencies=agencies)


def excel_sheets(*, fiscal_year: int, agencies: QuerySet[Agency],
                 unpublished: QuerySet[Agency] | None = None) -> list:
    """Two sheets: the year's count and share of accepted sheets per question and outcome;
    the trend of every round up to the year (the same computation as the page and the PDF)."""
    trend = selectors.integrity_trend(until=fiscal_year, agencies=agencies,
                                      unpublished=unpublished)
    year = next((y for y in trend if y.fiscal_year == fiscal_year), None) \
        or selectors._no_round(fiscal_year)
    data = xlsx.table(_("II-4 integrity"), [
        _("Fiscal year"), "question", _("Question"), "outcome", _("Outcome"),
        _("Bodies (count)"), _("Share (%)"), _("Accepted sheets (count)"),
        _("Not reported (count)"), _("Population")])
    who = year.population.label if year.population is not None else None
    for f in year.figures:
        if not f.asked:
            data.append([fiscal_year, f"Q{f.n}", str(f.label), None, None, None, None, None,
                         None, who])
            continue
        for code, label, count, share in f.segments:
            data.append([fiscal_year, f"Q{f.n}", str(f.label), code, str(label), count, share,
                         f.accepted, f.not_reported, who])
    return [data, trend_sheet(trend)]


def trend_sheet(trend: list[selectors.IntegrityYear]):
    """One row per round's fiscal year and question: done, considering and not considering as
    counts and shares of the accepted sheets; blank where the round did not ask."""
    data = xlsx.table(_("II-4 integrity trend"), [
        _("Fiscal year"), _("Fiscal year (Japanese era)"), "question", _("Question"),
        _("Asked (1 = yes, 0 = no)"), _("Done (count)"), _("Done (%)"),
        _("Considering (count)"), _("Considering (%)"), _("Not considering (count)"),
        _("Not considering (%)"), _("Accepted sheets (count)"), _("Not reported (count)"),
        _("Population")])
    for year in trend:
        if year.empty:
            continue
        for f in year.figures:
            cells = [[f.counts.get(code, 0), f.share(code)] if f.asked else [None, None]
                     for code in (selectors.DONE, selectors.CONSIDERING,
                                  selectors.NOT_CONSIDERING)]
            data.append([year.fiscal_year, fiscal_year_label(year.fiscal_year), f"Q{f.n}",
                         str(f.label), int(f.asked), *[v for pair in cells for v in pair],
                         f.accepted if f.asked else None,
                         f.not_reported if f.asked else None, year.population.label])
    return data


def workbook(datasets: list) -> bytes:
    return xlsx.from_datasets(datasets)


# --- ①–④ and 図12: the registers' figures (overview page, panels, PDF, Excel) -------------

def measures_context(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """Coverage per information-security measure (all agencies and the designated ones), the
    penetration test, the challenges of 図12 and the export-control totals: aggregates only,
    no agency named (the annual report may be read by every signed-in user)."""
    cov = selectors.coverage(fiscal_year=fiscal_year, agencies=agencies)
    return {"fiscal_year": fiscal_year, "coverage": cov,
            "ranking": selectors.challenge_ranking(fiscal_year=fiscal_year,
                                                   agencies=cov_agencies(cov)),
            "exports": selectors.export_control_totals(fiscal_year=fiscal_year,
                                                       agencies=cov_agencies(cov))}


def cov_agencies(cov: selectors.Coverage) -> list[Agency]:
    return [line.agency for line in cov.agencies]


def measures_sheets(*, fiscal_year: int, agencies: QuerySet[Agency]) -> list:
    """The coverage per measure, the penetration test, the challenges ranked, and the rows of
    the checklist, the reviews and the yearly records per agency (the agencies the export is
    for); never the restricted incidents."""
    from .records import EXPORT_CONTROL, FOUNDATIONS, TRADE_SECRETS
    from .registers import CONTROLS, REVIEWS

    context = measures_context(fiscal_year=fiscal_year, agencies=agencies)
    cov, ranking = context["coverage"], context["ranking"]
    measures = xlsx.table(_("II-4 measures coverage"), [
        _("Fiscal year"), "measure", _("Measure"), _("Asked of every agency ((ア)(イ)(ウ))"),
        _("Agencies with it in place (count)"), _("Agencies (count)"), _("Share (%)"),
        _("Designated agencies with it in place (count)"), _("Designated agencies (count)"),
        _("Designated share (%)"), _("Not reported (count)"), _("Reference date"),
        _("Population")])
    for row in cov.rows:
        measures.append([fiscal_year, row.code, str(row.label), _yes_no(row.required),
                         row.count, row.total, row.share, row.designated, row.designated_total,
                         row.designated_share, cov.total - cov.reported,
                         cov.reference_date.isoformat(), cov.population.label])
    pentest = selectors.pentest_share(fiscal_year=fiscal_year, agencies=cov_agencies(cov))
    measures.append([fiscal_year, "pentest_12_months",
                     _("Penetration test in the 12 months up to the reference date"),
                     _yes_no(False), pentest.numerator, pentest.denominator, pentest.value,
                     cov.pentest_recent_designated, cov.designated_total,
                     selectors._share(cov.pentest_recent_designated, cov.designated_total),
                     pentest.not_reported, cov.reference_date.isoformat(),
                     cov.population.label])
    challenges = xlsx.table(_("II-4 challenges"), [
        _("Fiscal year"), _("Rank"), "challenge", _("Challenge"), _("Agencies (count)"),
        _("Share (%)"), _("Reported (count)"), _("Population")])
    for rank, row in enumerate(ranking.rows, start=1):
        challenges.append([fiscal_year, rank, row.code, str(row.label), row.count, row.share,
                           ranking.reported, ranking.population.label])
    ids = [a.agency.pk for a in cov.agencies]
    sheets = [measures, challenges,
              CONTROLS.export_dataset(CONTROLS.model.objects.filter(
                  fiscal_year=fiscal_year, agency_id__in=ids).select_related("agency")
                  .order_by("agency__code", "measure", "id"), with_agency=True),
              REVIEWS.export_dataset(REVIEWS.model.objects.filter(
                  fiscal_year=fiscal_year, agency_id__in=ids).select_related("agency")
                  .order_by("agency__code", "reviewed_on", "id"), with_agency=True)]
    for record in (FOUNDATIONS, EXPORT_CONTROL, TRADE_SECRETS):
        sheets.append(_record_sheet(record, fiscal_year=fiscal_year, ids=ids))
    return sheets


def _record_sheet(record, *, fiscal_year: int, ids: list[int]):
    """One row per agency that entered the year's record, its fields as the form names them
    (choices by label, yes/no in words, dates in ISO)."""
    model = record.model
    names = list(record.form._meta.fields)
    fields = [model._meta.get_field(name) for name in names]
    data = xlsx.table(record.labels["title"], [
        _("Fiscal year"), _("Agency code"), *[str(f.verbose_name) for f in fields]])
    for row in (model.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids)
                .select_related("agency").order_by("agency__code")):
        data.append([fiscal_year, row.agency.code, *[_cell(row, f) for f in fields]])
    return data


def _cell(row, field):
    value = getattr(row, field.name)
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return _yes_no(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")
