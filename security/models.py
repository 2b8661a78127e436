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

from kokken.history import Register, Tracked
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


# --- ① Foundations, ② export control, ③ trade secrets, ④ information security ----------------

def _fiscal_year_end(fiscal_year: int) -> datetime.date:
    return datetime.date(fiscal_year + 1, 3, 31)


class FollowUp(models.TextChoices):
    NONE = "none", _("Not followed up")
    ON_CHANGE = "on_change", _("When a declaration changes")
    YEARLY = "yearly", _("Once a year")
    TWICE = "twice", _("Twice a year or more")


class Foundations(Register):
    """① The foundations (II-4 ①, lines 497–506): an integrated office and a consultation
    desk, follow-up of declared outside activities, active monitoring, training with case
    videos, multilingual materials. Objective reviews are rows of their own (``Review``)."""

    office = models.BooleanField(
        _("an office handles research security and integrity across the organisation"),
        default=False)
    office_since = models.DateField(_("office in place since"), null=True, blank=True)
    desk = models.BooleanField(_("a consultation desk exists"), default=False)
    desk_since = models.DateField(_("consultation desk open since"), null=True, blank=True)
    follow_up = models.CharField(
        _("follow-up of declared outside activities"), max_length=16,
        choices=FollowUp.choices, default=FollowUp.NONE,
        help_text=_("How often the outside activities and funding declared at hiring are "
                    "checked again."))
    checked_against = models.CharField(
        _("checked against"), max_length=200, blank=True,
        help_text=_("The other information used, e.g. publication databases, funding "
                    "databases, company registers."))
    monitoring = models.BooleanField(
        _("active monitoring to detect suspicious activity early"), default=False)
    case_videos = models.BooleanField(_("training uses videos of concrete cases"),
                                      default=False)
    multilingual = models.BooleanField(_("training materials in other languages"),
                                       default=False)
    languages = models.CharField(_("languages of the materials"), max_length=200, blank=True,
                                 help_text=_("For example: 英語、中国語"))

    class Meta(Register.Meta):
        verbose_name = _("foundations")
        verbose_name_plural = _("foundations")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="security_foundations_unique")]

    def clean(self):
        errors = {}
        if self.office and not self.office_since:
            errors["office_since"] = _("Enter the date the office was set up.")
        if not self.office and self.office_since:
            errors["office_since"] = _("A date is given but no office: tick the box or clear "
                                       "the date.")
        if self.desk and not self.desk_since:
            errors["desk_since"] = _("Enter the date the desk opened.")
        if not self.desk and self.desk_since:
            errors["desk_since"] = _("A date is given but no desk: tick the box or clear the "
                                     "date.")
        if self.follow_up != FollowUp.NONE and not self.checked_against.strip():
            errors["checked_against"] = _("Say what the declarations are checked against.")
        if self.multilingual and not self.languages.strip():
            errors["languages"] = _("Name the languages of the materials.")
        if errors:
            raise ValidationError(errors)


class ReviewerKind(models.TextChoices):
    POLICE = "police", _("Police (National Police Agency or prefectural police)")
    PSIA = "psia", _("Public Security Intelligence Agency")
    THIRD_PARTY = "third_party", _("Third-party body")
    EXPERT = "expert", _("External expert")


class ReviewFollowUp(models.TextChoices):
    NONE = "none", _("Nothing to follow up")
    PLANNED = "planned", _("Follow-up planned")
    UNDER_WAY = "under_way", _("Follow-up under way")
    DONE = "done", _("Follow-up done")


class Review(Register):
    """An objective review by authorities, a third party or outside experts (line 504)."""

    reviewed_on = models.DateField(_("review date"))
    reviewer = models.CharField(_("reviewer"), max_length=16, choices=ReviewerKind.choices)
    findings = models.TextField(_("findings"), max_length=2000, blank=True,
                                help_text=_("No personal names."))
    follow_up = models.CharField(_("follow-up status"), max_length=16,
                                 choices=ReviewFollowUp.choices, default=ReviewFollowUp.PLANNED)

    class Meta(Register.Meta):
        ordering = ["fiscal_year", "reviewed_on", "id"]
        verbose_name = _("objective review")
        verbose_name_plural = _("objective reviews")
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="security_rev_agency_fy")]

    def __str__(self) -> str:
        return f"{self.reviewed_on} {self.get_reviewer_display()}"

    def clean(self):
        if self.reviewed_on and self.fiscal_year:
            start, end = datetime.date(self.fiscal_year, 4, 1), _fiscal_year_end(self.fiscal_year)
            if not start <= self.reviewed_on <= end:
                raise ValidationError({"reviewed_on": _(
                    "The date must fall in the fiscal year (from %(start)s to %(end)s).") % {
                        "start": start, "end": end}})


class ExportControl(Register):
    """② Export control (安全保障貿易管理, lines 525–547): internal rules under the
    輸出者等遵守基準, deemed exports since the May 2022 clarification, the year's
    classification determinations and licence applications, and the support used."""

    rules = models.BooleanField(_("internal export-control rules (輸出管理内部規程) exist"),
                                default=False)
    rules_revised_on = models.DateField(_("rules last revised on"), null=True, blank=True)
    deemed_export = models.BooleanField(
        _("a deemed-export (みなし輸出) procedure follows the May 2022 clarification"),
        default=False)
    deemed_export_since = models.DateField(_("deemed-export procedure in place since"),
                                           null=True, blank=True)
    classifications = models.PositiveIntegerField(
        _("classification determinations (該非判定) in the year"), default=0,
        validators=[MaxValueValidator(1_000_000)])
    licences = models.PositiveIntegerField(
        _("licence applications in the year"), default=0,
        validators=[MaxValueValidator(100_000)])
    advisor = models.BooleanField(_("the advisor dispatch programme was used"), default=False)
    seminars = models.PositiveIntegerField(
        _("export-control seminars attended in the year"), default=0,
        validators=[MaxValueValidator(10_000)])
    screening = models.BooleanField(
        _("partners are screened by their publication records"), default=False)

    class Meta(Register.Meta):
        verbose_name = _("export control")
        verbose_name_plural = _("export control")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="security_exportcontrol_unique")]

    def clean(self):
        errors = {}
        if not self.rules and self.rules_revised_on:
            errors["rules_revised_on"] = _("A date is given but no rules: tick the box or "
                                           "clear the date.")
        if self.deemed_export and not self.deemed_export_since:
            errors["deemed_export_since"] = _("Enter the date the procedure started.")
        if not self.deemed_export and self.deemed_export_since:
            errors["deemed_export_since"] = _("A date is given but no procedure: tick the box "
                                              "or clear the date.")
        if errors:
            raise ValidationError(errors)


class Guidelines(models.TextChoices):
    METI_GUIDE = "meti_guide", _("営業秘密管理指針 (METI)")
    HANDBOOK = "handbook", _("秘密情報の保護ハンドブック (METI)")
    UNIVERSITY = "university", _("大学における秘密情報の保護ハンドブック (METI)")
    OWN = "own", _("Own rules only")
    NONE = "none", _("None")


class TradeSecrets(Register):
    """③ Trade secrets (不正競争防止法, lines 549–563): information classified by level,
    managed areas with responsible persons, network limits by level, the guidelines used."""

    levels = models.PositiveSmallIntegerField(
        _("information classification levels defined"), default=0,
        validators=[MaxValueValidator(20)],
        help_text=_("0 when information is not classified by level."))
    areas = models.PositiveIntegerField(_("managed areas"), default=0,
                                        validators=[MaxValueValidator(100_000)])
    areas_with_responsible = models.PositiveIntegerField(
        _("managed areas with a responsible person"), default=0,
        validators=[MaxValueValidator(100_000)],
        help_text=_("A count; do not name the persons."))
    network_by_level = models.BooleanField(
        _("network connections are restricted by classification level"), default=False)
    guidelines = models.CharField(_("guidelines followed"), max_length=16,
                                  choices=Guidelines.choices, default=Guidelines.NONE)

    class Meta(Register.Meta):
        verbose_name = _("trade secrets")
        verbose_name_plural = _("trade secrets")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="security_tradesecrets_unique")]

    def clean(self):
        errors = {}
        if self.areas_with_responsible > self.areas:
            errors["areas_with_responsible"] = _("Cannot exceed the number of managed areas.")
        if self.network_by_level and not self.levels:
            errors["network_by_level"] = _("Restrictions by level need classification levels: "
                                           "enter how many levels are defined.")
        if errors:
            raise ValidationError(errors)


class Measure(models.TextChoices):
    """④ The information-security measures (lines 578–586, 図9): (ア)(イ)(ウ) and 図9's
    examples. The code's prefix says which of (ア)(イ)(ウ) it belongs to."""

    ACCESS_CONTROL = "a_access", _("(ア) Access control")
    LOGS = "a_logs", _("(ア) Log collection and management")
    MASS_DOWNLOAD = "a_download", _("(ア) Mass-download monitoring")
    AWARENESS = "i_awareness", _("(イ) Awareness against taking data out")
    DEVICES = "u_devices", _("(ウ) Rules against non-issued devices in sensitive areas")
    EDR = "x_edr", _("EDR (endpoint detection and response)")
    IPS = "x_ips", _("IPS (intrusion prevention)")
    PENTEST = "x_pentest", _("Penetration test (at least yearly)")
    CLOUD = "x_cloud", _("Cloud with records of who accessed when")


# (ア)(イ)(ウ): what the agreement asks every 国研 to do (lines 578–580)
REQUIRED_MEASURES = (Measure.ACCESS_CONTROL, Measure.LOGS, Measure.MASS_DOWNLOAD,
                     Measure.AWARENESS, Measure.DEVICES)


class Control(Register):
    """One line of an agency's information-security checklist for a fiscal year: whether
    the measure is in place, the evidence, and the date it was last verified."""

    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    in_place = models.BooleanField(_("in place"), default=False)
    evidence = models.CharField(
        _("evidence"), max_length=300, blank=True,
        help_text=_("The rule, system or report that shows it (no personal names)."))
    verified_on = models.DateField(_("date last verified"), null=True, blank=True)
    tested_on = models.DateField(_("date of the last penetration test"), null=True, blank=True,
                                 help_text=_("Penetration test only."))

    class Meta(Register.Meta):
        ordering = ["fiscal_year", "measure", "id"]
        verbose_name = _("information-security measure")
        verbose_name_plural = _("information-security measures")
        indexes = [models.Index(fields=["fiscal_year", "measure"], name="security_ctl_fy_measure"),
                   models.Index(fields=["agency", "fiscal_year"], name="security_ctl_agency_fy")]

    def __str__(self) -> str:
        return str(self.get_measure_display())

    def clean(self):
        errors = {}
        end = _fiscal_year_end(self.fiscal_year) if self.fiscal_year else None
        if self.in_place and not self.verified_on:
            errors["verified_on"] = _("Enter the date the measure was last verified.")
        if self.in_place and not self.evidence.strip():
            errors["evidence"] = _("Name the evidence (a rule, system or report).")
        if self.measure == Measure.PENTEST and self.in_place and not self.tested_on:
            errors["tested_on"] = _("Enter the date of the last penetration test.")
        if self.measure != Measure.PENTEST and self.tested_on:
            errors["tested_on"] = _("Only the penetration test has a test date.")
        for name in ("verified_on", "tested_on"):
            value = getattr(self, name)
            if end and value and value > end and name not in errors:
                errors[name] = _("The date cannot be after the end of the fiscal year.")
        if (self.measure and self.agency_id and self.fiscal_year and "measure" not in errors
                and type(self).objects.filter(agency_id=self.agency_id,
                                              fiscal_year=self.fiscal_year,
                                              measure=self.measure)
                .exclude(pk=self.pk).exists()):
            errors["measure"] = _("This measure is already in the checklist for the fiscal "
                                  "year: edit that line instead.")
        if errors:
            raise ValidationError(errors)


# 図12 (line 714–717): the challenges the agencies reported.
CHALLENGES = (
    ("specialists", _("Securing and developing specialists")),
    ("training_material", _("Common training material on research security and integrity")),
    ("guidelines", _("Clear guidelines")),
    ("government_desk", _("A consultation desk on the government side")),
    ("reviewer_criteria", _("Criteria for choosing third-party bodies and outside experts")),
    ("system_budget", _("Money for information-system security (EDR, web filters, "
                        "monitoring of mass downloads and access logs)")),
)


class Challenges(Register):
    """The challenges an agency reports for the fiscal year (図12); the secretariat sees them
    counted across agencies."""

    specialists = models.BooleanField(CHALLENGES[0][1], default=False)
    training_material = models.BooleanField(CHALLENGES[1][1], default=False)
    guidelines = models.BooleanField(CHALLENGES[2][1], default=False)
    government_desk = models.BooleanField(CHALLENGES[3][1], default=False)
    reviewer_criteria = models.BooleanField(CHALLENGES[4][1], default=False)
    system_budget = models.BooleanField(CHALLENGES[5][1], default=False)
    other = models.CharField(_("other challenge"), max_length=300, blank=True)

    class Meta(Register.Meta):
        verbose_name = _("challenges")
        verbose_name_plural = _("challenges")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="security_challenges_unique")]
