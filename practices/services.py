"""Writes to the good-practice database. Pages, the Excel import, the fixture loader and
the demo call these; each checks access itself (kokken.access), whoever calls it.

States: draft → submitted → published → withdrawn (→ draft again to rework it). Every
change is a ``save()`` on a tracked model, so the entry's history records it and who acted.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokken import access, history
from kokken.access import Perm

from .models import Practice

State = Practice.State


def practice_save(*, instance: Practice, user) -> Practice:
    """Save a draft of the proposing agency's entry (its editors and approvers)."""
    access.require(user, Perm.EDIT, instance.agency_id)
    if instance.pk and not Practice.objects.filter(pk=instance.pk,
                                                   state=State.DRAFT).exists():
        raise ValidationError(_("Only a draft can be changed."))
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


def practice_delete(*, instance: Practice, user) -> None:
    """Delete a draft (a published entry is withdrawn, never deleted: others link to it)."""
    access.require(user, Perm.EDIT, instance.agency_id)
    if instance.state != State.DRAFT:
        raise PermissionDenied
    instance.delete()


# Who may move an entry from one state to another (checked in ``practice_transition``):
# "agency" = EDIT on the proposing agency, "publisher" = access.may_publish_practice.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, State.SUBMITTED): "agency",
    (State.SUBMITTED, State.DRAFT): "agency",        # the agency takes it back to rework
    (State.SUBMITTED, State.PUBLISHED): "publisher",
    (State.SUBMITTED, State.WITHDRAWN): "publisher",  # not taken for publication
    (State.PUBLISHED, State.WITHDRAWN): "publisher",
    (State.WITHDRAWN, State.DRAFT): "agency",
}


def allowed_transitions(*, practice: Practice, user) -> list[str]:
    """The states ``user`` may move ``practice`` to (the detail page's buttons)."""
    return [to for (frm, to), who in TRANSITIONS.items()
            if frm == practice.state and _may(who, user, practice)]


def _may(who: str, user, practice: Practice) -> bool:
    if who == "agency":
        return access.can(user, Perm.EDIT, practice.agency_id)
    return access.may_publish_practice(user, practice.agency_id)


@history.by_user
def practice_transition(*, practice: Practice, to: str, user) -> Practice:
    """Move the entry to state ``to``. Raises PermissionDenied without the right (nothing
    is written) and ValidationError for a move its state does not allow."""
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        who = TRANSITIONS.get((practice.state, to))
        if who is None:
            raise ValidationError(_("This entry cannot go from “%(from)s” to “%(to)s”.") % {
                "from": practice.get_state_display(), "to": State(to).label
                if to in State.values else to})
        if not _may(who, user, practice):
            raise PermissionDenied
        now = timezone.now()
        practice.state = to
        if to == State.SUBMITTED:
            practice.submitted_at = now
        elif to == State.PUBLISHED:
            practice.published_at, practice.published_by = now, user
        if to != State.PUBLISHED:
            practice.featured = False
        practice.updated_by = user
        practice.save()
    return practice


@history.by_user
def practice_feature(*, practice: Practice, featured: bool, user) -> Practice:
    """The secretariat marks a published entry as featured on the home pages (or not)."""
    if not access.may_feature_practices(user):
        raise PermissionDenied
    if featured and practice.state != State.PUBLISHED:
        raise ValidationError(_("Only a published entry can be featured."))
    practice.featured = featured
    practice.updated_by = user
    practice.save()
    return practice


def examples_load() -> int:
    """Placeholder until the agreement's examples are loaded (step 4)."""
    return 0
