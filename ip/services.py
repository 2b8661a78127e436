"""Writes to the II-3 registers. Pages, imports and the API call these; each checks access
itself (kokken.access.require). COI/COC cases are restricted: the agency's approvers write
them (Perm.APPROVE), as II-4's incidents."""

from __future__ import annotations

from kokken import access, history, records
from kokken.access import Perm
from kokken.models import Agency

from .models import CoiCase, CoiRules, IpManagement, Startup


@history.by_user
def startup_save(*, instance: Startup, user) -> Startup:
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


@history.by_user
def startup_delete(*, instance: Startup, user) -> None:
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.delete()


@history.by_user
def case_save(*, instance: CoiCase, user) -> CoiCase:
    access.require(user, Perm.APPROVE, instance.agency_id)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


@history.by_user
def case_delete(*, instance: CoiCase, user) -> None:
    access.require(user, Perm.APPROVE, instance.agency_id)
    instance.delete()


def management_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> IpManagement:
    return records.record_save(IpManagement, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)


def rules_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> CoiRules:
    return records.record_save(CoiRules, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)
