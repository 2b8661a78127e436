from django import forms
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from kokken import uploads
from kokken.forms import DatePartsField, fiscal_year_choices, nearby_fiscal_years
from kokken.models import Agency
from kokken.wareki import fiscal_year

from .models import Questionnaire, Round


class RoundForm(forms.Form):
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int,
                                         help_text=_("The fiscal year the answers are about."))
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire version"),
                                           queryset=Questionnaire.objects.order_by("code", "-version"))
    opens_on = DatePartsField(label=_("Opening date"))
    due_on = DatePartsField(label=_("Due date"))
    reminder_days_before = forms.IntegerField(label=_("Reminder (days before the due date)"),
                                              min_value=0, max_value=60, initial=7)
    targets = forms.ModelMultipleChoiceField(
        label=_("Target agencies"), queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=True,
        help_text=_("All agencies are selected by default. Listed as in the agreement's "
                    "annex: by supervising ministry."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Years that already have rounds (a late round for one of them) up to next year.
        first = Round.objects.aggregate(first=Min("fiscal_year"))["first"]
        self.fields["fiscal_year"].choices = fiscal_year_choices(nearby_fiscal_years(since=first))
        self.fields["targets"].queryset = official_order(Agency.objects.all())
        self.fields["targets"].label_from_instance = lambda agency: agency.name
        if not self.is_bound:
            self.initial.setdefault("fiscal_year", fiscal_year())
            self.initial.setdefault("targets", list(Agency.objects.values_list("pk", flat=True)))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("due_on") and data["due_on"] < data["opens_on"]:
            self.add_error("due_on", _("The due date must not be before the opening date."))
        return data


def official_order(agencies):
    """Agencies as the agreement's annex lists them: by (first) supervising ministry, then
    in the order the organisations were loaded from the annex."""
    return agencies.annotate(ministry_order=Min("ministries__order")).order_by(
        "ministry_order", "pk")


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))

    MAX_BYTES = 10 * 1024 * 1024
    ALLOWED = {
        ".pdf": "application/pdf",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".csv": "text/csv",
        ".txt": "text/plain",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
    }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        ext = name[name.rfind("."):] if "." in name else ""
        if ext not in self.ALLOWED:
            raise forms.ValidationError(
                _("This type of file cannot be attached. Allowed: PDF, Excel, Word, PowerPoint, "
                  "CSV, text, PNG and JPEG."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        content_type = uploads.evidence_type(upload, ext)  # from the content, not the name
        if content_type is None:
            raise forms.ValidationError(
                _("The file's content is not a %(ext)s file (it looks like %(found)s). Attach "
                  "the file in one of the allowed formats.")
                % {"ext": ext.lstrip(".").upper(), "found": uploads.sniff(upload)})
        upload.kokken_content_type = content_type
        return upload


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)

