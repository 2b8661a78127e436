"""The kit's AccessibleFormMixin (kokken/forms.py), which every chapter's forms use: an
invalid control names the ids templates/partials/field.html gives its messages and help."""

from django import forms

from kokken.forms import AccessibleFormMixin, DatePartsField


class _Form(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label="Name")
    noted = forms.CharField(label="Noted", help_text="A hint.")
    day = DatePartsField(label="Day")


def _described(form: _Form, name: str) -> str:
    return form.fields[name].widget.attrs.get("aria-describedby", "")


def test_an_invalid_control_names_its_error_id_built_from_auto_id():
    form = _Form(data={})
    assert not form.is_valid()
    assert _described(form, "name") == "id_name_error"


def test_an_invalid_control_with_help_names_its_error_then_its_help():
    form = _Form(data={})
    assert not form.is_valid()
    assert _described(form, "noted") == "id_noted_error id_noted_helptext"


def test_a_date_in_three_parts_shares_one_error_id_named_after_the_field():
    form = _Form(data={"day_0": "2024"})
    assert not form.is_valid()
    # Not "_error" (a date's id_for_label is empty): the id field_errors.html writes.
    assert _described(form, "day").split()[0] == "id_day_error"


def test_a_valid_control_names_no_error():
    form = _Form(data={"name": "a", "noted": "b", "day_0": "2024", "day_1": "4", "day_2": "1"})
    assert form.is_valid(), form.errors
    assert "aria-describedby" not in form.fields["name"].widget.attrs
