"""Organisations (ministries, agencies, the CSTI secretariat) and users."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Names of things are data with a Japanese and an English form."""

    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name_ja

    def __str__(self) -> str:
        return self.name


class Ministry(BilingualName):
    """A body that supervises agencies (各法人所管府省), e.g. MEXT."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")


class Bureau(BilingualName):
    """A bureau of a ministry, as the agreement's 別紙 names it."""

    ministry = models.ForeignKey(Ministry, on_delete=models.CASCADE, related_name="bureaus")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["ministry", "order"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")
        constraints = [
            models.UniqueConstraint(fields=["ministry", "name_ja"], name="bureau_unique_name"),
        ]


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a Japanese fiscal year (1 April – 31 March)."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: date) -> AgencyQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def in_fiscal_year(self, fiscal_year: int) -> AgencyQuerySet:
        """Bodies that existed on the last day of the fiscal year.

        An organisation that ends on 31 March belongs to the year that ends then
        (NCGM: FY2024, not FY2025); one founded on 1 April to the year that starts then.
        """
        start, end = fiscal_year_bounds(fiscal_year)
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=end)
        )

    def kokken(self) -> AgencyQuerySet:
        """National R&D agencies (国立研究開発法人) only, not the outside bodies."""
        return self.filter(kind=AgencyKind.KOKKEN)

    def kokken_in(self, fiscal_year: int) -> AgencyQuerySet:
        """The 国研 of a fiscal year: 27 up to FY2024, 26 from FY2025."""
        return self.kokken().in_fiscal_year(fiscal_year)

    def supervised_by(self, ministry: Ministry) -> AgencyQuerySet:
        return self.filter(ministries=ministry)


class AgencyKind(models.TextChoices):
    KOKKEN = "kokken", _("National R&D agency (国立研究開発法人)")
    IAA = "iaa", _("Other incorporated administrative agency (独立行政法人)")
    SPECIAL = "special", _("Special corporation (特殊法人)")
    OTHER = "other", _("Other body")


class Agency(BilingualName):
    """A body that answers follow-up rounds: a national R&D agency (国立研究開発法人),
    or an outside body the secretariat also surveys (``kind`` says which; only 国研
    count among the 国研 in figures and titles).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    abbr = models.CharField(_("abbreviation"), max_length=32)
    short_name_ja = models.CharField(_("short name (Japanese)"), max_length=100)
    ministries = models.ManyToManyField(
        Ministry, related_name="agencies", verbose_name=_("supervising ministries")
    )
    designated = models.BooleanField(
        _("designated national R&D agency"),
        default=False,
        help_text=_("特定国立研究開発法人"),
    )
    funding_agency = models.BooleanField(
        _("funding agency"), default=False, help_text=_("資金配分機関")
    )
    kind = models.CharField(_("kind of body"), max_length=16, choices=AgencyKind.choices,
                            default=AgencyKind.KOKKEN)
    competitive_funding = models.BooleanField(
        _("runs a competitive research funding programme"), default=False,
        help_text=_("競争的研究費制度を持っている"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Where each date and flag comes from: {field: {"source": "...", "verified": bool}}.
    sources = models.JSONField(_("sources"), default=dict, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def short_name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.short_name_ja

    @property
    def is_kokken(self) -> bool:
        return self.kind == AgencyKind.KOKKEN

    def is_verified(self, field: str) -> bool:
        """Whether the source of ``field`` was checked (unknown counts as unverified)."""
        return bool(self.sources.get(field, {}).get("verified"))

    @property
    def competitive_funding_verified(self) -> bool:
        return self.is_verified("competitive_funding")


class Role(models.TextChoices):
    AGENCY_EDITOR = "agency_editor", _("Agency editor")
    AGENCY_APPROVER = "agency_approver", _("Agency approver")
    MINISTRY_REVIEWER = "ministry_reviewer", _("Ministry reviewer")
    SECRETARIAT = "secretariat", _("Secretariat staff")
    ADMIN = "admin", _("System administrator")


AGENCY_ROLES = {Role.AGENCY_EDITOR, Role.AGENCY_APPROVER}


class Secretariat:
    """The CSTI secretariat: one organisation, not a table."""

    name_ja = "内閣府 科学技術・イノベーション推進事務局"
    name_en = "Cabinet Office, Secretariat of Science, Technology and Innovation Policy"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name_ja

    def __str__(self) -> str:
        return self.name


SECRETARIAT = Secretariat()


class KokkenUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Every user belongs to exactly one organisation and has one role.

    Agency roles carry an agency, the reviewer role a ministry; the secretariat
    and administrators carry neither. A database constraint holds this.
    """

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("agency"),
    )
    ministry = models.ForeignKey(
        Ministry, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("ministry"),
    )

    objects = KokkenUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_organisation_matches_role",
                condition=(
                    Q(role__in=[Role.AGENCY_EDITOR, Role.AGENCY_APPROVER],
                      agency__isnull=False, ministry__isnull=True)
                    | Q(role=Role.MINISTRY_REVIEWER, agency__isnull=True, ministry__isnull=False)
                    | Q(role__in=[Role.SECRETARIAT, Role.ADMIN],
                        agency__isnull=True, ministry__isnull=True)
                ),
            ),
        ]

    def save(self, *args, **kwargs):
        # The administrator role and Django's staff/superuser flags never disagree.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    @property
    def organisation(self) -> Agency | Ministry | Secretariat | None:
        if self.role in AGENCY_ROLES:
            return self.agency
        if self.role == Role.MINISTRY_REVIEWER:
            return self.ministry
        if self.role in {Role.SECRETARIAT, Role.ADMIN}:
            return SECRETARIAT
        return None

    @property
    def is_agency_user(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.MINISTRY_REVIEWER

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.ADMIN


class Notification(models.Model):
    """Every e-mail the system sends also lands here, so nobody depends on mail delivery."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]


class DataTransfer(models.Model):
    """Every export and upload: who, what, when, how big (an audit trail)."""

    class Direction(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Upload")

    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    what = models.CharField(_("what"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    succeeded = models.BooleanField(_("succeeded"), default=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("data transfer")
        verbose_name_plural = _("data transfers")

    @classmethod
    def record(cls, *, user, direction: str, what: str, filename: str, size: int,
               agency=None, succeeded: bool = True) -> DataTransfer:
        return cls.objects.create(user=user if user and user.is_authenticated else None,
                                  direction=direction, what=what[:200], filename=filename[:255],
                                  size=size, agency=agency, succeeded=succeeded)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored.

    The secret is shown once, when the token is issued; a lost secret cannot be
    recovered, only revoked and replaced.
    """

    PREFIX = "kk_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16,
                              help_text=_("The first characters, to recognise the token."))
    digest = models.CharField(_("SHA-256 hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Optional: the last day (Japan time) the token works; refused from the day after.
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str, expires_on=None) -> tuple[ApiToken, str]:
        """Create a token for ``user``; returns it with its secret (never stored)."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=secret[:len(cls.PREFIX) + 6],
                                   digest=cls.hash(secret), expires_on=expires_on)
        return token, secret

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
