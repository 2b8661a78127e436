from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import AccessibleFormMixin, DatePartsField
from kokken.records import RecordFormMixin

from .models import NEED_FIELDS, Programme, SeatRequest, Strategy, TrainingNeeds, Uptake


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
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, error_messages={
        "required": _("Choose a decision."), "invalid_choice": _("Choose a decision.")}, choices=[
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
    """The strategy record, with its document: checked like every uploaded file (allowed
    types by content, not by name; size limit) through the evidence rules."""

    adopted_on = DatePartsField(label=_("Adopted on"), required=False)
    document = forms.FileField(
        label=_("Strategy document"), required=False,
        help_text=_("PDF, Excel, Word, PowerPoint, CSV, text, PNG or JPEG, up to 10 MB. "
                    "A new file replaces the one kept."))
    remove_document = forms.BooleanField(label=_("Remove the document kept"), required=False)

    class Meta:
        model = Strategy
        fields = ["exists", "adopted_on", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance and self.instance.document):
            del self.fields["remove_document"]
        else:
            self.fields["remove_document"].label = _("Remove the kept document (%(name)s)") % {
                "name": self.instance.document_name}

    def clean_document(self):
        from agreements.forms import EvidenceForm

        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        checker = EvidenceForm(files={"file": upload})
        if not checker.is_valid():
            raise forms.ValidationError(checker.errors["file"])
        return upload

    def clean(self):
        data = super().clean()
        if data.get("document") and not data.get("exists"):
            self.add_error("document", _("Attach a document only to a strategy that exists: "
                                         "tick “a strategy exists”."))
        return data

    def values(self) -> dict:
        return {**super().values(), "document": self.cleaned_data.get("document"),
                "remove_document": self.cleaned_data.get("remove_document", False)}


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           help_text=_("Use the template: one entry per row, headers in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    replace = forms.BooleanField(
        label=_("Replace this fiscal year's entries in this register with the file's rows"),
        required=False)
