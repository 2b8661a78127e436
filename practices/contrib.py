"""What the good-practice database contributes to the follow-up (agreements.contrib)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken.models import Role

MAX_BESIDE = 5  # under one question; the search page has the rest
EVERYONE = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER, Role.MINISTRY_REVIEWER,
                      Role.SECRETARIAT})


def register() -> None:
    contrib.register(contrib.NavItem(
        identifier="practices.search", order=90, label=_("Good practices"),
        url_name="practices:search", roles=EVERYONE))
    contrib.register(contrib.QuestionAside(
        identifier="practices.related", order=10, template="practices/aside.html",
        for_questions=related_practices))


def related_practices(*, questions, sheet, user) -> dict:
    """The published good practices beside each question: those naming the question, or
    belonging to a section of the agreement one of its items is in. Two queries."""
    from agreements.models import Question
    from kokken import access
    from kokken.access import Perm

    from . import selectors
    from .models import Practice

    codes: dict[str, set[str]] = {q.code: set() for q in questions}
    links = Question.items.through.objects.filter(
        question_id__in=[q.pk for q in questions]).values_list(
        "question__code", "agreementitem__parent__code")
    for code, section in links:
        if section:
            codes[code].add(section)
    published = access.practices(user, Practice.objects.filter(
        state=Practice.State.PUBLISHED))
    found = selectors.related_to_questions(published, codes=codes)
    create = ""
    if access.can(user, Perm.EDIT, sheet.agency_id):   # propose one's own answer as a practice
        create = reverse("practices:practice_create", kwargs={"agency": sheet.agency.code})
    asides = {}
    for code, rows in found.items():
        propose = ""
        if create:
            query = {"fy": sheet.round.fiscal_year, "question": code}
            if codes[code]:
                query["section"] = min(codes[code])
            propose = f"{create}?{urlencode(query)}"
        if rows or propose:
            asides[code] = {"practices": rows[:MAX_BESIDE], "code": code, "propose": propose,
                            "more": max(0, len(rows) - MAX_BESIDE)}
    return asides
