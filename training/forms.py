from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import DatePartsField
from kokken.records import RecordFormMixin

from .models import NEED_FIELDS, Programme, SeatRequest, Strategy, TrainingNeeds, Uptake


class AccessibleFormMixin:
    """Link each invalid control to its error text (aria-describedby), as UX.md asks."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = (
                    f"{self[name].auto_id}_error")  # templates/partials/field_errors.html


class ProgrammeForm(AccessibleFormMixin, forms.ModelForm):
    start_date = DatePartsField(label=_("Start date"), required=False)
    end_date = DatePartsField(label=_("End date"), required=False)
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")

    class Meta:
        model = Programme
        fields = ["title", "provider", "category", "format", "in_japanese", "in_english",
                  "always_open", "start_date", "end_date", "open_to_others", "capacity", "url"]
        widgets = {"capacity": forms.NumberInput(attrs={"class": "input-short"})}


class SeatRequestForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = SeatRequest
        fields = ["seats", "note"]
        widgets = {"seats": forms.NumberInput(attrs={"class": "input-short"})}


class DecisionForm(AccessibleFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (SeatRequest.State.ACCEPTED, _("Accept")),
        (SeatRequest.State.WAITLISTED, _("Waitlist")),
        (SeatRequest.State.DECLINED, _("Decline"))])
    reason = forms.CharField(label=_("Reason (required to decline)"), max_length=500,
                             required=False)


class TrainingNeedsForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingNeeds
        fields = [*NEED_FIELDS, "uses_external", "wants_external"]


class UptakeForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Uptake
        fields = [*NEED_FIELDS, "ura_certified", "rttp", "other_certifications"]
        widgets = {name: forms.NumberInput(attrs={"class": "input-short"})
                   for name in [*NEED_FIELDS, "ura_certified", "rttp", "other_certifications"]}


class StrategyForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    adopted_on = DatePartsField(label=_("Adopted on"), required=False)

    class Meta:
        model = Strategy
        fields = ["exists", "adopted_on", "title"]


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           help_text=_("Use the template: one entry per row, headers in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    replace = forms.BooleanField(
        label=_("Replace this fiscal year's entries in this register with the file's rows"),
        required=False)
