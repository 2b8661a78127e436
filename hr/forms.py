from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import AccessibleFormMixin, DatePartsField
from kokken.records import RecordFormMixin

from .models import (
    CrossAppointment,
    CrossAppointmentScheme,
    Initiative,
    JobCategory,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
    Secondment,
)


def counted(rows: int, limit: int) -> forms.Textarea:
    """A textarea with a 「残り{n}文字」 counter (static/js/kokken.js)."""
    return forms.Textarea(attrs={"rows": rows, "maxlength": limit,
                                 "data-count-left": _("{n} characters left"),
                                 "data-count-over": _("{n} characters over the limit")})


class PaySchemeForm(AccessibleFormMixin, forms.Form):
    """One job category; the page shows one of these per category (prefix = category)."""

    has_staff = forms.BooleanField(label=_("We have staff in this job category"), required=False)
    annual_salary = forms.BooleanField(label=_("Annual salary system (年俸制) adopted"),
                                       required=False)
    structure = forms.ChoiceField(label=_("Structure of the annual salary"), required=False,
                                  choices=[("", "—"), *PayScheme.Structure.choices])
    retirement_included = forms.BooleanField(
        label=_("Retirement-allowance equivalent included in the annual amount"), required=False)
    coverage_percent = forms.IntegerField(label=_("Share of staff covered (%)"), required=False,
                                          min_value=0, max_value=100,
                                          widget=forms.NumberInput(attrs={"class": "input-short"}))

    def __init__(self, *args, category: str, **kwargs):
        super().__init__(*args, prefix=category, **kwargs)
        self.category = category
        self.category_label = JobCategory(category).label

    def clean(self):
        data = super().clean()
        if data.get("has_staff") and data.get("annual_salary") and not data.get("structure"):
            self.add_error("structure", _("Choose the structure of the annual salary."))
        if not data.get("annual_salary") and (data.get("structure")
                                              or data.get("retirement_included")):
            self.add_error("annual_salary", _("Structure and retirement allowance apply only to "
                                              "an annual salary system."))
        return data

    def values(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("has_staff"):
            return None
        return {k: data[k] for k in ("annual_salary", "structure", "retirement_included",
                                     "coverage_percent")}

    @classmethod
    def initial_for(cls, scheme: PayScheme | None) -> dict:
        if scheme is None:
            return {"has_staff": False}
        return {"has_staff": True, "annual_salary": scheme.annual_salary,
                "structure": scheme.structure, "retirement_included": scheme.retirement_included,
                "coverage_percent": scheme.coverage_percent}


class PaySchemesForm:
    """The pay-scheme page as one annual-record form: a ``PaySchemeForm`` per job category.

    ``instance`` maps a job category to the year's scheme (a missing one: no staff)."""

    def __init__(self, data=None, *, instance: dict[str, PayScheme]):
        self.parts = [PaySchemeForm(data, category=category,
                                    initial=PaySchemeForm.initial_for(instance.get(category)))
                      for category in JobCategory.values]

    def is_valid(self) -> bool:
        valid = [part.is_valid() for part in self.parts]  # every part, for its errors
        return all(valid)

    @property
    def errors(self) -> list:
        return [part.errors for part in self.parts if part.errors]

    def values(self) -> dict[str, dict | None]:
        return {part.category: part.values() for part in self.parts}


class SalaryBenchmarkForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = SalaryBenchmark
        fields = ["average_salary", "comparator", "survey", "survey_other", "comparator_salary",
                  "explanation"]
        help_texts = {
            "comparator": _("The industries or organisations you compete with for staff, e.g. "
                            "electricity, gas, chemical industry."),
            "explanation": _("Why this salary level is needed to secure the staff you need "
                             "(up to 2,000 characters)."),
        }
        widgets = {"explanation": counted(6, 2000),
                   "average_salary": forms.NumberInput(attrs={"class": "input-short"}),
                   "comparator_salary": forms.NumberInput(attrs={"class": "input-short"})}


class ReviewForm(AccessibleFormMixin, forms.Form):
    adequate = forms.TypedChoiceField(
        label=_("Is the explanation of the salary level adequate?"),
        choices=[("yes", _("Adequate")), ("no", _("Not adequate"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note to the agency (up to 1,000 characters)"), required=False,
                           max_length=1000, widget=counted(4, 1000))

    def __init__(self, data=None, *, instance: SalaryBenchmark):
        initial = {"note": instance.review_note}
        if instance.explanation_adequate is not None:
            initial["adequate"] = "yes" if instance.explanation_adequate else "no"
        super().__init__(data, initial=initial)

    def values(self) -> dict:
        return {"adequate": self.cleaned_data["adequate"], "note": self.cleaned_data["note"]}


class FundingForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = PersonnelFunding
        fields = list(PersonnelFunding.AMOUNTS)
        widgets = {name: forms.NumberInput(attrs={"class": "input-short"})
                   for name in PersonnelFunding.AMOUNTS}
        help_texts = {"operating_grant": _("Leave blank if not known; enter 0 for none.")}


class CrossAppointmentSchemeForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    introduced_on = DatePartsField(label=_("Introduced on"), required=False)

    class Meta:
        model = CrossAppointmentScheme
        fields = ["introduced", "introduced_on", "rules"]
        help_texts = {"introduced": _("As of 1 April of the fiscal year, whether or not an "
                                      "agreement was signed.")}


class CrossAppointmentForm(AccessibleFormMixin, forms.ModelForm):
    start_date = DatePartsField(label=_("Start date"))
    end_date = DatePartsField(label=_("End date"), required=False)

    class Meta:
        model = CrossAppointment
        fields = ["direction", "partner_name", "partner_type", "effort_percent", "start_date",
                  "end_date", *CrossAppointment.SETTLES, "reference"]
        help_texts = {
            "partner_name": _("The institution, not the researcher: registers hold no personal "
                              "names."),
            "effort_percent": _("The share of effort spent at the partner, 0 to 100."),
            "reference": _("Your own reference number, if any. Not a personal name."),
        }
        widgets = {"effort_percent": forms.NumberInput(attrs={"class": "input-short"})}


class SecondmentForm(AccessibleFormMixin, forms.ModelForm):
    start_date = DatePartsField(label=_("Start date"))
    end_date = DatePartsField(label=_("End date"), required=False)

    class Meta:
        model = Secondment
        fields = ["direction", "kind", "partner_type", "start_date", "end_date"]


class InitiativeForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["kind", "title", "description"]
        labels = {"description": _("Description (up to 1,000 characters)")}
        widgets = {"description": counted(5, 1000)}


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           help_text=_("Use the template: one entry per row, headers in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    replace = forms.BooleanField(
        label=_("Replace this fiscal year's entries in this register with the file's rows"),
        required=False)
