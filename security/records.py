"""II-4's one-record-per-year forms (kokken/records.py): the foundations (①), export control
(②), trade secrets (③) and the challenges of 図12."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kokken.records import AnnualRecord, yearly

from . import forms, selectors, services, views
from .models import Challenges, ExportControl, Foundations, TradeSecrets

COMMON = {"namespace": "security", "template": "kokken/register_form.html",
          "context": views._base, "year": lambda request, agency: views._year(request),
          "back": views._chapter_url}

FOUNDATIONS = AnnualRecord(
    **COMMON, key="foundations", segment="foundations/", form=forms.FoundationsForm,
    model=Foundations, load=selectors.record_of(Foundations),
    save=yearly(services.foundations_save),
    labels={"title": _("Foundations of research security and integrity"),
            "intro": _("Agreement II-4 ①: an office that handles research security and "
                       "integrity across the organisation and a consultation desk; regular "
                       "follow-up of the outside activities declared at hiring against other "
                       "information; active monitoring; training with case videos; materials "
                       "in other languages. Objective reviews are recorded in their own "
                       "register."),
            "saved": _("Foundations saved.")})

EXPORT_CONTROL = AnnualRecord(
    **COMMON, key="export_control", segment="export-control/", form=forms.ExportControlForm,
    model=ExportControl, load=selectors.record_of(ExportControl),
    save=yearly(services.export_control_save),
    labels={"title": _("Export control (安全保障貿易管理)"),
            "intro": _("Agreement II-4 ②: internal export-control rules under the 輸出者等"
                       "遵守基準, deemed exports (みなし輸出) since the May 2022 clarification, "
                       "the fiscal year's classification determinations (該非判定) and licence "
                       "applications, the advisor dispatch programme, seminars, and screening "
                       "of partners by their publications."),
            "saved": _("Export control saved.")})

TRADE_SECRETS = AnnualRecord(
    **COMMON, key="trade_secrets", segment="trade-secrets/", form=forms.TradeSecretsForm,
    model=TradeSecrets, load=selectors.record_of(TradeSecrets),
    save=yearly(services.trade_secrets_save),
    labels={"title": _("Trade secrets (不正競争防止法)"),
            "intro": _("Agreement II-4 ③ (図8): information classified by level, managed "
                       "areas with a responsible person each, network connections restricted "
                       "by level, and the guidelines followed. Counts only, no names."),
            "saved": _("Trade secrets saved.")})

CHALLENGES = AnnualRecord(
    **COMMON, key="challenges", segment="challenges/", form=forms.ChallengesForm,
    model=Challenges, load=selectors.record_of(Challenges),
    save=yearly(services.challenges_save), bind_empty=True,
    labels={"title": _("Challenges (図12)"),
            "intro": _("Tick the challenges your agency faces in research security and "
                       "integrity (the list of 図12). The secretariat sees them counted across "
                       "agencies."),
            "saved": _("Challenges saved.")})

RECORDS = [FOUNDATIONS, EXPORT_CONTROL, TRADE_SECRETS, CHALLENGES]
