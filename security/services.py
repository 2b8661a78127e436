"""II-4 writes. Incidents are written by the agency's approvers only (Perm.APPROVE): the
register is restricted, and its own editors do not see it. The other registers and annual
records are written by the agency's editors and approvers (Perm.EDIT)."""

from __future__ import annotations

from kokken import access, history, records
from kokken.access import Perm
from kokken.models import Agency

from .models import Challenges, Control, ExportControl, Foundations, Incident, Review, TradeSecrets


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


# --- Row registers: objective reviews, the information-security checklist --------------

@history.by_user
def review_save(*, instance: Review, user) -> Review:
    return _row_save(instance, user)


@history.by_user
def review_delete(*, instance: Review, user) -> None:
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.delete()


@history.by_user
def control_save(*, instance: Control, user) -> Control:
    return _row_save(instance, user)


@history.by_user
def control_delete(*, instance: Control, user) -> None:
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.delete()


def _row_save(instance, user):
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


# --- Annual records: foundations, export control, trade secrets, challenges ------------

def foundations_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> Foundations:
    return records.record_save(Foundations, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)


def export_control_save(*, agency: Agency, fiscal_year: int, values: dict,
                        user) -> ExportControl:
    return records.record_save(ExportControl, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)


def trade_secrets_save(*, agency: Agency, fiscal_year: int, values: dict,
                       user) -> TradeSecrets:
    return records.record_save(TradeSecrets, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)


def challenges_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> Challenges:
    return records.record_save(Challenges, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)
