"""Chapter II-2 registers: the training catalogue agencies open to one another, seat
requests between agencies, and each agency's training needs per fiscal year.

No register holds a person's name: seats are counted, participants are not named.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kokken.history import Register, Stamped
from kokken.models import Agency

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Category(models.TextChoices):
    RESEARCH_MANAGEMENT = "research_management", _("Research management")
    IP = "ip", _("IP and technology transfer")
    STARTUP = "startup", _("Startup support")
    SECURITY_INTEGRITY = "security_integrity", _("Research security and integrity")
    EXPORT_CONTROL = "export_control", _("Export control")
    INFORMATION_SECURITY = "information_security", _("Information security")
    ACCOUNTING = "accounting", _("Accounting")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    OTHER = "other", _("Other")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    ELEARNING = "elearning", _("E-learning")


class Programme(Stamped):
    """A training programme in the catalogue.

    Run by the agency that lists it (``agency``), or by an outside body (``provider``):
    the programmes the agreement names from outside bodies (eAPRIN, RTTP …) are reference
    entries without an agency. Only an agency's programme open to other agencies takes
    seat requests.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", null=True,
                               blank=True, verbose_name=_("agency"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR)
    title = models.CharField(_("programme title"), max_length=200)
    provider = models.CharField(
        _("outside provider"), max_length=200, blank=True,
        help_text=_("Only for a programme an outside body runs; leave blank for your own."))
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    in_japanese = models.BooleanField(_("offered in Japanese"), default=True)
    in_english = models.BooleanField(_("offered in English"), default=False)
    always_open = models.BooleanField(_("always open (no fixed dates)"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats for other agencies"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("Leave blank when there is no limit (e-learning)."))
    open_to_others = models.BooleanField(_("open to other agencies"), default=False)
    url = models.URLField(_("web page"), blank=True)

    class Meta:
        ordering = ["fiscal_year", "title", "id"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="training_prog_agency_fy")]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_name(self) -> str:
        if self.provider:
            return self.provider
        return self.agency.short_name if self.agency_id else ""

    def clean(self):
        errors = {}
        if self.agency_id is None and not self.provider:
            errors["provider"] = _("Name the outside body that runs this programme.")
        if not self.in_japanese and not self.in_english:
            errors["in_english"] = _("Choose at least one language the programme is offered in.")
        if self.always_open:
            if self.start_date or self.end_date:
                errors["start_date"] = _("An always-open programme has no dates. Clear the "
                                         "dates or untick “always open”.")
        elif self.start_date is None:
            errors["start_date"] = _("Enter the start date, or tick “always open”.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.capacity is not None and not self.open_to_others:
            errors["capacity"] = _("Seats for other agencies apply only to a programme open "
                                   "to other agencies.")
        if errors:
            raise ValidationError(errors)


class SeatRequest(Stamped):
    """Seats an agency asks for in another agency's open programme. Both agencies see it;
    the providing agency's approver decides."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="seat_requests", verbose_name=_("programme"))
    requesting_agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+",
                                          verbose_name=_("requesting agency"))
    # The programme's agency, kept on the request so that access reads one row.
    providing_agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+",
                                         verbose_name=_("providing agency"))
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    note = models.CharField(_("note to the provider"), max_length=500, blank=True,
                            help_text=_("Departments or roles, never personal names."))
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.REQUESTED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("seat request")
        verbose_name_plural = _("seat requests")
        constraints = [
            models.CheckConstraint(condition=~models.Q(requesting_agency=models.F(
                "providing_agency")), name="training_seatrequest_other_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.seats})"


class Need(models.TextChoices):
    NONE = "none", _("No need")
    OWN = "own", _("Met by our own training")
    OTHER_AGENCY = "other_agency", _("Met by another agency's training")
    OUTSIDE = "outside", _("Met by an outside provider")
    UNMET = "unmet", _("Not met")


NEED_FIELDS = [value for value in Category.values]


def _need(label):
    return models.CharField(label, max_length=16, choices=Need.choices, default=Need.NONE)


class TrainingNeeds(Register):
    """One agency's training needs for a fiscal year, one answer per category (the survey
    behind footnote 4 of the agreement: 「27 機関中 13 機関」)."""

    research_management = _need(Category.RESEARCH_MANAGEMENT.label)
    ip = _need(Category.IP.label)
    startup = _need(Category.STARTUP.label)
    security_integrity = _need(Category.SECURITY_INTEGRITY.label)
    export_control = _need(Category.EXPORT_CONTROL.label)
    information_security = _need(Category.INFORMATION_SECURITY.label)
    accounting = _need(Category.ACCOUNTING.label)
    public_relations = _need(Category.PUBLIC_RELATIONS.label)
    other = _need(Category.OTHER.label)
    uses_external = models.BooleanField(_("uses outside training"), default=False)
    wants_external = models.BooleanField(_("wants to use outside training"), default=False)

    class Meta:
        verbose_name = _("training needs")
        verbose_name_plural = _("training needs")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="training_needs_unique")]

    def clean(self):
        met_outside = any(getattr(self, name) in (Need.OTHER_AGENCY, Need.OUTSIDE)
                          for name in NEED_FIELDS)
        if met_outside and not self.uses_external:
            raise ValidationError({"uses_external": _(
                "A need met by another agency or an outside provider means you use outside "
                "training: tick this box or change that answer.")})


class Uptake(Register):
    """One agency's training uptake for a fiscal year: participants per category, and
    certifications its staff hold, as counts (never names)."""

    research_management = models.PositiveIntegerField(Category.RESEARCH_MANAGEMENT.label,
                                                      default=0)
    ip = models.PositiveIntegerField(Category.IP.label, default=0)
    startup = models.PositiveIntegerField(Category.STARTUP.label, default=0)
    security_integrity = models.PositiveIntegerField(Category.SECURITY_INTEGRITY.label,
                                                     default=0)
    export_control = models.PositiveIntegerField(Category.EXPORT_CONTROL.label, default=0)
    information_security = models.PositiveIntegerField(Category.INFORMATION_SECURITY.label,
                                                       default=0)
    accounting = models.PositiveIntegerField(Category.ACCOUNTING.label, default=0)
    public_relations = models.PositiveIntegerField(Category.PUBLIC_RELATIONS.label, default=0)
    other = models.PositiveIntegerField(Category.OTHER.label, default=0)
    ura_certified = models.PositiveIntegerField(_("staff holding URA skill certification"),
                                                default=0)
    rttp = models.PositiveIntegerField(_("staff holding RTTP"), default=0)
    other_certifications = models.PositiveIntegerField(_("staff holding other certifications"),
                                                       default=0)

    class Meta:
        verbose_name = _("training uptake")
        verbose_name_plural = _("training uptake")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="training_uptake_unique")]

    @property
    def participants(self) -> int:
        return sum(getattr(self, name) for name in NEED_FIELDS)


def strategy_path(instance: Strategy, filename: str) -> str:
    return f"training/strategy/{instance.agency_id}/{instance.fiscal_year}/{filename}"


class Strategy(Register):
    """Whether the agency has a strategy for securing and developing specialist staff
    (専門人材の確保・育成に関する戦略, II-2 line 299), as of the fiscal year."""

    exists = models.BooleanField(_("a specialist-staff strategy exists"), default=False)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    title = models.CharField(_("title of the document"), max_length=200, blank=True)
    # The document itself: served only through an access-checked view (never MEDIA_URL),
    # its type decided from its content (kokken.uploads), its name as uploaded.
    document = models.FileField(_("strategy document"), upload_to=strategy_path, blank=True,
                                max_length=300)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_type = models.CharField(_("type"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("specialist-staff strategy")
        verbose_name_plural = _("specialist-staff strategies")
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                               name="training_strategy_unique")]

    def clean(self):
        if self.exists and self.adopted_on is None:
            raise ValidationError({"adopted_on": _("Enter the date the strategy was adopted.")})
        if not self.exists and (self.adopted_on or self.title):
            raise ValidationError({"exists": _(
                "You entered a date or title: tick “a strategy exists”, or clear them.")})
