"""II-2's one-record-per-year form (kokken/records.py): the agency's training needs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kokken.records import AnnualRecord, yearly

from . import forms, selectors, services, views
from .models import Strategy, TrainingNeeds, Uptake

NEEDS = AnnualRecord(
    namespace="training", key="needs", segment="needs/", template="kokken/register_form.html",
    context=views._base, year=lambda request, agency: views._year(request),
    back=views._chapter_url, form=forms.TrainingNeedsForm, model=TrainingNeeds,
    load=selectors.record_of(TrainingNeeds),
    save=yearly(services.needs_save),
    labels={"title": _("Training needs"),
            "intro": _("For each field, whether your agency needs training and how the need "
                       "is met; then whether you use, or want to use, outside training "
                       "(the survey behind footnote 4 of the agreement)."),
            "saved": _("Training needs saved.")})


COMMON = {"namespace": "training", "template": "kokken/register_form.html", "context": views._base,
          "year": lambda request, agency: views._year(request), "back": views._chapter_url}

UPTAKE = AnnualRecord(
    **COMMON, key="uptake", segment="uptake/", form=forms.UptakeForm, model=Uptake,
    load=selectors.record_of(Uptake), save=yearly(services.uptake_save),
    labels={"title": _("Training uptake and certifications"),
            "intro": _("Participants in the fiscal year per field (your own and outside "
                       "training), and how many staff hold each certification. Counts only, "
                       "no names."),
            "saved": _("Training uptake saved.")})

STRATEGY = AnnualRecord(
    **COMMON, key="strategy", segment="strategy/", form=forms.StrategyForm, model=Strategy,
    load=selectors.record_of(Strategy), save=yearly(services.strategy_save), files=True,
    labels={"title": _("Specialist-staff strategy"),
            "intro": _("II-2 (line 299): each agency sets a strategy for securing and "
                       "developing specialist staff, and encourages training on it."),
            "saved": _("Specialist-staff strategy saved.")})

RECORDS = [NEEDS, UPTAKE, STRATEGY]
