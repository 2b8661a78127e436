"""Access-matrix samples for the good-practice URLs: each belongs to RIKEN."""

from practices.models import Practice
from tests.access_samples import sample
from tests.practices import factories


@sample("practice")
def _practice(cast):
    """RIKEN's entry, submitted and not yet published: outsiders must not learn it exists."""
    return factories.practice(cast.agency, state=Practice.State.SUBMITTED).pk
