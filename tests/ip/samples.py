"""Access-matrix samples for the II-3 URLs: each belongs to RIKEN."""

from tests.access_samples import sample
from tests.ip import factories


@sample("coicase")
def _coicase(cast):
    return factories.case(cast.agency, days=30).pk


@sample("startup")
def _startup(cast):
    return factories.startup(cast.agency).pk
