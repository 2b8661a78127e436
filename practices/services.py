"""Writes to the good-practice database. Pages, the Excel import, the fixture loader and
the demo call these; each checks access itself (kokken.access), whoever calls it.

States: draft → submitted → published → withdrawn (→ draft again to rework it). Every
change is a ``save()`` on a tracked model, so the entry's history records it and who acted.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokken import access, history
from kokken.access import Perm
from kokken.models import Agency

from .models import Attachment, Practice, Source

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
    """The secretariat or a council curator marks a published entry as featured on the
    home pages (or not)."""
    if not access.may_feature_practices(user):
        raise PermissionDenied
    if featured and practice.state != State.PUBLISHED:
        raise ValidationError(_("Only a published entry can be featured."))
    practice.featured = featured
    practice.updated_by = user
    practice.save()
    return practice


@history.by_user
def survey_result_record(*, values: dict, user) -> Practice:
    """Record a result of a council survey (II-4-A1: 国研協のアンケートから得られた好事例や
    教訓) as a published entry of no agency, source = council survey. The council's
    curators and the secretariat (``access.curates_practices``); PermissionDenied otherwise,
    nothing written."""
    if not access.curates_practices(user):
        raise PermissionDenied
    now = timezone.now()
    entry = Practice(**values, agency=None, source=Source.SURVEY, state=State.PUBLISHED,
                     published_at=now, published_by=user, updated_by=user)
    entry.full_clean()
    entry.save()
    return entry


MAX_ATTACHMENTS = 10


@history.by_user
def attachment_add(*, practice: Practice, upload, user) -> Attachment:
    """Attach a file (checked by the form: type from its content, size) to a draft of the
    proposing agency's entry. PermissionDenied without EDIT on that agency; ValidationError
    once the entry left the draft (what was submitted is what is published)."""
    access.require(user, Perm.EDIT, practice.agency_id)
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        if not practice.is_editable:
            raise ValidationError(_("Files are attached to a draft only. Withdraw the entry "
                                    "and return it to draft first."))
        if practice.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(_("An entry has at most %(n)s files.") % {
                "n": MAX_ATTACHMENTS})
        attachment = Attachment(practice=practice, name=upload.name[:255],
                                content_type=getattr(upload, "kokken_content_type", ""),
                                size=upload.size, updated_by=user)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    return attachment


@history.by_user
def attachment_delete(*, attachment: Attachment, user) -> None:
    """Remove a file from a draft; the stored file goes once the change commits."""
    practice = attachment.practice
    access.require(user, Perm.EDIT, practice.agency_id)
    if not Practice.objects.filter(pk=practice.pk, state=State.DRAFT).exists():
        raise ValidationError(_("Files are removed from a draft only. Withdraw the entry "
                                "and return it to draft first."))
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


EXAMPLES = Path(settings.BASE_DIR) / "fixtures" / "practices" / "agreement-examples.json"
AGREEMENT_YEAR = 2023  # 令和6年3月29日: the agreement belongs to FY2023 (令和5年度)


def examples_load(*, path: Path = EXAMPLES) -> int:
    """Load the examples the agreement itself names (fixtures/practices/agreement-
    examples.json: agency, chapter, section, title, the agreement's own words, the lines
    they come from), published. Idempotent (by title, source). Reference data, not a user's
    write: no access check, history says 「システム」."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    codes = {e["agency"] for e in entries if e["agency"]} | {
        code for e in entries for code in e["partners"]}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    known = set(Practice.objects.filter(source=Source.AGREEMENT).values_list("title_ja",
                                                                             flat=True))
    now = timezone.now()
    new = [Practice(
        agency=agencies.get(e["agency"] or ""), fiscal_year=AGREEMENT_YEAR,
        title_ja=e["title_ja"], title_en=e["title_en"], summary_ja=e["summary_ja"],
        body=e["body"], chapter=e["chapter"], section=e["section"], tags=e["tags"],
        questions=e["questions"], reference=e["reference"], source=Source.AGREEMENT,
        state=State.PUBLISHED, published_at=now) for e in entries
        if e["title_ja"] not in known]
    for entry in new:
        entry.full_clean(exclude=["agency"])
    created = Practice.objects.bulk_create(new)
    partners = {e["title_ja"]: e["partners"] for e in entries}
    Practice.partners.through.objects.bulk_create([
        Practice.partners.through(practice_id=entry.pk, agency_id=agencies[code].pk)
        for entry in created for code in partners[entry.title_ja] if code in agencies])
    return len(created)
