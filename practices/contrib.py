"""What the good-practice database contributes to the follow-up (agreements.contrib)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken.models import Role

MAX_BESIDE = 5  # under one question; the search page has the rest
MAX_FEATURED = 5  # on a home page
MAX_ON_CHAPTER = 8  # on a chapter page; the search page (filtered by chapter) has the rest
EVERYONE = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER, Role.MINISTRY_REVIEWER,
                      Role.SECRETARIAT})


def register() -> None:
    contrib.register(contrib.NavItem(
        identifier="practices.search", order=90, label=_("Good practices"),
        url_name="practices:search", roles=EVERYONE))
    contrib.register(contrib.QuestionAside(
        identifier="practices.related", order=10, template="practices/aside.html",
        for_questions=related_practices))
    contrib.register(contrib.DashboardPanel(
        identifier="practices.featured", order=90, chapter="",
        template="practices/panels/featured.html", context=featured_panel,
        cache_key=featured_panel_key))
    contrib.register(contrib.ChapterAside(
        identifier="practices.chapter", order=10, template="practices/chapter_aside.html",
        for_chapter=chapter_practices, cache_key=chapter_practices_key))


def featured_panel(*, request, agency=None, ministry=None, fiscal_year=None) -> dict:
    """The entries the secretariat or the council featured, on every home. One query."""
    from kokken import access

    from .models import Practice

    rows = list(access.practices(request.user, Practice.objects.filter(
        state=Practice.State.PUBLISHED, featured=True)).select_related("agency").order_by("-published_at", "title_ja", "id")[
                    :MAX_FEATURED])
    return {"featured_practices": rows}


def featured_panel_key(*, request, fiscal_year: int | None = None, **_kw):
    """What the featured panel's HTML depends on (``DashboardPanel.cache_key``): published
    entries only, the same for every viewer, so the practices' version (featuring, publishing
    or withdrawing an entry writes its history) and the year's agencies (their abbreviations
    name an entry's origin)."""
    from kokken import figures

    return figures.panel_key(request, ["practices"], fiscal_year)


def chapter_practices(*, chapter, agency, user) -> dict | None:
    """The published good practices of a chapter of the agreement, on its chapter page:
    featured first, then by section. One query (the total rides on the rows)."""
    from django.db.models import Count, Window

    from kokken import access
    from kokken.access import Perm

    from .models import Chapter, Practice

    if chapter not in Chapter.values or user is None:
        return None
    rows = list(access.practices(user, Practice.objects.filter(
        state=Practice.State.PUBLISHED, chapter=chapter)).select_related("agency").annotate(
        total=Window(Count("id"))).order_by("-featured", "section", "title_ja", "id")[
        :MAX_ON_CHAPTER])
    propose = ""
    if agency is not None and access.can(user, Perm.EDIT, agency):
        propose = "{}?{}".format(
            reverse("practices:practice_create", kwargs={"agency": agency.code}),
            urlencode({"section": chapter}))
    return {"chapter": chapter, "practices": rows, "total": rows[0].total if rows else 0,
            "search": "{}?{}".format(reverse("practices:search"),
                                     urlencode({"chapter": chapter})),
            "propose": propose}


def chapter_practices_key(*, request, chapter, agency, user):
    """What the chapter aside's HTML depends on (``ChapterAside.cache_key``): published entries
    only, the same for every viewer, so the practices' version (publishing, withdrawing,
    featuring or editing an entry writes its history), every agency's abbreviation (an
    entry's origin; agencies keep no history) and whether the viewer may propose one for the
    page's agency."""
    from kokken import access, figures
    from kokken.access import Perm

    from .models import Chapter

    if chapter not in Chapter.values or user is None:
        return None
    proposes = agency is not None and access.can(user, Perm.EDIT, agency)
    return ((chapter, agency.code if proposes else None, figures.agency_abbreviations(request)),
            figures.registers_version(request, ["practices"]))


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
