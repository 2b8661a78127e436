from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from kokken import boundary, uploads
from kokken.models import Agency
from kokken.wareki import fiscal_year

from .models import Questionnaire


class DateParts(forms.MultiWidget):
    """Three numeric inputs 年 / 月 / 日, as the Digital Agency's date pattern asks."""

    template_name = "widgets/date_parts.html"

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__([
            forms.TextInput(attrs={**base, "class": "date-year", "maxlength": 4}),
            forms.TextInput(attrs={**base, "class": "date-month", "maxlength": 2}),
            forms.TextInput(attrs={**base, "class": "date-day", "maxlength": 2}),
        ], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.year, value.month, value.day]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    widget = DateParts
    default_error_messages = {"invalid": _("Enter a real date.")}

    def __init__(self, **kwargs):
        fields = (forms.IntegerField(min_value=1900, max_value=2200),
                  forms.IntegerField(min_value=1, max_value=12),
                  forms.IntegerField(min_value=1, max_value=31))
        kwargs.setdefault("help_text", _("In the Western calendar. Example: 2021 / 09 / 01"))
        super().__init__(fields, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        try:
            return boundary.check_date(date(*data_list))
        except boundary.InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from None
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class RoundForm(forms.Form):
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2019, max_value=2100,
                                     help_text=_("The fiscal year the answers are about, e.g. 2024."))
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire version"),
                                           queryset=Questionnaire.objects.order_by("code", "-version"))
    opens_on = DatePartsField(label=_("Opening date"))
    due_on = DatePartsField(label=_("Due date"))
    reminder_days_before = forms.IntegerField(label=_("Reminder (days before the due date)"),
                                              min_value=0, max_value=60, initial=7)
    targets = forms.ModelMultipleChoiceField(
        label=_("Target agencies"), queryset=Agency.objects.order_by("abbr"),
        widget=forms.CheckboxSelectMultiple, required=True,
        help_text=_("All agencies are selected by default."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("fiscal_year", fiscal_year())
            self.initial.setdefault("targets", list(Agency.objects.values_list("pk", flat=True)))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("due_on") and data["due_on"] < data["opens_on"]:
            self.add_error("due_on", _("The due date must not be before the opening date."))
        return data


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

