"""The government-side section of the annual report (PDF) and of the Excel export.

Registered like a chapter's section (``agreements.contrib.ReportSection``) with
chapter "" (the whole agreement), so the report code needs no change of its own.
Covers the actions of the CSTI secretariat and of the ministries that supervise
at least one of the agencies the report is about (all of them for the annual
report), and the I-G1 reflection of those agencies.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokken import xlsx
from kokken.models import Agency, Ministry

from . import contrib
from .models import GovernmentAction, PlanReflection
from .selectors import government_items

GLYPH = {"done": "✓", "in_progress": "△", "not_applicable": "–", "not_started": "×"}


def _data(fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    ministries = list(Ministry.objects.filter(agencies__in=agencies.values("pk"))
                      .distinct().order_by("order"))
    actions = list(GovernmentAction.objects.filter(fiscal_year=fiscal_year).filter(
        Q(ministry__isnull=True) | Q(ministry__in=ministries))
        .select_related("item", "ministry").prefetch_related("agencies")
        .order_by("item__order", "ministry__order"))
    cells = {(a.item_id, a.ministry_id): a for a in actions}
    actors = [None, *ministries]
    items = list(government_items())
    plans = list(PlanReflection.objects.filter(fiscal_year=fiscal_year,
                                               agency__in=agencies.values("pk"))
                 .select_related("agency").order_by("agency__code"))
    return {"actors": actors, "items": items, "actions": actions, "plans": plans,
            "rows": [(item, [cells.get((item.pk, m.pk if m else None)) for m in actors])
                     for item in items]}


def section_context(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    return {"fiscal_year": fiscal_year, "glyph": GLYPH, **_data(fiscal_year, agencies)}


def excel_sheets(*, fiscal_year: int, agencies: QuerySet[Agency]) -> list:
    """Two sheets: the actions (one row per item and body) and the I-G1 reflections."""
    data = _data(fiscal_year, agencies)
    actions = xlsx.table(_("Government-side actions"), [
        _("Fiscal year"), _("Item code"), _("Item"), _("Body code"), _("Body"), _("Status"),
        _("What was done"), _("Date"), _("Evidence (link)"), _("Evidence file"),
        _("Agencies concerned (codes)")])
    for a in data["actions"]:
        actions.append([
            fiscal_year, a.item.code, a.item.title, a.ministry.code if a.ministry else "CSTI",
            str(a.ministry) if a.ministry else _("CSTI secretariat (Cabinet Office)"),
            a.status, a.description, a.done_on.isoformat() if a.done_on else None,
            a.evidence_url or None, a.evidence_file.name.rsplit("/", 1)[-1] if a.evidence_file
            else None, " ".join(sorted(x.code for x in a.agencies.all())) or None])
    plans = xlsx.table(_("I-G1 reflection"), [
        _("Fiscal year"), _("Agency code"), _("Agency"), _("Plan period: first fiscal year"),
        _("Plan period: last fiscal year"), _("Reflected in the 中長期目標 (1 = yes, 0 = no)"),
        _("Reflected in the 中長期計画 (1 = yes, 0 = no)"),
        _("Progress evaluated (1 = yes, 0 = no)"), _("Where and how"), _("Evidence (link)")])
    for p in data["plans"]:
        plans.append([fiscal_year, p.agency.code, p.agency.name, p.period_start, p.period_end,
                      int(p.in_objectives), int(p.in_plan), int(p.progress_evaluated),
                      p.note or None, p.evidence_url or None])
    return [actions, plans]


def register() -> None:
    from kokken.models import Role

    contrib.register(contrib.NavItem(
        identifier="agreements.government", order=50,
        label=gettext_lazy("Government-side actions"), url_name="agreements:government",
        roles=frozenset({Role.MINISTRY_REVIEWER, Role.SECRETARIAT})))
    contrib.register(contrib.ReportSection(
        identifier="agreements.government", order=90, chapter="",
        title=gettext_lazy("Government-side actions"),
        pdf_template="agreements/report/government.html", context=section_context,
        excel_sheets=excel_sheets))
