"""Chapter II-4 registers. The incident register is restricted (kokken.access.sees_restricted):
its agency's approvers, its supervising ministries' reviewers and the secretariat see it; every
view is recorded. No register holds a person's name."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kokken.history import Tracked
from kokken.models import Agency

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Subject(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology leakage")
    INFORMATION = "information", _("Information leakage")


class Certainty(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    CONFIRMED = "confirmed", _("Confirmed")


class Status(models.TextChoices):
    INVESTIGATING = "investigating", _("Under investigation")
    RESPONDING = "responding", _("Measures under way")
    CLOSED = "closed", _("Closed")


class Incident(Tracked):
    """A suspected or confirmed leakage of technology or information (restricted)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("agency"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR)
    occurred_on = models.DateField(_("date found"))
    subject = models.CharField(_("what leaked"), max_length=16, choices=Subject.choices)
    certainty = models.CharField(_("suspected or confirmed"), max_length=16,
                                 choices=Certainty.choices)
    reported = models.BooleanField(_("reported to the authorities"), default=False)
    reported_on = models.DateField(_("date reported"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.INVESTIGATING)
    lessons = models.TextField(_("lessons learned"), blank=True, max_length=2000,
                               help_text=_("No personal names."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("updated by"))

    class Meta(Tracked.Meta):
        ordering = ["fiscal_year", "occurred_on", "id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="security_inc_agency_fy")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_subject_display()}"

    def clean(self):
        errors = {}
        if self.occurred_on and self.fiscal_year:
            start = datetime.date(self.fiscal_year, 4, 1)
            end = datetime.date(self.fiscal_year + 1, 3, 31)
            if not start <= self.occurred_on <= end:
                errors["occurred_on"] = _("The date must fall in the fiscal year (from %(start)s "
                                          "to %(end)s).") % {"start": start, "end": end}
        if self.reported and not self.reported_on:
            errors["reported_on"] = _("Enter the date it was reported to the authorities.")
        if not self.reported and self.reported_on:
            errors["reported_on"] = _("A report date is given but the incident is not marked "
                                      "as reported.")
        if self.reported_on and self.occurred_on and self.reported_on < self.occurred_on:
            errors["reported_on"] = _("The report date cannot be before the date found.")
        if errors:
            raise ValidationError(errors)
