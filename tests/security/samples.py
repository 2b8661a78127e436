"""Access-matrix samples for the II-4 URLs: each belongs to RIKEN."""

from tests.access_samples import sample
from tests.security import factories


@sample("incident")
def _incident(cast):
    return factories.incident(cast.agency).pk


@sample("review")
def _review(cast):
    return factories.review(cast.agency).pk


@sample("control")
def _control(cast):
    return factories.control(cast.agency, "a_access").pk
