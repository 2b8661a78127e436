"""What chapter II-4 contributes: the research-integrity indicators of 図11."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken.models import Role

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
