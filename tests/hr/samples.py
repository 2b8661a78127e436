"""Access-matrix samples for the II-1 URLs: each creates a row that belongs to RIKEN."""

from tests.access_samples import sample
from tests.hr import factories


@sample("crossappointment")
def _crossappointment(cast):
    return factories.crossappointment(cast.agency).pk


@sample("secondment")
def _secondment(cast):
    return factories.secondment(cast.agency).pk


@sample("initiative")
def _initiative(cast):
    return factories.initiative(cast.agency).pk
