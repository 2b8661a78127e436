from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken.forms import AccessibleFormMixin, DatePartsField
from kokken.records import RecordFormMixin

from .models import Challenges, Control, ExportControl, Foundations, Incident, Review, TradeSecrets


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


SHORT = {"class": "input-short"}


class ReviewForm(AccessibleFormMixin, forms.ModelForm):
    reviewed_on = DatePartsField(label=_("Review date"))

    class Meta:
        model = Review
        fields = ["reviewed_on", "reviewer", "findings", "follow_up"]


class ControlForm(AccessibleFormMixin, forms.ModelForm):
    verified_on = DatePartsField(label=_("Date last verified"), required=False)
    tested_on = DatePartsField(label=_("Date of the last penetration test"), required=False,
                               help_text=_("Penetration test only. Enter the date in the "
                                           "Western calendar. Example: 2021年09月01日"))

    class Meta:
        model = Control
        fields = ["measure", "in_place", "evidence", "verified_on", "tested_on"]


class FoundationsForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    office_since = DatePartsField(label=_("Office in place since"), required=False)
    desk_since = DatePartsField(label=_("Consultation desk open since"), required=False)

    class Meta:
        model = Foundations
        fields = ["office", "office_since", "desk", "desk_since", "follow_up", "checked_against",
                  "monitoring", "case_videos", "multilingual", "languages"]


class ExportControlForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    rules_revised_on = DatePartsField(label=_("Rules last revised on"), required=False)
    deemed_export_since = DatePartsField(label=_("Deemed-export procedure in place since"),
                                         required=False)

    class Meta:
        model = ExportControl
        fields = ["rules", "rules_revised_on", "deemed_export", "deemed_export_since",
                  "classifications", "licences", "advisor", "seminars", "screening"]
        widgets = {name: forms.NumberInput(attrs=SHORT)
                   for name in ("classifications", "licences", "seminars")}


class TradeSecretsForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = TradeSecrets
        fields = ["levels", "areas", "areas_with_responsible", "network_by_level", "guidelines"]
        widgets = {name: forms.NumberInput(attrs=SHORT)
                   for name in ("levels", "areas", "areas_with_responsible")}


class ChallengesForm(RecordFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Challenges
        fields = ["specialists", "training_material", "guidelines", "government_desk",
                  "reviewer_criteria", "system_budget", "other"]
