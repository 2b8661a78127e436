"""Chapter II-4's integrity figures (図11) for the page, the annual report (PDF section) and
the Excel export: every output reads ``selectors.integrity_figures``, so they cannot differ.

Machine-readable rules: one table per sheet, header in row 1, numbers without units (the
unit is in the header), blank distinct from 0.
"""

from __future__ import annotations

import tablib
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


def context(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """The figures of ``fiscal_year`` and the year before, over ``agencies``."""
    year = selectors.integrity_figures(fiscal_year=fiscal_year, agencies=agencies)
    before = selectors.integrity_figures(fiscal_year=fiscal_year - 1, agencies=agencies)
    rows = [{"figure": f, "before": b if not before.empty else None}
            for f, b in zip(year.figures, before.figures, strict=True)]
    return {"year": year, "before": before, "rows": rows, "chart": chart(year),
            "fiscal_year": fiscal_year, "outcomes": selectors.OUTCOMES[:3]}


def section_context(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """Context of the PDF section ``security/report/section.html``."""
    return context(fiscal_year=fiscal_year, agencies=agencies)


def excel_sheets(*, fiscal_year: int, agencies: QuerySet[Agency]) -> list[tablib.Dataset]:
    """One sheet: per question and outcome, the count and share of accepted sheets."""
    year = selectors.integrity_figures(fiscal_year=fiscal_year, agencies=agencies)
    data = tablib.Dataset(title=_("II-4 integrity")[:31], headers=[
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
    return [data]


def workbook(datasets: list[tablib.Dataset]) -> bytes:
    return xlsx.from_datasets(datasets)
