from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import DatePartsField

from .models import Incident


class AccessibleFormMixin:
    """Link each invalid control to its error text (aria-describedby), as UX.md asks."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = (
                    f"{self[name].auto_id}_error")  # templates/partials/field_errors.html


class IncidentForm(AccessibleFormMixin, forms.ModelForm):
    occurred_on = DatePartsField(label=_("Date found"))
    reported_on = DatePartsField(label=_("Date reported"), required=False)

    class Meta:
        model = Incident
        fields = ["occurred_on", "subject", "certainty", "reported", "reported_on", "status",
                  "lessons"]


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           help_text=_("Use the template: one entry per row, headers in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    replace = forms.BooleanField(
        label=_("Replace this fiscal year's entries in this register with the file's rows"),
        required=False)
