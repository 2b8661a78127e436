"""Chapter II-3 registers: IP management (policy and figures) and the COI/COC rules of each
agency per fiscal year, the COI/COC case log (restricted), and the startups supported.

No register holds a person's name: cases say what kind of conflict and which kind of partner,
never who; startups are companies.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kokken.history import Register, Tracked

COUNT = [MaxValueValidator(1_000_000)]


def _in_year(value: datetime.date | None, fiscal_year: int | None) -> bool:
    if value is None or not fiscal_year:
        return True
    return datetime.date(fiscal_year, 4, 1) <= value <= datetime.date(fiscal_year + 1, 3, 31)


class IpManagement(Register):
    """The agency's IP policy and IP figures for a fiscal year (II-3 (2)①, lines 320–339)."""

    policy_exists = models.BooleanField(_("an IP policy exists"), default=False)
    policy_date = models.DateField(_("policy adopted or last revised on"), null=True,
                                   blank=True)
    early_strategy = models.BooleanField(
        _("covers IP and business strategy from the research's start"), default=False)
    flexible_ownership = models.BooleanField(
        _("allows flexible ownership (single ownership by the best party)"), default=False)
    joint_transfer = models.BooleanField(
        _("moves unused joint patents to the agency's single ownership"), default=False)
    applications = models.PositiveIntegerField(_("patent applications (count)"), default=0,
                                               validators=COUNT)
    grants = models.PositiveIntegerField(_("patents granted (count)"), default=0,
                                         validators=COUNT)
    licences = models.PositiveIntegerField(_("licences concluded (count)"), default=0,
                                           validators=COUNT)
    licence_income = models.PositiveBigIntegerField(
        _("licence income (thousand yen)"), default=0,
        validators=[MaxValueValidator(100_000_000)])
    joint_moved = models.PositiveIntegerField(
        _("unused joint patents moved to single ownership (count)"), default=0,
        validators=COUNT)

    class Meta:
        verbose_name = _("IP management")
        verbose_name_plural = _("IP management")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="ip_management_unique")]

    def clean(self):
        errors = {}
        if self.policy_exists and self.policy_date is None:
            errors["policy_date"] = _("Enter the date the IP policy was adopted or last revised.")
        if not self.policy_exists and (self.policy_date or self.early_strategy
                                       or self.flexible_ownership or self.joint_transfer):
            errors["policy_exists"] = _("You described a policy: tick “an IP policy exists”, "
                                        "or clear the policy's details.")
        if self.joint_moved and not self.joint_transfer:
            errors["joint_moved"] = _("Joint patents were moved to single ownership: tick that "
                                      "the policy provides for it, or enter 0.")
        if errors:
            raise ValidationError(errors)


class CoiRules(Register):
    """The agency's conflict-of-interest and conflict-of-commitment rules as of the fiscal
    year (II-3 (2)③, lines 347–383)."""

    exists = models.BooleanField(_("COI/COC rules exist"), default=False)
    revised_on = models.DateField(_("last revised on"), null=True, blank=True)
    covers_startups = models.BooleanField(
        _("cover founding a startup and holding an officer role in it"), default=False)
    published = models.BooleanField(_("published"), default=False)
    coordinated = models.BooleanField(
        _("coordinated in advance with funders and partner institutions"), default=False,
        help_text=_("The first problem case of the agreement (line 373): rules that disagree "
                    "between the funder and the recipient."))
    discloses_decisions = models.BooleanField(
        _("require disclosure of the committee's decisions"), default=False,
        help_text=_("The remedy of the second problem case (line 383): disclose the review "
                    "committee's decisions and the funding in advance."))

    class Meta:
        verbose_name = _("COI/COC rules")
        verbose_name_plural = _("COI/COC rules")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="ip_coirules_unique")]

    def clean(self):
        errors = {}
        if self.exists and self.revised_on is None:
            errors["revised_on"] = _("Enter the date the rules were last revised.")
        if not self.exists and (self.revised_on or self.covers_startups or self.published
                                or self.coordinated or self.discloses_decisions):
            errors["exists"] = _("You described the rules: tick “COI/COC rules exist”, or "
                                 "clear their details.")
        if errors:
            raise ValidationError(errors)


class CaseType(models.TextChoices):
    EQUITY = "equity", _("Equity")
    OFFICER = "officer", _("Officer role")
    CONSULTING = "consulting", _("Consulting")
    FUNDING = "funding", _("Funding received")
    COMMITMENT = "commitment", _("Conflict of commitment")


class Counterpart(models.TextChoices):
    OWN_STARTUP = "own_startup", _("Startup from the agency's research")
    STARTUP = "startup", _("Other startup")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University or research institution")
    FUNDER = "funder", _("Funding agency")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    MITIGATION = "mitigation", _("Approved with mitigation")
    REFUSED = "refused", _("Not approved")


class CoiCase(Register):
    """One COI/COC case the agency's committee received (restricted; no personal names).

    The days from receipt to decision are the predictability the agreement asks for
    (line 349: 「予見性が高まるよう…柔軟かつ迅速に運用できるよう」)."""

    case_type = models.CharField(_("type of conflict"), max_length=16, choices=CaseType.choices)
    counterpart = models.CharField(_("startup or partner involved"), max_length=16,
                                   choices=Counterpart.choices)
    received_on = models.DateField(_("date received"))
    decided_on = models.DateField(_("date decided"), null=True, blank=True,
                                  help_text=_("Leave blank while the case is pending."))
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices,
                                blank=True)
    separate_manager = models.BooleanField(_("mitigation: a separate manager"), default=False)
    disclosure = models.BooleanField(_("mitigation: disclosure"), default=False)
    recusal = models.BooleanField(_("mitigation: recusal"), default=False)
    monitoring = models.BooleanField(_("mitigation: monitoring"), default=False)
    other_measure = models.CharField(_("mitigation: other measure"), max_length=200,
                                     blank=True, help_text=_("No personal names."))
    continued = models.BooleanField(_("the collaboration continued"), default=False)

    MEASURES = ("separate_manager", "disclosure", "recusal", "monitoring")

    class Meta(Tracked.Meta):
        ordering = ["fiscal_year", "received_on", "id"]
        verbose_name = _("COI/COC case")
        verbose_name_plural = _("COI/COC cases")
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="ip_coicase_agency_fy")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_case_type_display()}"

    @property
    def days(self) -> int | None:
        if self.decided_on is None or self.received_on is None:
            return None
        return (self.decided_on - self.received_on).days

    @property
    def measures(self) -> list:
        labels = [self._meta.get_field(name).verbose_name for name in self.MEASURES
                  if getattr(self, name)]
        return [*labels, *([self.other_measure] if self.other_measure else [])]

    def clean(self):
        errors = {}
        if not _in_year(self.received_on, self.fiscal_year):
            errors["received_on"] = _("The date received must fall in the fiscal year (from "
                                      "%(start)s to %(end)s).") % {
                "start": datetime.date(self.fiscal_year, 4, 1),
                "end": datetime.date(self.fiscal_year + 1, 3, 31)}
        if self.decided_on and self.received_on and self.decided_on < self.received_on:
            errors["decided_on"] = _("The decision date cannot be before the date received.")
        elif self.decided_on and not self.decision:
            errors["decision"] = _("Choose the decision taken on that date.")
        elif self.decision and not self.decided_on:
            errors["decided_on"] = _("Enter the date of the decision.")
        has_measure = any(getattr(self, name) for name in self.MEASURES) or self.other_measure
        if self.decision == Decision.MITIGATION and not has_measure:
            errors["separate_manager"] = _("Approved with mitigation: tick at least one "
                                           "mitigation measure.")
        if self.decision == Decision.REFUSED and self.continued:
            errors["continued"] = _("A case not approved cannot have continued the "
                                    "collaboration: untick it or change the decision.")
        if errors:
            raise ValidationError(errors)


class Sector(models.TextChoices):
    LIFE = "life", _("Life sciences and drug discovery")
    INFORMATION = "information", _("Information and communication")
    MATERIALS = "materials", _("Materials and manufacturing")
    ENERGY = "energy", _("Energy and environment")
    SPACE = "space", _("Space, ocean and earth")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    OTHER = "other", _("Other")


class Startup(Register):
    """A startup the agency supported in the fiscal year (AIST Solutions-style support,
    line 397)."""

    name = models.CharField(_("company name"), max_length=200)
    founded = models.PositiveSmallIntegerField(
        _("founding year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    sector = models.CharField(_("field"), max_length=16, choices=Sector.choices)
    licence = models.BooleanField(_("support: licence on preferential terms"), default=False)
    investment = models.BooleanField(_("support: equity or in-kind investment"), default=False)
    facilities = models.BooleanField(_("support: facilities and equipment"), default=False)
    mentoring = models.BooleanField(_("support: mentoring"), default=False)
    introductions = models.BooleanField(_("support: introductions to VCs"), default=False)
    researcher_manages = models.BooleanField(_("the researcher is the manager"), default=False)
    certified = models.BooleanField(_("certified by the agency's programme"), default=False)

    SUPPORT = ("licence", "investment", "facilities", "mentoring", "introductions")

    class Meta(Tracked.Meta):
        ordering = ["fiscal_year", "name", "id"]
        verbose_name = _("startup")
        verbose_name_plural = _("startups")
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="ip_startup_agency_fy")]

    def __str__(self) -> str:
        return self.name

    @property
    def support(self) -> list:
        return [self._meta.get_field(name).verbose_name for name in self.SUPPORT
                if getattr(self, name)]

    def clean(self):
        if self.founded and self.fiscal_year and self.founded > self.fiscal_year + 1:
            raise ValidationError({"founded": _(
                "The founding year is after the fiscal year: a startup not yet founded cannot "
                "have been supported.")})
