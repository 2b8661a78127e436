"""II-2's one-record-per-year form (kokken/records.py): the agency's training needs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kokken.records import AnnualRecord

from . import forms, selectors, services, views
from .models import TrainingNeeds

NEEDS = AnnualRecord(
    namespace="training", key="needs", segment="needs/", template="training/form.html",
    context=views._base, year=lambda request, agency: views._year(request),
    back=views._chapter_url, form=forms.TrainingNeedsForm, model=TrainingNeeds,
    load=selectors.record_of(TrainingNeeds),
    save=lambda *, agency, fiscal_year, values, user, record=None: services.needs_save(
        agency=agency, fiscal_year=fiscal_year, values=values, user=user),
    labels={"title": _("Training needs"),
            "intro": _("For each field, whether your agency needs training and how the need "
                       "is met; then whether you use, or want to use, outside training "
                       "(the survey behind footnote 4 of the agreement)."),
            "saved": _("Training needs saved.")})

RECORDS = [NEEDS]
