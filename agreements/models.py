"""The agreement, its questionnaires, follow-up rounds, sheets and answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokken.models import Agency, Ministry


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


class Bilingual(models.Model):
    title_ja = models.TextField(_("title (Japanese)"))
    title_en = models.TextField(_("title (English)"), blank=True)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return (self.title_en or self.title_ja) if _english() else self.title_ja

    def __str__(self) -> str:
        return self.title


# --- The agreement as data ---------------------------------------------------

class Agreement(Bilingual):
    """A version of the agreement text (e.g. 令和6年3月29日 関係府省申合せ)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")


class AgreementItem(Bilingual):
    """A chapter, section or requested action (「各機関に求められる取組」) of the agreement."""

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("Chapter")
        SECTION = "section", _("Section")
        ITEM = "item", _("Requested action")

    class Side(models.TextChoices):
        GOVERNMENT = "government", _("Government side")
        AGENCY = "agency", _("Agency side")
        NONE = "", _("—")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    side = models.CharField(_("side"), max_length=16, choices=Side.choices, blank=True)
    text_ja = models.TextField(_("text (Japanese)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("agreement item")
        verbose_name_plural = _("agreement items")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="agreementitem_unique_code"),
        ]


# --- Questionnaires ----------------------------------------------------------

class Questionnaire(Bilingual):
    """A version of a questionnaire. Immutable once a round uses it: a new version is a copy."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="questionnaires")
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    created_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="copies")
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True,
                                     help_text=_("Set when a round first uses this version."))

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_unique_version"),
        ]

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Section(Bilingual):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="sections")
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveIntegerField(_("order"), default=0)
    chapter = models.CharField(_("chapter"), max_length=16, blank=True,
                               help_text=_("II-1 … II-4, when the section belongs to a chapter."))

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="section_unique_code"),
        ]


class Audience(models.TextChoices):
    """Which bodies the agreement asks a question of: all, or those with an ``Agency`` flag.

    The value is the name of the flag on ``Agency`` (empty: every body). The one rule
    every place that shows, requires, counts or exports a question follows
    (``Question.applies_to_agency`` in Python, ``Question.applicable_agencies`` in SQL).
    """

    ALL = "", _("All bodies")
    DESIGNATED = "designated", _("Designated national R&D agencies (特定国立研究開発法人)")
    FUNDING_AGENCY = "funding_agency", _("Funding agencies (資金配分機関)")
    COMPETITIVE_FUNDING = "competitive_funding", _(
        "Bodies with a competitive research funding programme (競争的研究費制度)")


def asked(question: str = "question", agency: str = "sheet__agency") -> Q:
    """Rows whose question is asked of the agency (``Question.applies_to``), as a filter:
    e.g. ``Answer.objects.filter(asked())`` drops answers left to a question the agreement
    does not ask of the sheet's agency."""
    condition = Q(**{f"{question}__applies_to": Audience.ALL})
    for audience in Audience:
        if audience:
            condition |= Q(**{f"{question}__applies_to": audience, f"{agency}__{audience}": True})
    return condition


class Question(models.Model):
    """One question. ``code`` is stable across versions: exports and year-on-year key on it."""

    Audience = Audience

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        YES_NO = "yes_no", _("Yes / no")
        INTEGER = "integer", _("Integer")
        DECIMAL = "decimal", _("Decimal")
        PERCENT = "percent", _("Percentage")
        AMOUNT = "amount", _("Amount (thousand yen)")
        DATE = "date", _("Date")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        EVIDENCE = "evidence", _("Evidence files")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text_ja = models.TextField(_("question (Japanese)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_ja = models.TextField(_("help (Japanese)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    # Shown only when another question's answer is one of these option codes.
    show_if_question = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="dependents")
    show_if_values = models.JSONField(_("shown for answers"), default=list, blank=True)
    # For a two-part question (the integrity survey's Qn-2): in aggregates this
    # question's options replace the parent's answer that made it appear, giving
    # one set of outcomes (実施している / 検討している / 検討していない).
    refines_parent = models.BooleanField(_("refines the parent's answer"), default=False)
    items = models.ManyToManyField(AgreementItem, blank=True, related_name="questions",
                                   verbose_name=_("agreement items checked"))
    # Asked only of the bodies the agreement addresses it to (SEC-03: 特定国立研究開発法人).
    # A conditional question carries its parent's audience (the loader sees to it).
    applies_to = models.CharField(_("asked of"), max_length=32, choices=Audience.choices,
                                  default=Audience.ALL, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code"),
        ]

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO}
    NUMBER_KINDS = {Kind.INTEGER, Kind.DECIMAL, Kind.PERCENT, Kind.AMOUNT}

    @property
    def text(self) -> str:
        return (self.text_en or self.text_ja) if _english() else self.text_ja

    @property
    def help(self) -> str:
        return (self.help_en or self.help_ja) if _english() else self.help_ja

    @property
    def is_conditional(self) -> bool:
        return self.show_if_question_id is not None

    def applies_to_agency(self, agency: Agency) -> bool:
        """Whether the agreement asks this question of ``agency`` (its flags decide)."""
        return not self.applies_to or bool(getattr(agency, self.applies_to))

    def applicable_agencies(self, path: str = "") -> Q:
        """The same rule as a filter on agencies reached by ``path`` (e.g. ``sheet__agency``)."""
        if not self.applies_to:
            return Q()
        return Q(**{f"{path}__{self.applies_to}" if path else self.applies_to: True})

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=40)
    label_ja = models.CharField(_("label (Japanese)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # In a multiple-choice question, an option such as 「参照していない」 that cannot be
    # ticked together with any other.
    exclusive = models.BooleanField(_("excludes the other options"), default=False)

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_unique_code"),
        ]

    @property
    def label(self) -> str:
        return (self.label_en or self.label_ja) if _english() else self.label_ja

    def __str__(self) -> str:
        return self.label


# --- Rounds, sheets, answers --------------------------------------------------

class Round(Bilingual):
    """A follow-up round: one fiscal year, one questionnaire version, one sheet per agency."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="rounds")
    opens_on = models.DateField(_("opening date"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    targets = models.ManyToManyField(Agency, related_name="rounds", verbose_name=_("target agencies"))

    class Population(models.TextChoices):
        ALL_KOKKEN = "all_kokken", _("All national R&D agencies of the fiscal year")
        COMPETITIVE_FUNDING = "competitive_funding", _(
            "National R&D agencies with a competitive research funding programme")
        # The two populations of 図11's surveys (agreement line 614), by kind and flag: the
        # agreement names none of the outside bodies, so they hold whichever the data has.
        RESEARCH_BODIES = "research_bodies", _(
            "Research bodies: the national R&D agencies and the other incorporated "
            "administrative agencies of the fiscal year (研究機関等)")
        FUNDING_BODIES = "funding_bodies", _(
            "Funding bodies: every body of the fiscal year with a competitive research "
            "funding programme (研究資金配分機関等)")
        CUSTOM = "custom", _("A list of bodies chosen for this round")

    # Who the round surveys; ``targets`` holds the bodies it resolved to when created.
    population = models.CharField(_("target population"), max_length=24,
                                  choices=Population.choices, default=Population.ALL_KOKKEN)
    population_name_ja = models.CharField(
        _("name of the population (Japanese)"), max_length=100, blank=True,
        help_text=_("For a chosen list, e.g. 研究機関等（国立研究開発法人）."))
    population_name_en = models.CharField(_("name of the population (English)"),
                                          max_length=100, blank=True)
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder (days before due date)"), default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "-created_at"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("opens_on")),
                                   name="round_due_after_opening"),
        ]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def population_name(self) -> str:
        """The population's own name, else the name of its kind."""
        english = _english()
        name = (self.population_name_en or self.population_name_ja) if english \
            else (self.population_name_ja or self.population_name_en)
        return name or str(self.get_population_display())

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def days_to_due(self, today=None) -> int:
        """Days left until the due date (negative when overdue)."""
        today = today or timezone.localdate()
        return (self.due_on - today).days


class SheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        from kokken import access

        return access.scope(self, user)


class Sheet(models.Model):
    """One agency's response to one round."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="sheets")
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.NOT_STARTED)
    # Optimistic concurrency: every change to the sheet's answers or state bumps it.
    version = models.PositiveIntegerField(_("version"), default=0)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SheetQuerySet.as_manager()

    class Meta:
        ordering = ["round", "agency__code"]
        verbose_name = _("response sheet")
        verbose_name_plural = _("response sheets")
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="sheet_one_per_agency"),
        ]

    # Not AWAITING_APPROVAL: what the approver signs is exactly what was handed to them;
    # to change it, the approver sends it back (with a note) and it is editable again.
    EDITABLE_STATES = {State.NOT_STARTED, State.IN_PROGRESS, State.RETURNED}

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES and self.round.is_open

    def __str__(self) -> str:
        return f"{self.round} / {self.agency.abbr}"


class Answer(models.Model):
    """The answer to one question on one sheet, in the column its kind uses."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(_("choice"), max_length=40, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    number = models.DecimalField(_("number"), max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    # Optimistic concurrency per answer: the sheet version its last change produced.
    # A page that loaded the sheet at version v conflicts only on answers with version > v.
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "question"], name="answer_one_per_question"),
        ]


def evidence_path(instance: Evidence, filename: str) -> str:
    sheet = instance.answer.sheet
    return f"evidence/{sheet.round_id}/{sheet.agency_id}/{instance.answer_id}/{filename}"


class Evidence(models.Model):
    """A file attached to an answer. Served only through an access-checked view."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class AnswerChange(models.Model):
    """History of every answer change: who, when, old → new (written by services only)."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="changes")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    old = models.JSONField(_("old value"), null=True)
    new = models.JSONField(_("new value"), null=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=20, default="form")
    # The sheet's version this change produced: a stale editor sees what came after theirs.
    sheet_version = models.PositiveIntegerField(_("sheet version"), default=0)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("answer change")
        verbose_name_plural = _("answer changes")


class Transition(models.Model):
    """A change of a sheet's state: who, when, from, to, comment."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=Sheet.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Sheet.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")


class ReviewComment(models.Model):
    """A reviewer's comment on one question (or the whole sheet when question is empty)."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # A comment is settled (対応済み) when the thread has answered it; it can be reopened.
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class CommentReply(models.Model):
    """A reply in a reviewer comment's thread, by the agency or a reviewer."""

    comment = models.ForeignKey(ReviewComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reply to a comment")
        verbose_name_plural = _("replies to comments")


class AcceptedSnapshot(models.Model):
    """Exactly what a reviewer accepted, kept whatever changes afterwards."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="snapshots")
    data = models.JSONField(_("answers"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("accepted snapshot")
        verbose_name_plural = _("accepted snapshots")


class Reminder(models.Model):
    """A reminder sent to an agency for a round; never twice on the same day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16)  # "before_due" | "overdue" | "manual"
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency", "day"], name="reminder_once_a_day"),
        ]


# --- Reports --------------------------------------------------------------------

class ReportJob(models.Model):
    """A PDF report of a round and its generation status, which the page polls.

    One row per report (annual / one agency / one ministry of a round): asking
    again regenerates it, and the previous file stays downloadable until the new
    one atomically replaces it. A failed run keeps the previous file.
    """

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual follow-up report")
        AGENCY = "agency", _("Agency report")
        MINISTRY = "ministry", _("Ministry report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_jobs")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    ministry = models.ForeignKey("kokken.Ministry", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=8, default="ja")
    # Which sheets the figures count (agreements.aggregation.Basis): accepted ones for a
    # report that may be published, submitted and accepted ones for a working copy.
    basis = models.CharField(_("basis of the figures"), max_length=16, default="accepted",
                             choices=[("accepted", _("Accepted sheets only")),
                                      ("submitted", _("Submitted and accepted sheets"))])
    # Free-text annex: anonymous unless the secretariat chose to name the agencies.
    name_agencies = models.BooleanField(_("name agencies in the free-text annex"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("reason for failure"), blank=True)
    file = models.FileField(_("file"), upload_to="reports/", max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.CheckConstraint(
                name="reportjob_subject_matches_kind",
                condition=(
                    Q(kind="annual", agency__isnull=True, ministry__isnull=True)
                    | Q(kind="agency", agency__isnull=False, ministry__isnull=True)
                    | Q(kind="ministry", agency__isnull=True, ministry__isnull=False)
                ),
            ),
            models.CheckConstraint(name="reportjob_progress_percent",
                                   condition=Q(progress__lte=100)),
            models.UniqueConstraint(fields=["round", "kind"], condition=Q(kind="annual"),
                                    name="reportjob_one_annual_per_round"),
            models.UniqueConstraint(fields=["round", "agency"], condition=Q(kind="agency"),
                                    name="reportjob_one_per_agency"),
            models.UniqueConstraint(fields=["round", "ministry"], condition=Q(kind="ministry"),
                                    name="reportjob_one_per_ministry"),
        ]

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def subject(self):
        return self.agency or self.ministry

    def __str__(self) -> str:
        subject = self.subject
        return f"{self.get_kind_display()} {self.round.fiscal_year}" + (f" {subject}" if subject else "")


# --- Government-side actions (「政府が取り組むべき事項」) ---------------------------------

def government_evidence_path(instance: GovernmentAction, filename: str) -> str:
    actor = instance.ministry.code if instance.ministry_id else "CSTI"
    return f"government/{instance.fiscal_year}/{actor}/{instance.item.code}/{filename}"


class GovernmentAction(models.Model):
    """What one ministry (or the CSTI secretariat) did in a fiscal year on one
    government-side item of the agreement (I-G1 … II-4-G5).

    ``ministry`` is None for the Cabinet Office's CSTI secretariat, which records
    its own actions; a ministry's reviewers record the ministry's.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable to this body")

    item = models.ForeignKey(AgreementItem, on_delete=models.PROTECT, related_name="actions",
                             limit_choices_to={"side": AgreementItem.Side.GOVERNMENT},
                             verbose_name=_("agreement item"))
    ministry = models.ForeignKey(Ministry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="government_actions", verbose_name=_("ministry"))
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.NOT_STARTED)
    description = models.TextField(_("what was done"), max_length=4000, blank=True)
    done_on = models.DateField(_("date"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence (file)"), upload_to=government_evidence_path,
                                     blank=True, max_length=300)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="government_actions",
                                      verbose_name=_("agencies concerned"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "item__order", "ministry__order"]
        verbose_name = _("government-side action")
        verbose_name_plural = _("government-side actions")
        constraints = [
            models.UniqueConstraint(fields=["item", "ministry", "fiscal_year"],
                                    condition=Q(ministry__isnull=False),
                                    name="government_action_one_per_ministry"),
            models.UniqueConstraint(fields=["item", "fiscal_year"],
                                    condition=Q(ministry__isnull=True),
                                    name="government_action_one_for_secretariat"),
        ]


class PlanReflection(models.Model):
    """I-G1: whether the agreement is reflected in an agency's 中長期目標 / 中長期計画,
    for the plan period in force in the fiscal year (recorded by a supervising ministry)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="plan_reflections",
                               verbose_name=_("agency"))
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    period_start = models.PositiveIntegerField(_("plan period: first fiscal year"))
    period_end = models.PositiveIntegerField(_("plan period: last fiscal year"))
    in_objectives = models.BooleanField(_("reflected in the 中長期目標"), default=False)
    in_plan = models.BooleanField(_("reflected in the 中長期計画"), default=False)
    progress_evaluated = models.BooleanField(_("progress evaluated"), default=False)
    note = models.TextField(_("where and how"), max_length=2000, blank=True)
    evidence_url = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "agency__code"]
        verbose_name = _("reflection in the mid- to long-term objectives")
        verbose_name_plural = _("reflections in the mid- to long-term objectives")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"],
                                    name="plan_reflection_one_per_year"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="plan_reflection_period_ordered"),
        ]
