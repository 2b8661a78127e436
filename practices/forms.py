from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import AccessibleFormMixin
from kokken.models import Agency

from .models import Practice


def counted(rows: int, limit: int) -> forms.Textarea:
    """A textarea with a 「残り{n}文字」 counter (static/js/kokken.js)."""
    return forms.Textarea(attrs={"rows": rows, "maxlength": limit,
                                 "data-count-left": _("{n} characters left"),
                                 "data-count-over": _("{n} characters over the limit")})


class PracticeForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Practice
        fields = ["title_ja", "title_en", "summary_ja", "summary_en", "body", "chapter",
                  "section", "tags", "questions", "partners", "reference"]
        widgets = {"summary_ja": counted(4, 1000), "summary_en": counted(4, 1000),
                   "body": counted(10, 10000),
                   "partners": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Agency.objects.kokken().exclude(
            pk=self.instance.agency_id).order_by("code")


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           help_text=_("Use the template: one entry per row, headers in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    # An import adds drafts; it never replaces entries (a submitted or published entry is
    # withdrawn through its page, never deleted by a file). The kit reads ``replace``.
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_replace(self) -> bool:
        return False


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Practice.State.choices)


class FeatureForm(forms.Form):
    featured = forms.BooleanField(required=False)


class AttachmentForm(forms.Form):
    """One file for an entry, checked like every uploaded file (the evidence rules: allowed
    types decided from the content, not the name; size)."""

    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Excel, Word, PowerPoint, CSV, text, PNG or JPEG, "
                                     "up to 10 MB."))

    def clean_file(self):
        from agreements.forms import EvidenceForm

        checker = EvidenceForm(files={"file": self.cleaned_data["file"]})
        if not checker.is_valid():
            raise forms.ValidationError(checker.errors["file"])
        return checker.cleaned_data["file"]


class SurveyResultForm(AccessibleFormMixin, forms.ModelForm):
    """A council survey result (II-4-A1), recorded by a curator or the secretariat."""

    class Meta:
        model = Practice
        fields = ["survey", "fiscal_year", "finding", "title_ja", "title_en", "summary_ja",
                  "summary_en", "body", "chapter", "section", "tags", "questions"]
        widgets = {"summary_ja": counted(4, 1000), "summary_en": counted(4, 1000),
                   "body": counted(10, 10000)}
        labels = {"fiscal_year": _("Fiscal year of the survey")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = "survey"
        self.fields["survey"].required = True
        self.fields["finding"].required = True
        self.fields["finding"].choices = [c for c in self.fields["finding"].choices if c[0]]
        self.fields["finding"].widget = forms.RadioSelect(choices=self.fields["finding"].choices)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
