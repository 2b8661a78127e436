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
    population = forms.ChoiceField(
        label=_("Target population"), choices=Round.Population.choices,
        initial=Round.Population.ALL_KOKKEN, widget=forms.RadioSelect,
        help_text=_("A named population takes the bodies valid in the fiscal year; "
                    "a chosen list takes the bodies ticked below."))
    population_name_ja = forms.CharField(label=_("Name of the population (Japanese)"),
                                         max_length=100, required=False,
                                         help_text=_("For a chosen list, e.g. 研究機関等."))
    population_name_en = forms.CharField(label=_("Name of the population (English)"),
                                         max_length=100, required=False)
    targets = forms.ModelMultipleChoiceField(
        label=_("Bodies to survey (for a chosen list)"), queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Listed as in the agreement's annex: by supervising ministry. Bodies that "
                    "are not national R&D agencies are marked as such."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Years that already have rounds (a late round for one of them) up to next year.
        first = Round.objects.aggregate(first=Min("fiscal_year"))["first"]
        self.fields["fiscal_year"].choices = fiscal_year_choices(nearby_fiscal_years(since=first))
        self.fields["targets"].queryset = official_order(Agency.objects.all())
        self.fields["targets"].label_from_instance = _target_label
        if not self.is_bound:
            self.initial.setdefault("fiscal_year", fiscal_year())
            self.initial.setdefault("targets", list(
                Agency.objects.kokken_in(fiscal_year()).values_list("pk", flat=True)))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("due_on") and data["due_on"] < data["opens_on"]:
            self.add_error("due_on", _("The due date must not be before the opening date."))
        if data.get("population") == Round.Population.CUSTOM and not data.get("targets"):
            self.add_error("targets", _("Choose at least one body to survey."))
        return data


def _target_label(agency) -> str:
    """Outside bodies (not 国研) carry their kind after the name."""
    return agency.name if agency.is_kokken else f"{agency.name}（{agency.get_kind_display()}）"


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


class GovernmentActionForm(forms.Form):
    """What a ministry (or the CSTI secretariat) did on one government-side item."""

    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect,
                               choices=[])
    description = forms.CharField(label=_("What was done (up to 4,000 characters)"),
                                  max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    done_on = DatePartsField(label=_("Date"), required=False)
    evidence_url = forms.URLField(label=_("Evidence (link)"), max_length=500, required=False,
                                  assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence (file)"), required=False,
                                    help_text=_("PDF, Excel, Word, PowerPoint, CSV, text, PNG "
                                                "or JPEG, up to 10 MB."))
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies concerned"), queryset=Agency.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import GovernmentAction

        self.fields["status"].choices = GovernmentAction.Status.choices
        if agencies is not None:
            self.fields["agencies"].queryset = agencies.order_by("abbr")

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        checker = EvidenceForm(files={"file": upload})
        if not checker.is_valid():
            raise forms.ValidationError(checker.errors["file"])
        return upload

    def clean(self):
        data = super().clean()
        if data.get("status") == "done" and not data.get("description"):
            self.add_error("description", _("Say what was done."))
        return data


class PlanReflectionForm(forms.Form):
    period_start = forms.IntegerField(label=_("Plan period: first fiscal year"),
                                      min_value=2000, max_value=2100,
                                      help_text=_("西暦で記入してください。例）2022"))
    period_end = forms.IntegerField(label=_("Plan period: last fiscal year"),
                                    min_value=2000, max_value=2100,
                                    help_text=_("西暦で記入してください。例）2028"))
    in_objectives = forms.BooleanField(label=_("Reflected in the 中長期目標"), required=False)
    in_plan = forms.BooleanField(label=_("Reflected in the 中長期計画"), required=False)
    progress_evaluated = forms.BooleanField(label=_("Progress evaluated"), required=False)
    note = forms.CharField(label=_("Where and how (up to 2,000 characters)"), max_length=2000,
                           required=False, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_url = forms.URLField(label=_("Evidence (link)"), max_length=500, required=False,
                                  assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") \
                and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The last fiscal year of the plan period must not "
                                           "be before the first."))
        return data
