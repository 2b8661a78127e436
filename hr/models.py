"""Chapter II-1 registers: pay schemes, salary benchmarks, funding of personnel
costs, cross-appointments, secondments and other initiatives.

Every register row belongs to one agency and one fiscal year (年度). No register
holds a person's name: the follow-up needs the arrangement, not the researcher.
Amounts are in thousands of yen (千円), shares in per cent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kokken.history import Register

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class JobCategory(models.TextChoices):
    FIXED_TERM_RESEARCHER = "fixed_term_researcher", _("Fixed-term researcher")
    PERMANENT_RESEARCHER = "permanent_researcher", _("Permanent researcher")
    RESEARCH_MANAGEMENT = "research_management", _("Research management staff")
    TECHNICAL = "technical", _("Technical staff")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound (from the partner to us)")
    OUTBOUND = "outbound", _("Outbound (from us to the partner)")


class PayScheme(Register):
    """How one job category is paid. A missing row means the agency has no such staff."""

    class Structure(models.TextChoices):
        FIXED_PLUS_VARIABLE = "fixed_plus_variable", _("Fixed pay plus performance-variable pay")
        RESPONSIBILITY_BASED = "responsibility_based", _(
            "Base by responsibility, raised or lowered by a share for performance")
        OTHER = "other", _("Other structure")

    job_category = models.CharField(_("job category"), max_length=32, choices=JobCategory.choices)
    annual_salary = models.BooleanField(_("annual salary system (年俸制) adopted"), default=False)
    structure = models.CharField(_("structure of the annual salary"), max_length=32,
                                 choices=Structure.choices, blank=True)
    retirement_included = models.BooleanField(
        _("retirement-allowance equivalent included"), default=False)
    coverage_percent = models.PositiveSmallIntegerField(
        _("share of staff covered (%)"), null=True, blank=True, validators=PERCENT)

    class Meta:
        ordering = ["agency", "fiscal_year", "job_category"]
        verbose_name = _("pay scheme")
        verbose_name_plural = _("pay schemes")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year", "job_category"],
                                    name="hr_payscheme_unique"),
        ]

    def clean(self):
        if not self.annual_salary and (self.structure or self.retirement_included):
            raise ValidationError(_("Structure and retirement allowance apply only to an annual "
                                    "salary system."))


class SalaryBenchmark(Register):
    """The agency's salary level against the comparators it names (II-1 (1)②イ)."""

    class Survey(models.TextChoices):
        OCCUPATIONAL = "occupational", _("Survey on private-sector salaries by occupation "
                                         "(職種別民間給与実態調査)")
        WAGE_STRUCTURE = "wage_structure", _("Basic Survey on Wage Structure (賃金構造基本統計調査)")
        OTHER = "other", _("Other survey or data")

    average_salary = models.PositiveIntegerField(_("average annual salary (thousand yen)"))
    comparator = models.CharField(_("comparator industries or organisations"), max_length=300)
    survey = models.CharField(_("survey used"), max_length=32, choices=Survey.choices)
    survey_other = models.CharField(_("other survey (name)"), max_length=200, blank=True)
    comparator_salary = models.PositiveIntegerField(
        _("comparator average annual salary (thousand yen)"))
    explanation = models.TextField(_("explanation of the salary level"), max_length=2000)
    # The supervising ministry's check (II-1 (4)①): None = not yet reviewed.
    explanation_adequate = models.BooleanField(_("explanation found adequate"), null=True,
                                               blank=True)
    review_note = models.TextField(_("reviewer's note"), max_length=1000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "fiscal_year"]
        verbose_name = _("salary benchmark")
        verbose_name_plural = _("salary benchmarks")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="hr_benchmark_unique"),
        ]

    @property
    def gap_percent(self) -> float | None:
        if not self.comparator_salary:
            return None
        return (self.average_salary - self.comparator_salary) * 100 / self.comparator_salary

    def clean(self):
        if self.survey == self.Survey.OTHER and not self.survey_other:
            raise ValidationError({"survey_other": _("Name the survey or data used.")})


class PersonnelFunding(Register):
    """Sources of personnel costs in thousands of yen; blank means not reported."""

    operating_grant = models.PositiveBigIntegerField(
        _("operating grant (運営費交付金, thousand yen)"), null=True, blank=True)
    joint_research = models.PositiveBigIntegerField(
        _("joint-research funds and indirect costs (thousand yen)"), null=True, blank=True)
    cross_appointment = models.PositiveBigIntegerField(
        _("cross-appointment (thousand yen)"), null=True, blank=True)
    other_external = models.PositiveBigIntegerField(
        _("other external funds (thousand yen)"), null=True, blank=True)

    AMOUNTS = ("operating_grant", "joint_research", "cross_appointment", "other_external")

    class Meta:
        ordering = ["agency", "fiscal_year"]
        verbose_name = _("funding of personnel costs")
        verbose_name_plural = _("funding of personnel costs")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="hr_funding_unique"),
        ]

    @property
    def total(self) -> int | None:
        values = [getattr(self, f) for f in self.AMOUNTS if getattr(self, f) is not None]
        return sum(values) if values else None


class CrossAppointmentScheme(Register):
    """Whether the agency has a cross-appointment scheme (クロスアポイントメント制度を導入).

    The agreement counts agencies that have introduced the scheme (9割以上, as of
    1 April 2023), whether or not an agreement was signed that year. One record per
    agency and fiscal year, describing the situation on 1 April of that year.
    """

    introduced = models.BooleanField(_("cross-appointment scheme introduced"), default=False)
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    rules = models.CharField(_("internal rules that set up the scheme"), max_length=200,
                             blank=True)

    class Meta:
        ordering = ["agency", "fiscal_year"]
        verbose_name = _("cross-appointment scheme")
        verbose_name_plural = _("cross-appointment schemes")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                    name="hr_crossappointment_scheme_unique"),
        ]

    def clean(self):
        if not self.introduced and self.introduced_on:
            raise ValidationError({"introduced_on": _(
                "A date of introduction applies only to an introduced scheme.")})


class CrossAppointment(Register):
    """One cross-appointment agreement (クロスアポイントメント協定), without names."""

    class PartnerType(models.TextChoices):
        NATIONAL_UNIVERSITY = "national_university", _(
            "National university or inter-university research institute")
        RD_AGENCY = "rd_agency", _("Other R&D corporations")  # 他の研究開発法人
        COMPANY = "company", _("Private company")
        UNIVERSITY = "university", _("Public or private university")
        FOREIGN = "foreign", _("Foreign institution")
        OTHER = "other", _("Other")

    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    partner_name = models.CharField(_("partner institution"), max_length=200)
    partner_type = models.CharField(_("partner type"), max_length=32, choices=PartnerType.choices)
    effort_percent = models.PositiveSmallIntegerField(_("effort share at the partner (%)"),
                                                      validators=PERCENT)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    settles_salary = models.BooleanField(_("settles salary"), default=False)
    settles_social_insurance = models.BooleanField(_("settles social insurance"), default=False)
    settles_work = models.BooleanField(_("settles work arrangement"), default=False)
    settles_ip = models.BooleanField(_("settles IP handling"), default=False)
    reference = models.CharField(_("internal reference"), max_length=50, blank=True)

    SETTLES = ("settles_salary", "settles_social_insurance", "settles_work", "settles_ip")

    class Meta:
        ordering = ["agency", "fiscal_year", "start_date", "id"]
        verbose_name = _("cross-appointment agreement")
        verbose_name_plural = _("cross-appointment agreements")
        indexes = [models.Index(fields=["agency", "fiscal_year"])]
        constraints = [
            models.CheckConstraint(name="hr_crossappointment_period",
                                   condition=Q(end_date__isnull=True)
                                   | Q(end_date__gte=models.F("start_date"))),
        ]

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class Secondment(Register):
    """One secondment (出向): 割愛 or 在籍出向."""

    class Kind(models.TextChoices):
        KATSUAI = "katsuai", _("Leave and be hired by the partner (割愛)")
        ZAISEKI = "zaiseki", _("Keep status at the home organisation (在籍出向)")

    class PartnerType(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or government body")
        COMPANY = "company", _("Private company")
        UNIVERSITY = "university", _("University")
        OTHER = "other", _("Other")

    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    kind = models.CharField(_("type of secondment"), max_length=16, choices=Kind.choices)
    partner_type = models.CharField(_("partner type"), max_length=16, choices=PartnerType.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "fiscal_year", "start_date", "id"]
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        indexes = [models.Index(fields=["agency", "fiscal_year"])]
        constraints = [
            models.CheckConstraint(name="hr_secondment_period",
                                   condition=Q(end_date__isnull=True)
                                   | Q(end_date__gte=models.F("start_date"))),
        ]

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class Initiative(Register):
    """Another initiative for personnel mobility (II-1 (3))."""

    class Kind(models.TextChoices):
        YEAR_ROUND_HIRING = "year_round_hiring", _("Year-round hiring (通年採用)")
        TENURE_TRACK = "tenure_track", _("Tenure track")
        PERMANENT_POSTS = "permanent_posts", _("More permanent posts")
        MASTERS_HIRES = "masters_hires", _("Hiring master's-degree holders as researchers")
        TECHNICAL_TRACK = "technical_track", _("Technical staff track (技術職)")
        LIAISON_ADVISORS = "liaison_advisors", _("Liaison advisors (連携アドバイザー)")
        CAREER_SUPPORT = "career_support", _("Career support")
        OTHER = "other", _("Other initiative")

    kind = models.CharField(_("initiative"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    description = models.TextField(_("description"), max_length=1000)

    class Meta:
        ordering = ["agency", "fiscal_year", "kind", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["agency", "fiscal_year"])]
