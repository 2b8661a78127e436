from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import AccessibleFormMixin, DatePartsField
from kokken.records import RecordFormMixin

from .models import CoiCase, CoiRules, IpManagement, Startup

SHORT = forms.NumberInput(attrs={"class": "input-short"})


class IpManagementForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    policy_date = DatePartsField(label=_("Policy adopted or last revised on"), required=False)

    class Meta:
        model = IpManagement
        fields = ["policy_exists", "policy_date", "early_strategy", "flexible_ownership",
                  "joint_transfer", "applications", "grants", "licences", "licence_income",
                  "joint_moved"]
        widgets = {name: SHORT for name in ["applications", "grants", "licences",
                                            "licence_income", "joint_moved"]}


class CoiRulesForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    revised_on = DatePartsField(label=_("Last revised on"), required=False)

    class Meta:
        model = CoiRules
        fields = ["exists", "revised_on", "covers_startups", "published", "coordinated",
                  "discloses_decisions"]


class CoiCaseForm(AccessibleFormMixin, forms.ModelForm):
    received_on = DatePartsField(label=_("Date received"))
    decided_on = DatePartsField(label=_("Date decided"), required=False)

    class Meta:
        model = CoiCase
        fields = ["case_type", "counterpart", "received_on", "decided_on", "decision",
                  "separate_manager", "disclosure", "recusal", "monitoring", "other_measure",
                  "continued"]


class StartupForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Startup
        fields = ["name", "founded", "sector", "licence", "investment", "facilities",
                  "mentoring", "introductions", "researcher_manages", "certified"]
        widgets = {"founded": SHORT}


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           help_text=_("Use the template: one entry per row, headers in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    replace = forms.BooleanField(
        label=_("Replace this fiscal year's entries in this register with the file's rows"),
        required=False)
