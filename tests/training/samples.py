"""Access-matrix samples for the II-2 URLs: each belongs to RIKEN."""

from tests.access_samples import sample
from tests.training import factories


@sample("programme")
def _programme(cast):
    return factories.programme(cast.agency).pk


@sample("seatrequest")
def _seatrequest(cast):
    """RIKEN's request for seats in a NIMS programme."""
    return factories.seat_request(cast.agency, factories.programme(factories.nims())).pk
