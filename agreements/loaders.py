"""Loading the agreement's structure and questionnaires from JSON in fixtures/.

Idempotent: rows are matched by their codes. A questionnaire version that a round
already uses (locked) is never changed: loading keeps the stored version as it is.

Formats (see fixtures/agreement/ and fixtures/questionnaires/):

agreement::

    {"code": "2024-03-29", "date": "2024-03-29", "title_ja": "...", "title_en": "...",
     "items": [{"code": "II-1", "kind": "chapter", "side": "", "title_ja": "...",
                "title_en": "...", "text_ja": "...", "children": [...]}]}

questionnaire::

    {"code": "integrity", "version": 1, "agreement": "2024-03-29",
     "title_ja": "...", "title_en": "...", "description_ja": "", "description_en": "",
     "sections": [{"code": "S1", "title_ja": "...", "title_en": "...", "chapter": "II-4",
        "questions": [{"code": "INT-Q1-1", "kind": "single", "text_ja": "...", "text_en": "...",
            "help_ja": "", "help_en": "", "required": true, "max_length": null,
            "options": [{"code": "done", "label_ja": "...", "label_en": "..."}],
            "show_if": {"question": "INT-Q1-1", "values": ["not_done"]},
            "refines_parent": false, "items": ["II-4-A1"],
            "applies_to": "designated"}]}]}

``applies_to`` (optional): ask the question only of the bodies with that ``Agency`` flag
(``designated``, ``funding_agency``, ``competitive_funding``); a conditional question
takes its parent's.

Yes/no questions get the options ``yes`` (はい) and ``no`` (いいえ) without listing them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
YES_NO = [{"code": "yes", "label_ja": "はい", "label_en": "Yes"},
          {"code": "no", "label_ja": "いいえ", "label_en": "No"}]


# Multiple choice answers in one Excel cell are option labels joined by 「；」 (";" is read
# the same): a label containing either could not be read back, so loading refuses it.
MULTI_SEPARATORS = ("；", ";")


class LoadError(Exception):
    pass


def check_labels(data: dict) -> None:
    """Refuse option labels that contain the multiple-choice separator."""
    for srow in data["sections"]:
        for qrow in srow["questions"]:
            for orow in qrow.get("options") or []:
                for key in ("label_ja", "label_en"):
                    label = orow.get(key) or ""
                    if any(sep in label for sep in MULTI_SEPARATORS):
                        raise LoadError(
                            f"{qrow['code']}: option {orow['code']!r} {key} {label!r} contains "
                            f"{' or '.join(MULTI_SEPARATORS)}, which separates multiple choices "
                            "in Excel; use another character")


def read(path: Path | str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_agreement(data: dict, *, models) -> object:
    Agreement, AgreementItem = models.Agreement, models.AgreementItem
    agreement, _ = Agreement.objects.update_or_create(
        code=data["code"],
        defaults={"date": date.fromisoformat(data["date"]), "title_ja": data["title_ja"],
                  "title_en": data.get("title_en", "")},
    )
    counter = iter(range(1, 100000))

    def walk(items, parent):
        for row in items:
            item, _ = AgreementItem.objects.update_or_create(
                agreement=agreement, code=row["code"],
                defaults={"parent": parent, "kind": row["kind"], "side": row.get("side", ""),
                          "title_ja": row["title_ja"], "title_en": row.get("title_en", ""),
                          "text_ja": row.get("text_ja", ""), "order": next(counter)},
            )
            walk(row.get("children", []), item)

    walk(data["items"], None)
    return agreement


def load_questionnaire(data: dict, *, models) -> object:
    check_labels(data)
    Questionnaire = models.Questionnaire
    existing = Questionnaire.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None and existing.locked_at is not None:
        return existing  # used by a round: immutable
    agreement = None
    if data.get("agreement"):
        agreement = models.Agreement.objects.get(code=data["agreement"])
    questionnaire, _ = Questionnaire.objects.update_or_create(
        code=data["code"], version=data["version"],
        defaults={"agreement": agreement, "title_ja": data["title_ja"],
                  "title_en": data.get("title_en", ""),
                  "description_ja": data.get("description_ja", ""),
                  "description_en": data.get("description_en", "")},
    )
    items = {}
    if agreement is not None:
        items = {i.code: i for i in models.AgreementItem.objects.filter(agreement=agreement)}
    questions = {}
    order = 0
    for s_order, srow in enumerate(data["sections"], start=1):
        section, _ = models.Section.objects.update_or_create(
            questionnaire=questionnaire, code=srow["code"],
            defaults={"title_ja": srow["title_ja"], "title_en": srow.get("title_en", ""),
                      "order": s_order, "chapter": srow.get("chapter", "")},
        )
        for qrow in srow["questions"]:
            order += 1
            show_if = qrow.get("show_if") or {}
            parent = None
            if show_if:
                try:
                    parent = questions[show_if["question"]]
                except KeyError:
                    raise LoadError(f"{qrow['code']}: show_if names {show_if['question']!r}, "
                                    "which must come earlier") from None
            audience = _audience(qrow, parent)
            extra = {}
            if any(f.name == "applies_to" for f in models.Question._meta.get_fields()):
                extra["applies_to"] = audience
            question, _ = models.Question.objects.update_or_create(
                questionnaire=questionnaire, code=qrow["code"],
                defaults={**extra, "section": section, "kind": qrow["kind"],
                          "text_ja": qrow["text_ja"],
                          "text_en": qrow.get("text_en", ""), "help_ja": qrow.get("help_ja", ""),
                          "help_en": qrow.get("help_en", ""),
                          "required": qrow.get("required", True), "order": order,
                          "max_length": qrow.get("max_length"),
                          "show_if_question": parent,
                          "show_if_values": show_if.get("values", []),
                          "refines_parent": qrow.get("refines_parent", False)},
            )
            options = qrow.get("options") or (YES_NO if qrow["kind"] == "yes_no" else [])
            keep = []
            # Historical models (the data migration that first loaded the fixtures) may
            # predate later option fields.
            has_exclusive = any(f.name == "exclusive" for f in models.Option._meta.get_fields())
            for o_order, orow in enumerate(options, start=1):
                defaults = {"label_ja": orow["label_ja"], "label_en": orow.get("label_en", ""),
                            "order": o_order}
                if has_exclusive:
                    defaults["exclusive"] = orow.get("exclusive", False)
                models.Option.objects.update_or_create(
                    question=question, code=orow["code"], defaults=defaults)
                keep.append(orow["code"])
            question.options.exclude(code__in=keep).delete()
            unknown = [c for c in qrow.get("items", []) if c not in items]
            if unknown:
                raise LoadError(f"{qrow['code']}: unknown agreement items {unknown}")
            question.items.set([items[c] for c in qrow.get("items", [])])
            questions[question.code] = question
    return questionnaire


AUDIENCES = ("", "designated", "funding_agency", "competitive_funding")  # models.Audience


def _audience(qrow: dict, parent) -> str:
    """Who the question is asked of: its own ``applies_to``, else its parent's (a question
    that follows from an answer is asked of the same bodies as that answer)."""
    own = qrow.get("applies_to") or ""
    if own not in AUDIENCES:
        raise LoadError(f"{qrow['code']}: applies_to {own!r} is not one of {AUDIENCES}")
    inherited = getattr(parent, "applies_to", "") if parent is not None else ""
    if own and inherited and own != inherited:
        raise LoadError(f"{qrow['code']}: applies_to {own!r} differs from its parent's "
                        f"{inherited!r}")
    return own or inherited


class _Models:
    """The current models, for loading outside migrations."""

    def __getattr__(self, name):
        from django.apps import apps

        return apps.get_model("agreements", name)


@transaction.atomic
def load_all(models=None) -> tuple[int, int]:
    """Every agreement and questionnaire under fixtures/ (agreements first)."""
    models = models or _Models()
    agreements = sorted((FIXTURES / "agreement").glob("*.json"))
    questionnaires = sorted((FIXTURES / "questionnaires").glob("*.json"))
    for path in agreements:
        load_agreement(read(path), models=models)
    for path in questionnaires:
        load_questionnaire(read(path), models=models)
    return len(agreements), len(questionnaires)
