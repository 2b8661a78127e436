"""The follow-up rounds panel on every home page (registered like a chapter's panels).

The task and rounds panels were half of a home's CPU (issue 18): each is kept as rendered
HTML (``DashboardPanel.cache_key``) under what it shows, read in one query per request that
every panel of the home shares: the state of an agency's open sheets (:func:`_agency_key`),
or the open rounds and the state of their sheets (:func:`open_rounds_state`); the sheets
themselves are read only to render a panel again. Saving an answer,
uploading a file and every transition bump the sheet's version and its last change, opening
or closing a round changes the open rounds, a comment changes the agency's count of open
comments: each is a new key at once. The viewer's scope is in every key (the agency, the
agencies a ministry's viewer may see or review, or "every agency"), and so is the one thing
that depends on the viewer beyond it (whether they may approve).
"""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import Count, Q, Window
from django.utils.translation import gettext_lazy as _

from kokken import access, figures
from kokken.access import Perm

from . import contrib, selectors
from .models import Audience, Round, Sheet

DONE = (Sheet.State.SUBMITTED, Sheet.State.ACCEPTED)
_AGENCY_SHEETS = "_agreements_agency_open_sheets"
_AGENCY_STATE = "_agreements_agency_sheets_state"
_OPEN_ROUNDS = "_agreements_open_rounds_state"


def agency_open_sheets(request, agency) -> list[Sheet]:
    """The agency's sheets of open rounds, by due date, with their round and their count of
    unresolved comments (``open_comments``): one query per request for the agency's task
    and rounds panels when they are rendered again (their key is :func:`_agency_key`)."""
    memo = request.__dict__.setdefault(_AGENCY_SHEETS, {})
    if agency.pk not in memo:
        memo[agency.pk] = list(
            Sheet.objects.filter(agency=agency, round__status=Round.Status.OPEN)
            .select_related("round", "agency").order_by("round__due_on")
            .annotate(open_comments=Count("comments", filter=Q(
                comments__resolved_at__isnull=True))))
    return memo[agency.pk]


@functools.cache
def _agency_sheets_sql() -> str:
    """What the agency's panels show of its open sheets, built once per process: each
    sheet's id, state, version, last change and open comments, its round's status, title,
    due date and questionnaire. A cached view needs these only, not the sheets themselves
    (the ORM's query for them was 1.4 ms of the agency home's CPU)."""
    from .models import ReviewComment

    quote = connection.ops.quote_name

    def column(model, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    s = {f: "s." + column(Sheet, f) for f in ("id", "round", "agency", "state", "version",
                                               "updated_at")}
    r = {f: "r." + column(Round, f) for f in ("id", "status", "title_ja", "title_en", "due_on",
                                              "questionnaire")}
    comments = (f"SELECT COUNT(*) FROM {quote(ReviewComment._meta.db_table)} c "
                f"WHERE c.{column(ReviewComment, 'sheet')} = {s['id']} "
                f"AND c.{column(ReviewComment, 'resolved_at')} IS NULL")
    return (f"SELECT {s['id']}, {s['state']}, {s['version']}, {s['updated_at']}, "
            f"({comments}), {r['id']}, {r['status']}, {r['title_ja']}, {r['title_en']}, "
            f"{r['due_on']}, {r['questionnaire']} "
            f"FROM {quote(Sheet._meta.db_table)} s JOIN {quote(Round._meta.db_table)} r "
            f"ON {s['round']} = {r['id']} WHERE {s['agency']} = %s AND {r['status']} = %s "
            f"ORDER BY {r['due_on']}, {s['id']}")


def _agency_key(request, agency) -> tuple:
    """What the agency's panels show of its open sheets (:func:`_agency_sheets_sql`) and the
    agency's flags (which questions apply: the missing answers). One query per request."""
    memo = request.__dict__.setdefault(_AGENCY_STATE, {})
    if agency.pk not in memo:
        with connection.cursor() as cursor:
            cursor.execute(_agency_sheets_sql(), [agency.pk, Round.Status.OPEN.value])
            memo[agency.pk] = tuple(cursor.fetchall())
    return ((agency.pk, tuple(bool(getattr(agency, flag)) for flag in Audience.values if flag)),
            memo[agency.pk])


@functools.cache
def _open_rounds_sql() -> str:
    """Built once per process: the ORM built and compiled the same aggregate on every
    ministry and secretariat home (0.6 ms of CPU)."""
    quote = connection.ops.quote_name
    sheet = {f: quote(Sheet._meta.get_field(f).column) for f in ("round", "updated_at",
                                                                  "version")}
    r = {f: "r." + quote(Round._meta.get_field(f).column)
         for f in ("id", "title_ja", "title_en", "due_on", "status")}
    return (f"SELECT {r['id']}, {r['title_ja']}, {r['title_en']}, {r['due_on']}, "
            f"COUNT(s.{quote('id')}), MAX(s.{sheet['updated_at']}), SUM(s.{sheet['version']}) "
            f"FROM {quote(Round._meta.db_table)} r LEFT JOIN {quote(Sheet._meta.db_table)} s "
            f"ON s.{sheet['round']} = {r['id']} WHERE {r['status']} = %s "
            f"GROUP BY {r['id']}, {r['title_ja']}, {r['title_en']}, {r['due_on']} "
            f"ORDER BY {r['id']}")


def open_rounds_state(request) -> tuple:
    """Every open round (its title and due date) with the number of its sheets, their newest
    change and the sum of their versions: any sheet written since (an answer, a transition)
    or any round opened, closed or edited makes another state. One query per request."""
    state = getattr(request, _OPEN_ROUNDS, None)
    if state is None:
        with connection.cursor() as cursor:
            cursor.execute(_open_rounds_sql(), [Round.Status.OPEN.value])
            state = tuple(cursor.fetchall())
        setattr(request, _OPEN_ROUNDS, state)
    return state


def _open_rounds(agencies):
    """Open rounds with, over ``agencies``, how many sheets there are and how many are in."""
    return list(Round.objects.filter(status=Round.Status.OPEN)
                .annotate(total=Count("sheets", filter=Q(sheets__agency__in=agencies)),
                          done=Count("sheets", filter=Q(sheets__agency__in=agencies,
                                                        sheets__state__in=DONE)))
                .filter(total__gt=0).order_by("due_on"))


def agency_context(*, request, agency, **_kw) -> dict:
    return {"rounds_panel_sheets": agency_open_sheets(request, agency)}


def ministry_context(*, request, ministry, **_kw) -> dict:
    return {"rounds_panel_rounds": _open_rounds(figures.supervised_ids(request, ministry))}


def secretariat_context(*, request, **_kw) -> dict:
    return {"rounds_panel_rounds": _open_rounds(access.agencies(request.user).values("pk"))}


def agency_tasks_context(*, request, agency, **_kw) -> dict:
    return {"tasks": selectors.agency_tasks(request.user, agency,
                                            sheets=agency_open_sheets(request, agency))}


def ministry_tasks_context(*, request, ministry, **_kw) -> dict:
    reviewable = figures.supervised_ids(request, ministry, Perm.REVIEW)
    queue = selectors.review_queue(request.user).filter(agency__in=reviewable)
    # The queue's length rides on its first rows (a window over the whole queue): one query.
    first = list(queue.annotate(queue_length=Window(Count("pk")))[:5]) if reviewable else []
    return {"may_review": bool(reviewable),
            "review_count": first[0].queue_length if first else 0, "review_first": first}


def secretariat_tasks_context(*, request, **_kw) -> dict:
    return {"task_rounds": selectors.round_tasks(access.agencies(request.user))}


def agency_key(*, request, agency, **_kw) -> tuple:
    return _agency_key(request, agency)


def agency_tasks_key(*, request, agency, **_kw) -> tuple:
    # Who may approve sees "awaiting your approval": the one part that is the viewer's.
    parts, version = _agency_key(request, agency)
    return (*parts, access.can(request.user, Perm.APPROVE, agency)), version


def ministry_key(*, request, ministry, **_kw) -> tuple:
    return ((ministry.pk, sorted(figures.supervised_ids(request, ministry))),
            open_rounds_state(request))


def ministry_tasks_key(*, request, ministry, **_kw) -> tuple:
    return ((ministry.pk, sorted(figures.supervised_ids(request, ministry, Perm.REVIEW))),
            open_rounds_state(request))


def secretariat_key(*, request, **_kw) -> tuple | None:
    """Counted over every agency: the same for every viewer who sees them all."""
    if not access.sees_every_agency(request.user):
        return None
    return ("every agency",), open_rounds_state(request)


def register() -> None:
    for audience, context, key in (("agency", agency_tasks_context, agency_tasks_key),
                                   ("ministry", ministry_tasks_context, ministry_tasks_key),
                                   ("secretariat", secretariat_tasks_context, secretariat_key)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"agreements.tasks.{audience}", order=-10, chapter="",
            template=f"agreements/panels/tasks_{audience}.html", context=context,
            audience=frozenset({audience}), cache_key=key))
    template = "agreements/panels/rounds.html"
    for audience, context, key in (("agency", agency_context, agency_key),
                                   ("ministry", ministry_context, ministry_key),
                                   ("secretariat", secretariat_context, secretariat_key)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"agreements.rounds.{audience}", order=0, chapter="", template=template,
            context=context, audience=frozenset({audience}), cache_key=key))

TITLE = _("Open follow-up rounds")
