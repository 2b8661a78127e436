"""II-4 writes. Incidents are written by the agency's approvers only (Perm.APPROVE): the
register is restricted, and its own editors do not see it."""

from __future__ import annotations

from kokken import access, history
from kokken.access import Perm

from .models import Incident


@history.by_user
def incident_save(*, instance: Incident, user) -> Incident:
    access.require(user, Perm.APPROVE, instance.agency_id)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


@history.by_user
def incident_delete(*, instance: Incident, user) -> None:
    access.require(user, Perm.APPROVE, instance.agency_id)
    instance.delete()
