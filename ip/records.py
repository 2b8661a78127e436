"""II-3's one-record-per-year forms (kokken/records.py): IP management and COI/COC rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kokken.records import AnnualRecord, yearly

from . import forms, selectors, services, views
from .models import CoiRules, IpManagement

COMMON = {"namespace": "ip", "template": "kokken/register_form.html", "context": views._base,
          "year": lambda request, agency: views._year(request), "back": views._chapter_url}

MANAGEMENT = AnnualRecord(
    **COMMON, key="management", segment="management/", form=forms.IpManagementForm,
    model=IpManagement, load=selectors.record_of(IpManagement),
    save=yearly(services.management_save),
    labels={"title": _("IP management"),
            "intro": _("Your IP policy (II-3 (2)①: IP strategy from the research's start, "
                       "flexible ownership, unused joint patents moved to the agency) and the "
                       "fiscal year's IP figures. Licence income in thousand yen."),
            "saved": _("IP management saved.")})

RULES = AnnualRecord(
    **COMMON, key="rules", segment="coi-rules/", form=forms.CoiRulesForm, model=CoiRules,
    load=selectors.record_of(CoiRules), save=yearly(services.rules_save),
    labels={"title": _("COI/COC rules"),
            "intro": _("Your conflict-of-interest and conflict-of-commitment rules as of the "
                       "fiscal year (II-3 (2)③): clear, predictable and quick enough for "
                       "startups, coordinated with funders and partners, disclosing the "
                       "committee's decisions."),
            "saved": _("COI/COC rules saved.")})

RECORDS = [MANAGEMENT, RULES]
