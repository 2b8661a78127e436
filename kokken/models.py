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


def designation_in(fiscal_year: int, path: str = "") -> Q:
    """Agencies (reached by ``path``) designated 特定国立研究開発法人 on the last day of the
    fiscal year: the one rule, in SQL, behind ``Agency.is_designated_in``."""
    p = f"{path}__" if path else ""
    end = fiscal_year_bounds(fiscal_year)[1]
    dated = Q(**{f"{p}designated_from__lte": end}) & (
        Q(**{f"{p}designated_until__isnull": True}) | Q(**{f"{p}designated_until__gte": end}))
    return dated | Q(**{f"{p}designated_from__isnull": True, f"{p}designated": True})


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

    def designated_in(self, fiscal_year: int) -> AgencyQuerySet:
        """The 特定国立研究開発法人 of a fiscal year: designated on its last day (as
        ``in_fiscal_year``). Dated designations follow their dates; an undated one follows
        the ``designated`` flag (designated now, and as far back as the data says nothing)."""
        return self.filter(designation_in(fiscal_year))

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
    # Since when (and until when) the body is designated: a designation is dated like the
    # body itself, so a figure of an earlier year counts the designated agencies of that year.
    designated_from = models.DateField(_("designated from"), null=True, blank=True)
    designated_until = models.DateField(_("designated until"), null=True, blank=True)
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

    def is_designated_in(self, fiscal_year: int) -> bool:
        """Whether the body was a 特定国立研究開発法人 on the last day of the fiscal year
        (the rule of ``Agency.objects.designated_in``)."""
        end = fiscal_year_bounds(fiscal_year)[1]
        if self.designated_from is None:
            return self.designated
        return self.designated_from <= end and (self.designated_until is None
                                                or self.designated_until >= end)

    def is_verified(self, field: str) -> bool:
        """Whether the source of ``field`` was checked (unknown counts as unverified)."""
        return bool(self.sources.get(field, {}).get("verified"))

    @property
    def source_notes(self) -> list[tuple[str, str, bool]]:
        """(what, source, verified) for each recorded source, in field order: the agency
        page shows them, so an unverified date or flag is visibly unverified."""
        fields = [f.name for f in self._meta.concrete_fields]
        return [(str(self._meta.get_field(name).verbose_name), note.get("source", ""),
                 bool(note.get("verified")))
                for name, note in sorted(self.sources.items(),
                                         key=lambda kv: fields.index(kv[0]) if kv[0] in fields
                                         else len(fields))
                if name in fields and isinstance(note, dict)]

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

    # A member of the council of agencies (国立研究開発法人協議会, 国研協) who curates the
    # good-practice database across agencies: a flag on a user of an agency (or the
    # secretariat), not a role, so the member keeps the rights of their own role.
    # What it allows is decided in kokken/access.py (``curates_practices``).
    council_member = models.BooleanField(
        _("council curator (国研協)"), default=False,
        help_text=_("Curates and publishes good-practice entries of every agency."))

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
    # The e-mail outbox: written in the same transaction as the change it reports, sent
    # after the commit, and sent again by the sweeper until the mail server took it
    # (kokken/notifications.py). Empty address: nothing to send.
    email_to = models.EmailField(_("e-mail address"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"]),
                   models.Index(fields=["created_at"], name="notification_mail_pending",
                                condition=models.Q(emailed_at__isnull=True) & ~models.Q(email_to=""))]


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows are written once and never changed or removed, by any code path."""

    def update(self, **kwargs):
        raise AppendOnlyError(_("Audit records cannot be changed."))

    def delete(self):
        raise AppendOnlyError(_("Audit records cannot be deleted."))

    _raw_delete = delete

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(_("Audit records cannot be changed."))


class AppendOnlyError(Exception):
    pass


class AppendOnly(models.Model):
    """A row that is inserted once; saving it again or deleting it raises."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Audit records cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Audit records cannot be deleted."))


class DataTransfer(AppendOnly):
    """Every export, download and upload: who, what, when, how big, from where.

    Each also appears in the audit trail (``AuditEvent``); this table keeps the file's
    details and is what mass-download monitoring counts.
    """

    class Direction(models.TextChoices):
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Download")
        IMPORT = "import", _("Upload")

    # No database constraint and no cascade: removing a user or an agency never touches
    # the trail (a cascade or SET NULL would be an UPDATE/DELETE of audit rows).
    user = models.ForeignKey(User, null=True, on_delete=models.DO_NOTHING, related_name="+",
                             db_constraint=False)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    what = models.CharField(_("what"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.DO_NOTHING,
                               related_name="+", db_constraint=False)
    succeeded = models.BooleanField(_("succeeded"), default=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("data transfer")
        verbose_name_plural = _("data transfers")
        indexes = [models.Index(fields=["user", "at"], name="datatransfer_user_at")]

    @classmethod
    def record(cls, *, user, direction: str, what: str, filename: str, size: int,
               agency=None, agency_id: int | None = None,
               succeeded: bool = True) -> DataTransfer:
        """Record a transfer and its audit event.

        Exports and downloads by a user whose exports are held raise ``ExportsHeld``
        before anything leaves; they also feed mass-download monitoring.
        """
        from . import audit, monitoring

        user = user if user and user.is_authenticated else None
        outgoing = direction in (cls.Direction.EXPORT, cls.Direction.DOWNLOAD)
        if outgoing and user is not None:
            monitoring.refuse_if_held(user=user, what=what)
        agency_id = agency.pk if agency is not None else agency_id
        transfer = cls.objects.create(user=user, direction=direction, what=what[:200],
                                      filename=filename[:255], size=size, agency_id=agency_id,
                                      succeeded=succeeded, ip=audit.current_ip())
        audit.record(AuditEvent.Action(direction), user=user, agency_id=agency_id,
                     what=f"{what} — {filename} ({size:,} B)", succeeded=succeeded)
        if outgoing and user is not None:
            monitoring.watch(user=user)
        return transfer


class AuditEvent(AppendOnly):
    """The audit trail: who, when, from where, what. Append-only (see ``AppendOnly``).

    Answer changes and state changes keep their detailed history in ``AnswerChange`` and
    ``Transition``; each also lands here with the address it came from.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign-in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Sign-out")
        LOCKED_OUT = "locked_out", _("Account locked")
        UNLOCKED = "unlocked", _("Account unlocked")
        MFA_VERIFIED = "mfa_verified", _("Second factor accepted")
        MFA_FAILED = "mfa_failed", _("Second factor refused")
        MFA_ENROLLED = "mfa_enrolled", _("Second factor set up")
        TRANSITION = "transition", _("State change")
        ANSWER_CHANGE = "answer_change", _("Answer change")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Download")
        IMPORT = "import", _("Upload")
        VIEW = "view", _("View of a restricted record")
        API = "api", _("API request")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        TOKEN_REFUSED = "token_refused", _("API token refused")
        MASS_DOWNLOAD = "mass_download", _("Mass download alert")
        EXPORTS_HELD = "exports_held", _("Exports held")
        EXPORT_REFUSED = "export_refused", _("Export refused (held)")
        EXPORTS_RELEASED = "exports_released", _("Exports released")
        SETTING_CHANGED = "setting_changed", _("Security setting changed")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING,
                             related_name="+", db_constraint=False, verbose_name=_("user"))
    # Kept as text too: a failed sign-in names no user, and a user may be renamed later.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    what = models.CharField(_("what"), max_length=500, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.DO_NOTHING,
                               related_name="+", db_constraint=False, verbose_name=_("agency"))
    succeeded = models.BooleanField(_("succeeded"), default=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["user", "action", "at"], name="auditevent_user_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.what}"


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


class ExportHold(models.Model):
    """Exports and downloads of a user held after a mass-download alert, until an
    administrator releases them (only when ``MASS_DOWNLOAD_HOLD`` is on)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="export_holds",
                             verbose_name=_("user"))
    created_at = models.DateTimeField(_("held since"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("released by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export hold")
        verbose_name_plural = _("export holds")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(released_at__isnull=True),
                                    name="exporthold_one_open_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class SecuritySettings(models.Model):
    """Security settings the secretariat controls (one row)."""

    agency_mfa_required = models.BooleanField(
        _("agency users must use a second factor"), default=False,
        help_text=_("The secretariat, ministry reviewers and administrators always must. "
                    "When this is off, agency users may still set one up on their profile page."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("security settings")
        verbose_name_plural = _("security settings")

    CACHE_KEY = "kokken:security-settings"
    CACHE_SECONDS = 60  # read on every request of an agency user: no query for it

    @classmethod
    def current(cls) -> SecuritySettings:
        from django.core.cache import cache

        found = cache.get(cls.CACHE_KEY)
        if found is None:
            found = cls.objects.get_or_create(pk=1)[0]
            cache.set(cls.CACHE_KEY, found, cls.CACHE_SECONDS)
        return found

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
