"""Writes to the II-3 registers. Pages, imports and the API call these; each checks access
itself (kokken.access.require). COI/COC cases are restricted: the agency's approvers write
them (Perm.APPROVE), as II-4's incidents."""

from __future__ import annotations

from django.db import transaction

from kokken import access, history
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


def _record_save(model, *, agency: Agency, fiscal_year: int, values: dict, user):
    """Save the agency's one record of ``model`` for the year. Two first saves at once give
    one row (the agency's row lock serialises them; the unique constraint stays behind)."""
    access.require(user, Perm.EDIT, agency)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        record = (model.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
                  or model(agency=agency, fiscal_year=fiscal_year))
        for name, value in values.items():
            setattr(record, name, value)
        record.updated_by = user
        record.full_clean()
        record.save()
    return record


@history.by_user
def management_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> IpManagement:
    return _record_save(IpManagement, agency=agency, fiscal_year=fiscal_year, values=values,
                        user=user)


@history.by_user
def rules_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> CoiRules:
    return _record_save(CoiRules, agency=agency, fiscal_year=fiscal_year, values=values,
                        user=user)
