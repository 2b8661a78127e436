"""The follow-up rounds panel on every home page (registered like a chapter's panels)."""

from __future__ import annotations

from django.db.models import Count, Q, Window
from django.utils.translation import gettext_lazy as _

from kokken import access
from kokken.access import Perm

from . import contrib, selectors
from .models import Round, Sheet

DONE = (Sheet.State.SUBMITTED, Sheet.State.ACCEPTED)

def _open_rounds(agencies):
    """Open rounds with, over ``agencies``, how many sheets there are and how many are in."""
    return list(Round.objects.filter(status=Round.Status.OPEN)
                .annotate(total=Count("sheets", filter=Q(sheets__agency__in=agencies.values("pk"))),
                          done=Count("sheets", filter=Q(sheets__agency__in=agencies.values("pk"),
                                                        sheets__state__in=DONE)))
                .filter(total__gt=0).order_by("due_on"))

def agency_context(*, request, agency, **_kw) -> dict:
    sheets = (Sheet.objects.filter(agency=agency, round__status=Round.Status.OPEN)
              .select_related("round").order_by("round__due_on"))
    return {"rounds_panel_sheets": list(sheets)}

def ministry_context(*, request, ministry, **_kw) -> dict:
    return {"rounds_panel_rounds": _open_rounds(
        access.agencies(request.user).filter(ministries=ministry))}

def secretariat_context(*, request, **_kw) -> dict:
    return {"rounds_panel_rounds": _open_rounds(access.agencies(request.user))}

def agency_tasks_context(*, request, agency, **_kw) -> dict:
    return {"tasks": selectors.agency_tasks(request.user, agency)}


def ministry_tasks_context(*, request, ministry, **_kw) -> dict:
    reviewable = access.agencies(request.user, Perm.REVIEW).filter(ministries=ministry)
    queue = selectors.review_queue(request.user).filter(agency__in=reviewable.values("pk"))
    # The queue's length rides on its first rows (a window over the whole queue): one query.
    first = list(queue.annotate(queue_length=Window(Count("pk")))[:5])
    return {"may_review": reviewable.exists(),
            "review_count": first[0].queue_length if first else 0, "review_first": first}


def secretariat_tasks_context(*, request, **_kw) -> dict:
    return {"task_rounds": selectors.round_tasks(access.agencies(request.user))}


def register() -> None:
    for audience, context in (("agency", agency_tasks_context),
                              ("ministry", ministry_tasks_context),
                              ("secretariat", secretariat_tasks_context)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"agreements.tasks.{audience}", order=-10, chapter="",
            template=f"agreements/panels/tasks_{audience}.html", context=context,
            audience=frozenset({audience})))
    template = "agreements/panels/rounds.html"
    for audience, context in (("agency", agency_context), ("ministry", ministry_context),
                              ("secretariat", secretariat_context)):
        contrib.register(contrib.DashboardPanel(
            identifier=f"agreements.rounds.{audience}", order=0, chapter="", template=template,
            context=context, audience=frozenset({audience})))

TITLE = _("Open follow-up rounds")
