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
