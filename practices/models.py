"""The good-practice database (好事例データベース) and its entries.

An entry is proposed by one agency (``agency``: whose register it is, who edits it) and
may name the other agencies that run the same practice (``partners``). It belongs to a
chapter and, optionally, a section of the agreement, and may name the questions of the
follow-up questionnaire it answers (``questions``: question codes, which questionnaire
versions keep). States: draft → submitted → published → withdrawn, each change in the
entry's history (``kokken.history.Tracked``). No entry holds a person's name.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokken.history import Stamped, Tracked
from kokken.models import Agency

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
CODE = re.compile(r"^[A-Z]{1,6}-?[A-Z0-9-]{1,30}$")
SECTION = re.compile(r"^(I|II-[1-4])(-S\d+(-\d+)?)?$")


class Chapter(models.TextChoices):
    I = "I", _("I Purpose of the agreement")
    II_1 = "II-1", _("II-1 Pay and personnel")
    II_2 = "II-2", _("II-2 Training")
    II_3 = "II-3", _("II-3 IP and social implementation")
    II_4 = "II-4", _("II-4 Research security and integrity")


class Source(models.TextChoices):
    AGENCY = "agency", _("Proposed by an agency")
    AGREEMENT = "agreement", _("Named in the agreement")
    SURVEY = "survey", _("Council survey (国研協アンケート)")


class Finding(models.TextChoices):
    """What a council survey result (II-4-A1 「国研協のアンケートから得られた好事例や教訓」)
    records: a good practice, or a lesson learnt."""

    PRACTICE = "practice", _("Good practice")
    LESSON = "lesson", _("Lesson learnt")


def split_codes(value: str) -> list[str]:
    """Codes or tags written with commas, 、, or spaces (half- or full-width)."""
    return [part for part in re.split(r"[,，、\s\u3000]+", value or "") if part]


class Practice(Tracked):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # None only for an example the agreement names without an agency (its figures 4, 6, 8,
    # 9: 「国立研究開発法人が実施する…取組の例」) or a council survey result: nobody's
    # register, curated by the secretariat and the council.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                               null=True, blank=True, verbose_name=_("proposing agency"))
    partners = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("other agencies"),
        help_text=_("Other agencies that run the same practice, if any."))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_ja = models.TextField(_("summary (Japanese)"), max_length=1000)
    summary_en = models.TextField(_("summary (English)"), max_length=1000, blank=True)
    body = models.TextField(_("description"), max_length=10000, blank=True,
                            help_text=_("What was done, how, and what came of it. No "
                                        "personal names."))
    chapter = models.CharField(_("chapter of the agreement"), max_length=8,
                               choices=Chapter.choices)
    section = models.CharField(
        _("section of the agreement"), max_length=16, blank=True,
        help_text=_("The agreement's section code, e.g. II-1-S3 for II-1 (3)."))
    reference = models.CharField(
        _("where the agreement names it"), max_length=200, blank=True,
        help_text=_("For an example the agreement itself names: the passage and its lines."))
    tags = models.CharField(_("tags"), max_length=300, blank=True,
                            help_text=_("Separated by commas, e.g. 年俸制, 人事交流."))
    questions = models.CharField(
        _("related questions"), max_length=300, blank=True,
        help_text=_("Question codes of the follow-up questionnaire, e.g. HR-01, SEC-03."))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices,
                              default=Source.AGENCY)
    survey = models.CharField(
        _("council survey"), max_length=200, blank=True,
        help_text=_("For a council survey result: the survey's name, e.g. 国研協 研究セキュリティ"
                    "に関するアンケート."))
    finding = models.CharField(_("kind of finding"), max_length=16, choices=Finding.choices,
                               blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.DRAFT)
    featured = models.BooleanField(_("featured on the home pages"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("published by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("updated by"))

    class Meta:
        ordering = ["-fiscal_year", "title_ja", "id"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="practice_agency_fy"),
                   models.Index(fields=["state", "chapter"], name="practice_state_chapter")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(featured=True) | models.Q(state="published"),
                name="practice_featured_only_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        english = (get_language() or "ja").startswith("en")
        return self.title_en if english and self.title_en else self.title_ja

    @property
    def summary(self) -> str:
        english = (get_language() or "ja").startswith("en")
        return self.summary_en if english and self.summary_en else self.summary_ja

    @property
    def tag_list(self) -> list[str]:
        return split_codes(self.tags)

    @property
    def question_codes(self) -> list[str]:
        return split_codes(self.questions)

    @property
    def is_editable(self) -> bool:
        """Only a draft is edited; a withdrawn entry goes back to draft first."""
        return self.state == self.State.DRAFT

    def clean(self):
        errors = {}
        if self.agency_id is None and self.source == Source.AGENCY:
            errors["__all__"] = _("An entry proposed by an agency names that agency.")
        if self.source == Source.SURVEY:
            if not self.survey.strip():
                errors["survey"] = _("Name the council survey the result comes from.")
            if not self.finding:
                errors["finding"] = _("Say whether it is a good practice or a lesson.")
        elif self.survey or self.finding:
            errors["survey"] = _("Only a council survey result names a survey.")
        if self.pk and not self.is_editable:
            errors["__all__"] = _("Only a draft can be changed. Withdraw the entry and "
                                  "return it to draft first.")
        if self.section:
            self.section = self.section.strip()
            if not SECTION.match(self.section):
                errors["section"] = _("Write a section code of the agreement, e.g. II-1-S3.")
            elif self.chapter and not (self.section == self.chapter
                                       or self.section.startswith(f"{self.chapter}-S")):
                errors["section"] = _("The section is not in the chosen chapter.")
        self.questions = ", ".join(code.upper() for code in split_codes(self.questions))
        bad = [code for code in split_codes(self.questions) if not CODE.match(code)]
        if bad:
            errors["questions"] = _("Not a question code: %(codes)s") % {
                "codes": ", ".join(bad)}
        self.tags = ", ".join(dict.fromkeys(split_codes(self.tags)))
        self.questions = ", ".join(dict.fromkeys(split_codes(self.questions)))
        if errors:
            raise ValidationError(errors)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"practices/{instance.practice_id}/{filename}"


class Attachment(Stamped):
    """A file attached to an entry (a PDF, an Office document, an image): its type decided
    from its content (kokken.uploads, the evidence rules), served only through an
    access-checked, logged download (never MEDIA_URL), as far as the entry is visible."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE,
                                 related_name="attachments", verbose_name=_("good practice"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
