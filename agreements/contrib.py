"""What chapter apps contribute to the follow-up, without agreements/ importing them.

Chapter apps (hr, training, ip, security) register their contributions from
their ``AppConfig.ready()``::

    from agreements import contrib
    contrib.register(contrib.Chapter(identifier="II-1", app_label="hr", order=1, ...))
    contrib.register(contrib.Indicator(identifier="hr.annual_salary_share", ...))

Imports run one way: chapter → agreements. Registering the same identifier
twice fails at start-up. Everything is read through ``registry``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Chapter:
    """A chapter of the agreement (II-1 … II-4) and the app that tracks it."""

    identifier: str            # "II-1"
    app_label: str             # "hr"
    order: int
    title: Any                 # lazy gettext string
    url_name: str = ""         # the chapter's landing page, reversed with no arguments


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation for the given roles (kokken.models.Role values)."""

    identifier: str
    order: int
    label: Any
    url_name: str
    roles: frozenset[str]
    # Called with the user; returns URL kwargs (e.g. {"agency": user.agency.code}).
    url_kwargs: Callable[[Any], dict] | None = None


@dataclass(frozen=True)
class Indicator:
    """A number the agreement quotes, computed from registers or answers.

    ``compute(fiscal_year=, agencies=)`` receives a queryset of agencies the viewer
    may see and returns an ``IndicatorValue``. It must run a fixed number of queries.
    """

    identifier: str
    order: int
    chapter: str
    label: Any
    compute: Callable[..., IndicatorValue]
    unit: str = "%"
    description: Any = ""


@dataclass
class IndicatorValue:
    value: float | None                      # the all-agency (or selected-agency) figure
    numerator: int | float | None = None
    denominator: int | float | None = None
    per_agency: dict[int, float | None] = field(default_factory=dict)  # agency id → value
    breakdown: list[tuple[Any, float | None]] = field(default_factory=list)  # (label, value)
    # Who the figure is about, stated beside it: 「27 国研」, 「5 機関（国研 4・その他 1）」.
    population: str = ""
    reference_date: Any = None               # the day the figure describes (date), if any
    not_reported: int | None = None          # members of the population without data


@dataclass(frozen=True)
class DashboardPanel:
    """A panel on a home page. ``audience``: "agency", "ministry" and/or "secretariat".

    ``context(request=, agency=, ministry=, fiscal_year=)`` returns the template context;
    the template is included with it.

    ``cache_key`` (optional, same arguments) returns ``(parts, version)`` under which the
    rendered panel is kept (``kokken.figures.cached``: with today's date and the language),
    or None to render it every time. It must cover everything the panel shows, including
    what depends on the viewer (e.g. ``figures.supervised_ids``); a panel showing rows
    restricted to some viewers leaves it out.
    """

    identifier: str
    order: int
    chapter: str
    template: str
    context: Callable[..., dict]
    audience: frozenset[str] = frozenset({"agency", "ministry", "secretariat"})
    cache_key: Callable[..., tuple | None] | None = None


@dataclass(frozen=True)
class ReportSection:
    """A section of the annual report (PDF) and of the Excel export.

    ``context(fiscal_year=, agencies=)`` returns the context for ``pdf_template``, which
    brings its own heading (the report adds only the anchor and the contents entry);
    ``excel_sheets(fiscal_year=, agencies=)`` returns ``kokken.xlsx.table`` sheets, each
    with a ``title`` (one table per sheet, header in the first row).
    """

    identifier: str
    order: int
    chapter: str
    title: Any
    pdf_template: str
    context: Callable[..., dict]
    excel_sheets: Callable[..., list] | None = None


@dataclass(frozen=True)
class LinkedAnswer:
    """A question that restates a chapter register's value (HR-06 salary …).

    The register is the one source: the questionnaire's answer is pre-filled from it and
    shown as linked, with a warning when the two differ. ``value(agency=, fiscal_year=)``
    returns the raw answer (as a form would post it) or None when the register is empty;
    ``url(agency=, fiscal_year=)`` is the register page to correct it.
    """

    identifier: str
    order: int
    chapter: str
    question_code: str
    label: Any
    value: Callable[..., object | None]
    url: Callable[..., str]


@dataclass(frozen=True)
class QuestionAside:
    """Something shown beside each question of a response sheet's section (the published
    good practices related to it: "how others do it").

    ``for_questions(questions=, sheet=, user=)`` receives the section's ``Question`` objects
    and returns ``{question code: context}`` for the questions it has something for, in a
    fixed number of queries whatever the number of questions; ``template`` is included
    under the question with that context as ``aside``.
    """

    identifier: str
    order: int
    template: str
    for_questions: Callable[..., dict]


@dataclass(frozen=True)
class ChapterAside:
    """Something shown on every chapter page (II-1 … II-4: the published good practices of
    that chapter, by section: "how others do it").

    ``for_chapter(chapter=, agency=, user=)`` returns the template's context (included as
    ``aside``) or None to show nothing, in a fixed number of queries (one, for practices).
    Chapter pages show them with ``{% load asides %}{% chapter_asides "II-1" agency %}``,
    so a chapter app names no app that contributes one.

    ``cache_key`` (optional, ``request=`` and the same arguments) returns ``(parts, version)``
    under which the rendered aside is kept (``kokken.figures.cached``), as
    ``DashboardPanel.cache_key`` does, or None to render it every time. It must cover
    everything the aside shows, including what depends on the viewer.
    """

    identifier: str
    order: int
    template: str
    for_chapter: Callable[..., dict | None]
    cache_key: Callable[..., tuple | None] | None = None


KINDS = (Chapter, NavItem, Indicator, DashboardPanel, ReportSection, LinkedAnswer,
         QuestionAside, ChapterAside)


class Registry:
    def __init__(self) -> None:
        self._items: dict[type, dict[str, Any]] = {kind: {} for kind in KINDS}

    def register(self, item: Any) -> Any:
        kind = type(item)
        if kind not in self._items:
            raise TypeError(f"Cannot register {item!r}")
        if item.identifier in self._items[kind]:
            raise ValueError(f"{kind.__name__} {item.identifier!r} is registered twice")
        self._items[kind][item.identifier] = item
        return item

    def _sorted(self, kind: type, chapter: str | None = None) -> list:
        items = self._items[kind].values()
        if chapter is not None:
            items = [i for i in items if getattr(i, "chapter", None) == chapter]
        return sorted(items, key=lambda i: (i.order, i.identifier))

    def chapters(self) -> list[Chapter]:
        return self._sorted(Chapter)

    def nav_items(self) -> list[NavItem]:
        return self._sorted(NavItem)

    def indicators(self, chapter: str | None = None) -> list[Indicator]:
        return self._sorted(Indicator, chapter)

    def indicator(self, identifier: str) -> Indicator:
        return self._items[Indicator][identifier]

    def panels(self, audience: str) -> list[DashboardPanel]:
        return [p for p in self._sorted(DashboardPanel) if audience in p.audience]

    def report_sections(self, chapter: str | None = None) -> list[ReportSection]:
        return self._sorted(ReportSection, chapter)

    def linked_answers(self) -> list[LinkedAnswer]:
        return self._sorted(LinkedAnswer)

    def question_asides(self) -> list[QuestionAside]:
        return self._sorted(QuestionAside)

    def chapter_asides(self) -> list[ChapterAside]:
        return self._sorted(ChapterAside)


registry = Registry()
register = registry.register
